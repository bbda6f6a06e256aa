"""Django's JSON fixture format, keeping every microsecond of a date-time.

Django's encoder cuts date-times to milliseconds (for JavaScript's sake), so a dump and
reload would shift ``added_at`` and ``updated_at``. Registered as the ``json`` format in
SERIALIZATION_MODULES, so ``backup_archive`` (and any ``dumpdata``) loses nothing; reading is
Django's own.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = django_json.Deserializer
