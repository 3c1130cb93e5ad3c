"""One rule for bytes to text: the crawler's pages and the parser's HTML documents."""

from __future__ import annotations

import pytest

from fiscalwatch.charsets import decode_page, decode_text, guess_encoding
from fiscalwatch.parsing.readers.web import read_html

GBK_ONLY = "青川市教育局2024年度部门决算 珺 堃"  # 珺 and 堃 are in GBK, not in GB2312


@pytest.mark.parametrize(
    ("content_type", "body", "encoding"),
    [
        (None, f"<html><body>{GBK_ONLY}</body></html>".encode("gbk"), "gb18030"),
        (b"text/html", f"<p>{GBK_ONLY}</p>".encode("gbk"), "gb18030"),
        (b"text/html; charset=GB2312", f"<p>{GBK_ONLY}</p>".encode("gbk"), "gb18030"),
        ("text/html", b'<html><head><meta charset="gbk"></head></html>', "gb18030"),
        (
            "text/html",
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            "<p>决算</p>".encode("gbk"),
            "gb18030",
        ),
        (b"text/html", "<p>决算</p>".encode(), "utf-8"),
        (None, b"\xef\xbb\xbf<p>" + "决算".encode() + b"</p>", "utf-8"),
        # the header wins over a page that lies about itself
        ("text/html; charset=utf-8", '<meta charset="gbk"><p>决算</p>'.encode(), "utf-8"),
    ],
)
def test_declared_first_then_guessed(
    content_type: str | bytes | None, body: bytes, encoding: str
) -> None:
    found, text = decode_page(body, content_type)
    assert found == encoding
    assert "决算" in text or "<html>" in text


def test_gbk_only_characters_survive_a_gb2312_label() -> None:
    body = f'<meta charset="gb2312"><p>{GBK_ONLY}</p>'.encode("gbk")
    _, text = decode_page(body)
    assert GBK_ONLY in text
    assert "\ufffd" not in text


def test_undeclared_bytes_and_header_values() -> None:
    assert guess_encoding("决算".encode()) == "utf-8"
    assert guess_encoding("决算".encode("gbk")) == "gb18030"
    assert decode_text("青川市教育局.pdf".encode("gbk")) == "青川市教育局.pdf"
    assert decode_text("青川市教育局.pdf".encode()) == "青川市教育局.pdf"


def test_the_parser_reads_pages_by_the_same_rule() -> None:
    body = f'<html><head><meta charset="gb2312"></head><body><p>{GBK_ONLY}</p></body></html>'
    source = read_html(body.encode("gbk"))
    assert GBK_ONLY in "".join(page.text for page in source.pages)


def test_bytes_nothing_reads_are_unreadable_not_guessed() -> None:
    """A binary file posing as a page is not read as GB18030 noise: it says why."""
    import random

    from fiscalwatch.errors import UnreadableDocument

    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(4096))
    assert guess_encoding(noise) is None
    with pytest.raises(UnicodeError):
        decode_page(noise, strict=True)
    assert decode_page(noise)[0] == "gb18030"  # the crawler still reads links out of it
    with pytest.raises(UnreadableDocument, match="cannot tell the text encoding"):
        read_html(noise)
