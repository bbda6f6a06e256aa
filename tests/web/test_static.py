"""Static files a browser asks for by convention."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_favicon_address_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


def test_pages_and_stylesheet_go_out_compressed(client):
    page = client.get("/", headers={"accept-encoding": "gzip"})
    assert page["Content-Encoding"] == "gzip"
    assert gzip.decompress(page.content).decode().startswith("<!doctype html>")
    css = client.get("/static/css/site.css", headers={"accept-encoding": "gzip"})
    assert css["Content-Encoding"] == "gzip"
    assert b"--note-bg" in gzip.decompress(b"".join(css.streaming_content))
