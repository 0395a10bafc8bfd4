"""Decode a page's bytes to text: byte order mark, HTTP charset, in-document charset, detection.

A BOM comes first because browsers let it override everything (and it cannot be wrong by
accident). A declared charset wins next, unless the bytes clearly do not fit it: servers and
templates that say "utf-8" about a windows-1251 page are common enough that a declaration which
turns many bytes into U+FFFD is treated as a mistake. Labels follow the web's meaning, not
Python's: "iso-8859-1" means windows-1252 and "shift_jis" means Microsoft's cp932.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_WIDE_SAMPLE = 8192
_WIDE_MIN_PAIRS = 16
_WIDE_NUL_SHARE = 0.5
_WIDE_STRAY_SHARE = 0.02

# The WHATWG Encoding Standard maps these labels to supersets; decoding with the narrower Python
# codec would fail on bytes every browser shows.
_WEB_SUPERSETS = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}
# Python codecs that are no web charset: they read escapes or host-name labels out of ASCII (and
# punycode raises UnicodeError even with errors="replace"); UTF-7 is one the web forbids.
_NOT_WEB_CHARSETS = frozenset(
    {"punycode", "idna", "unicode-escape", "raw-unicode-escape", "utf-7", "undefined"}
)
_WEB_ALIASES = {"x-user-defined": "cp1252", "windows-31j": "cp932", "x-sjis": "cp932"}

_PRESCAN_BYTES = 16_384
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.I)
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:\-]+)""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.I)

# A declared charset is kept while no more than this share of the bytes becomes U+FFFD.
_TOLERATED_ERRORS = 0.001


def charset_from_content_type(content_type: str | None) -> str | None:
    """The `charset` parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def declared_in_document(data: bytes) -> str | None:
    """The charset a `<meta charset>`, `<meta http-equiv>` or XML declaration names."""
    head = data[:_PRESCAN_BYTES]
    match = _XML_DECLARATION.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace")
    # A meta tag readable as ASCII cannot be in UTF-16; the Encoding Standard reads it as UTF-8.
    return "utf-8" if label.lower().startswith(("utf-16", "utf16")) else label


def python_codec(label: str | None) -> str | None:
    """Python's codec for a web charset label, or None when the label is unknown."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    if cleaned in _WEB_ALIASES:
        return _WEB_ALIASES[cleaned]
    try:
        name = codecs.lookup(cleaned).name
        b"a".decode(name, "replace")  # rejects Python's non-text codecs (rot13, base64, undefined)
    except (LookupError, UnicodeError):
        return None
    if name in _NOT_WEB_CHARSETS:
        return None
    return _WEB_SUPERSETS.get(name, name)


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when the bytes are UTF-16 text written without a byte order
    mark (Windows tools do that): a NUL in one byte of most pairs and almost never in the
    other, as Latin-script text gives. A declared "utf-8" would read the NULs as characters."""
    head = data[:_WIDE_SAMPLE]
    head = head[: len(head) - len(head) % 2]
    pairs = len(head) // 2
    if pairs < _WIDE_MIN_PAIRS:
        return None
    first, second = head[0::2].count(0), head[1::2].count(0)
    if second >= pairs * _WIDE_NUL_SHARE and first <= pairs * _WIDE_STRAY_SHARE:
        return "utf-16-le"
    if first >= pairs * _WIDE_NUL_SHARE and second <= pairs * _WIDE_STRAY_SHARE:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, header_charset: str | None) -> tuple[str, str]:
    """Return (text, codec used). Never raises on bad bytes: the last resort replaces them."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return data.decode(bom_codec, errors="replace"), bom_codec
    wide = utf16_without_bom(data)
    if wide is not None:
        return data.decode(wide, errors="replace"), wide
    declared = [python_codec(header_charset), python_codec(declared_in_document(data))]
    for codec in declared:
        if codec is not None:
            text = _decode_if_fitting(data, codec)
            if text is not None:
                return text, codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    detected = _detect(data)
    if detected is not None:
        return detected
    fallback = next((codec for codec in declared if codec is not None), "utf-8")
    return data.decode(fallback, errors="replace"), fallback


def _decode_if_fitting(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeError:
        pass
    try:
        text = data.decode(codec, errors="replace")
    except UnicodeError:
        return None
    added = text.count("\ufffd") - data.count("\ufffd".encode())
    return text if added <= max(1, len(data) * _TOLERATED_ERRORS) else None


def _detect(data: bytes) -> tuple[str, str] | None:
    best = from_bytes(data).best()
    if best is None:
        return None
    codec = python_codec(best.encoding) or best.encoding
    try:
        return data.decode(codec, errors="replace"), codec
    except (LookupError, UnicodeError):
        return None
