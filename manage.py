#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from config.embedded import prepare_data_dir

    try:
        prepare_data_dir()
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A setting to fix, not a bug: say which, without a traceback.
        sys.exit(f"Configuration error: {error}")


if __name__ == "__main__":
    main()
