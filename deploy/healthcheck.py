"""The container's HEALTHCHECK: ask the app's health endpoint, exit 0 if it answers 200.

Uses only the standard library (no Django start-up every 30 seconds). It asks the way the
proxy would: over the loopback address, with a host name from ALLOWED_HOSTS and
``X-Forwarded-Proto: https``, so production mode's host check and HTTPS redirect let it in.
Usage: python deploy/healthcheck.py [path]   (default /health/)
"""

import http.client
import os
import sys


def probe_host():
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main(path="/health/"):
    port = os.environ.get("BIND", "127.0.0.1:8000").rsplit(":", 1)[-1]
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
    try:
        connection.request(
            "GET", path, headers={"Host": probe_host(), "X-Forwarded-Proto": "https"}
        )
        status = connection.getresponse().status
    except OSError as error:
        print(f"unhealthy: {error}")
        return 1
    finally:
        connection.close()
    print(f"{path} answered {status}")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
