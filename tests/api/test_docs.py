"""How a client finds its way around the API: the root, the schema and the docs page."""

import pytest

pytestmark = pytest.mark.django_db


def test_api_root_lists_every_endpoint_including_search_schema_and_docs(client):
    root = client.get("/api/").json()
    assert set(root) == {"articles", "stories", "entities", "sources", "search", "schema", "docs"}
    assert root["search"] == "http://testserver/api/search/"
    assert root["schema"] == "http://testserver/api/schema/"
    assert root["docs"] == "http://testserver/api/docs/"


def test_schema_is_json_a_browser_shows_rather_than_downloads(client):
    response = client.get("/api/schema/")
    assert response["Content-Type"] == "application/json"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response.json()["info"]["title"] == "News archive API"
    yaml = client.get("/api/schema/", {"format": "yaml"})
    assert yaml.content.decode().startswith("openapi: 3")


def test_docs_page_is_served_from_the_site_itself(client):
    response = client.get("/api/docs/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<script>" not in page  # its start-up script is a file, for the strict CSP
    script = client.get("/api/docs/", {"script": ""})
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    bundle = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200
