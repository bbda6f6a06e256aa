import pytest

from archive.text.sanitize import disallowed_markup, html_to_text, sanitize_html, text_to_html

HOSTILE = [
    '<script>alert("x")</script><p>Text</p>',
    '<p onclick="alert(1)">Text</p>',
    '<a href="javascript:alert(1)">Text</a>',
    '<a href="JaVaScRiPt:alert(1)">Text</a>',
    '<img src=x onerror="alert(1)"><p>Text</p>',
    "<style>body{display:none}</style><p>Text</p>",
    '<iframe src="https://evil.example/"></iframe><p>Text</p>',
    "<svg><script>alert(1)</script></svg><p>Text</p>",
    '<p style="background:url(javascript:alert(1))">Text</p>',
    '<form action="/x"><input name="a"></form><p>Text</p>',
    "<scr<script>ipt>alert(1)</script><p>Text</p>",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markup_is_removed(hostile):
    clean = sanitize_html(hostile)
    lowered = clean.lower()
    for forbidden in ("<script", "onclick", "onerror", "javascript:", "<style", "<iframe", "<img"):
        assert forbidden not in lowered
    assert "style=" not in lowered
    assert "Text" in clean


def test_allowed_markup_is_kept_and_links_get_safe_rel():
    clean = sanitize_html(
        '<h2>Head</h2><p>An <em>emphasised</em> <a href="https://example.org/x">link</a></p>'
        "<blockquote>quoted</blockquote><ul><li>one</li></ul>"
    )
    assert "<h2>Head</h2>" in clean
    assert "<em>emphasised</em>" in clean
    assert '<a href="https://example.org/x" rel="nofollow noopener">link</a>' in clean
    assert "<blockquote>quoted</blockquote>" in clean


def test_plain_text_becomes_paragraphs():
    assert (
        sanitize_html("First line\n\nProfits < costs & more")
        == "<p>First line</p>\n<p>Profits &lt; costs &amp; more</p>"
    )
    assert text_to_html("a\nb\n\n\n") == "<p>a</p>\n<p>b</p>"


def test_plain_text_is_derived_per_paragraph():
    text = html_to_text("<p>One &amp; two</p><p>Three<br>four</p><ul><li>five</li></ul>")
    assert text == "One & two\n\nThree four\n\nfive"


def test_editor_is_told_what_was_removed():
    removed = disallowed_markup(
        '<p onclick="x">a</p><script>b</script><a href="javascript:x">c</a>'
    )
    assert removed == ["<script>", "href='javascript:x'", "onclick attribute"]
    assert disallowed_markup('<p><a href="/relative">fine</a></p>') == []


def test_article_structure_from_imported_pages_survives():
    """What extraction and feeds produce: figures, numbered lists, strong text, safe links."""
    clean = sanitize_html(
        '<figure><img src="x.jpg" onerror="x()"><figcaption>Crowds <b>at</b> dawn</figcaption>'
        "</figure><ol><li><strong>first</strong></li></ol><h3>Sub</h3>"
        '<a href="mailto:desk@example.org">desk</a> <a href="data:text/html,x">bad</a>'
    )
    assert "<figure><figcaption>Crowds <b>at</b> dawn</figcaption></figure>" in clean
    assert "<ol><li><strong>first</strong></li></ol><h3>Sub</h3>" in clean
    assert '<a href="mailto:desk@example.org" rel="nofollow noopener">desk</a>' in clean
    assert "data:" not in clean
    assert "<img" not in clean
