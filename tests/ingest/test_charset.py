"""Decoding page bytes: BOM, HTTP charset, in-document charset, then detection."""

from __future__ import annotations

import codecs

import pytest

from bot.ingest.charset import (
    charset_from_content_type,
    declared_in_document,
    decode_bytes,
    python_codec,
)

RUSSIAN = (
    "Рыбацкая артель посёлка Тихая Губа впервые за десять лет закрыла сезон с прибылью. "
    "Бригадир Пётр Луговой объясняет успех новыми сетями и ранней весной, а старожилы "
    "считают, что рыба просто вернулась к северному мысу. Районная администрация обещает "
    "к осени отремонтировать причал и открыть холодильный склад."
)
JAPANESE = (
    "架空の山村ヒノキダイラでは、廃校になった小学校の校舎が図書館として生まれ変わった。"
    "館長の森川健一さんによると、蔵書の半分は住民からの寄贈だという。"
    "週末には子ども向けの読み聞かせ会も開かれ、近隣の町からも家族連れが訪れている。"
)
GERMAN = "Die Fähre über den Mühlensee fährt ab Montag öfter, sagt Bürgermeisterin Jörg-Schäfer."


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("text/html; charset=windows-1251", "windows-1251"),
        ('text/html; Charset="Shift_JIS"', "Shift_JIS"),
        ("text/html;charset=utf-8;foo=bar", "utf-8"),
        ("text/html", None),
        ("", None),
        (None, None),
    ],
)
def test_charset_from_content_type(header: str | None, expected: str | None) -> None:
    assert charset_from_content_type(header) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="windows-1251">', "windows-1251"),
        (b"<META CHARSET=shift_jis>", "shift_jis"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', "koi8-r"),
        (b"<meta content='text/html;charset=euc-jp' http-equiv='content-type'>", "euc-jp"),
        (b'<meta charset="utf-16le">', "utf-8"),
        (b"<meta name=description content=charset>", None),
        (b"<p>no declaration</p>", None),
    ],
)
def test_declared_in_document(head: bytes, expected: str | None) -> None:
    assert declared_in_document(b"<html><head>" + head + b"</head></html>") == expected


def test_an_xml_declaration_names_the_charset_of_xhtml() -> None:
    data = b'<?xml version="1.0" encoding="windows-1251"?>\n<html><head></head></html>'
    assert declared_in_document(data) == "windows-1251"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("UTF-8", "utf-8"),
        ("windows-1251", "cp1251"),
        ("Shift_JIS", "cp932"),
        ("iso-8859-1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("gb2312", "gb18030"),
        ("x-user-defined", "cp1252"),
        ("no-such-charset", None),
        ("rot13", None),
        ("base64", None),
        (None, None),
    ],
)
def test_labels_take_their_web_meaning(label: str | None, codec: str | None) -> None:
    assert python_codec(label) == codec


def page(text: str, encoding: str, head: str = "") -> bytes:
    return f"<html><head>{head}</head><body><p>{text}</p></body></html>".encode(encoding)


@pytest.mark.parametrize(
    ("text", "encoding", "codec"),
    [(RUSSIAN, "windows-1251", "cp1251"), (JAPANESE, "shift_jis", "cp932")],
)
def test_each_source_of_the_charset_is_used(text: str, encoding: str, codec: str) -> None:
    from_header = decode_bytes(page(text, encoding), encoding)
    from_meta = decode_bytes(page(text, encoding, f'<meta charset="{encoding}">'), None)
    detected = decode_bytes(page(text, encoding), None)
    bare_text = decode_bytes(text.encode(encoding), None)
    for decoded, used in (from_header, from_meta, detected, bare_text):
        assert text in decoded
        assert used == codec


def test_header_wins_over_meta_when_both_fit() -> None:
    data = page(GERMAN, "cp1252", '<meta charset="iso-8859-15">')
    text, used = decode_bytes(data, "windows-1252")
    assert used == "cp1252"
    assert GERMAN in text


def test_a_declaration_that_does_not_fit_gives_way() -> None:
    data = page(RUSSIAN, "windows-1251", '<meta charset="windows-1251">')
    text, used = decode_bytes(data, "utf-8")
    assert used == "cp1251"
    assert RUSSIAN in text


def test_one_bad_byte_does_not_discard_a_declared_utf8() -> None:
    data = page(GERMAN * 20, "utf-8").replace(b"</body>", b"\xff</body>")
    text, used = decode_bytes(data, "utf-8")
    assert used == "utf-8"
    assert GERMAN in text
    assert text.count("\ufffd") == 1


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_a_byte_order_mark_overrides_declarations(bom: bytes, encoding: str) -> None:
    data = bom + page(GERMAN, encoding, '<meta charset="windows-1251">')
    text, _used = decode_bytes(data, "windows-1251")
    assert text.startswith("<html>")
    assert GERMAN in text


def test_undeclared_utf8_is_read_as_utf8() -> None:
    text, used = decode_bytes(page(JAPANESE, "utf-8"), None)
    assert used == "utf-8"
    assert JAPANESE in text


def test_empty_input_decodes_to_empty_text() -> None:
    assert decode_bytes(b"", None) == ("", "utf-8")
