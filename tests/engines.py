"""Which search engine the suite runs against: Whoosh, or the one SEARCH_URL names
(``.ci/with-solr`` runs the search-facing tests a second time on a SolrCloud)."""

import pytest
from django.conf import settings

from config.search_engines import ENGINES, WHOOSH_ENGINE

ON_WHOOSH = settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"] == WHOOSH_ENGINE
ON_SOLR = settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"] == ENGINES["solr"]

whoosh_only = pytest.mark.skipif(
    not ON_WHOOSH, reason="tests the Whoosh backend's own machinery, which other engines lack"
)
solr_only = pytest.mark.skipif(not ON_SOLR, reason="needs a SolrCloud: run under .ci/with-solr")
