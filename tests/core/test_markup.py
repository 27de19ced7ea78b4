from html.parser import HTMLParser

import pytest

from core.markup import render_markdown


def tags_and_attributes(html):
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, sorted(name for name, _value in attrs)))

    Collector().feed(html)
    return found


def test_markdown_is_rendered_to_html():
    assert render_markdown("Hallo **Welt**") == "<p>Hallo <strong>Welt</strong></p>"


def test_empty_text_gives_empty_html():
    assert render_markdown("") == ""


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)><circle/></svg>",
        "<iframe src=/evil></iframe>",
        "<div style='background:url(javascript:alert(1))'>x",
        "<b onmouseover=alert(1)>unclosed",
    ],
)
def test_raw_html_never_becomes_markup(hostile):
    # Raw HTML stays visible as text: the only element is the paragraph around it.
    assert tags_and_attributes(render_markdown(hostile)) == [("p", [])]


@pytest.mark.parametrize(
    "link",
    [
        "[klick](javascript:alert(1))",
        "[klick](JaVaScRiPt:alert(1))",
        "[klick](data:text/html;base64,PHNjcmlwdD4=)",
        "[klick](&#106;avascript:alert(1))",
        "[klick](&#x6A;avascript:alert(1))",
        "[klick](vbscript:msgbox(1))",
        "[klick](java\tscript:alert(1))",
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_link_schemes_do_not_become_links(link):
    html = render_markdown(link)
    assert "href" not in html


def test_links_get_nofollow_ugc_noopener():
    html = render_markdown("[Beispiel](https://example.com/seite)")
    assert html == '<p><a href="https://example.com/seite" rel="nofollow ugc noopener">Beispiel</a></p>'


def test_bare_urls_are_linked_with_rel():
    html = render_markdown("Siehe https://example.com dort")
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_mailto_links_are_allowed():
    assert 'href="mailto:info@example.com"' in render_markdown("[Mail](mailto:info@example.com)")


def test_images_are_not_embedded():
    html = render_markdown("![Bild](https://tracker.example/pixel.gif)")
    assert "<img" not in html


def test_code_blocks_keep_their_text_escaped():
    html = render_markdown("```\n<script>x</script> https://example.com\n```")
    assert "&lt;script&gt;" in html
    assert "<a " not in html


def test_control_characters_and_lone_surrogates_are_removed():
    assert render_markdown("a\x00b\x07c\ud800d") == "<p>abcd</p>"


def test_title_attribute_cannot_smuggle_attributes():
    html = render_markdown('[x](https://example.com "a\\" onmouseover=\\"alert(1)")')
    assert tags_and_attributes(html) == [("p", []), ("a", ["href", "rel", "title"])]


def test_tables_are_allowed():
    assert "<table>" in render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
