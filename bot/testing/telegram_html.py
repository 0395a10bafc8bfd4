"""What the Telegram Bot API accepts as message text, so the stand-in rejects what Telegram rejects.

The HTML parser is modelled on Telegram's own (tdlib `parse_html`): its supported tags, its
attribute rules and its error wording ("Unsupported start tag", "Unmatched end tag", "Can't find
end tag corresponding to start tag", with byte offsets in UTF-8).

One deliberate difference: Telegram keeps a bare `&` that starts no entity as a literal character,
while this parser rejects it (`Unescaped "&" at byte offset N`). Text that reaches Telegram
unescaped is a rendering bug even when Telegram happens to tolerate it, and the next `<` in the
same unescaped text would not be tolerated.

Lengths are counted in UTF-16 code units, the unit of Telegram's entity offsets; this is the
stricter reading of the 4096 limit (an emoji outside the BMP counts twice). `length_unit="chars"`
counts code points instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from bot.errors import HTMLParseError, MessageTextRejected

MAX_MESSAGE_LENGTH = 4096

LengthUnit = Literal["utf16", "chars"]

_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_CHARACTERS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = " \t\r\n\f\v"


@dataclass(frozen=True)
class ParsedText:
    """The text a person sees and the entities Telegram would attach to it."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's offsets and limits."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _OpenTag:
    name: str
    begin_byte: int
    start: int  # UTF-16 offset in the visible text
    url: str | None = None
    argument: str | None = None
    expandable: bool = False


class _Parser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.out: list[str] = []
        self.offset = 0  # UTF-16 length of the visible text so far
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def peek(self, index: int) -> str:
        return self.src[index] if index < len(self.src) else ""

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.offset += utf16_length(text)

    def run(self) -> ParsedText:
        while self.pos < len(self.src):
            char = self.src[self.pos]
            if char == "&":
                decoded, self.pos = self.entity_at(self.pos)
                self.emit(decoded)
            elif char == "<":
                if self.peek(self.pos + 1) == "/":
                    self.end_tag()
                else:
                    self.start_tag()
            else:
                self.emit(char)
                self.pos += 1
        if self.stack:
            name = self.stack[-1].name
            raise HTMLParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return ParsedText("".join(self.out), self.entities)

    def entity_at(self, begin: int) -> tuple[str, int]:
        """Decode `&...;` at `begin`; anything but the five accepted forms is an error."""
        end = self.src.find(";", begin)
        body = self.src[begin + 1 : end] if end != -1 else ""
        if body in _NAMED_CHARACTERS:
            return _NAMED_CHARACTERS[body], end + 1
        if body.startswith("#") and len(body) < 10:
            digits, base = (body[2:], 16) if body[1:2] in ("x", "X") else (body[1:], 10)
            allowed = "0123456789abcdefABCDEF" if base == 16 else "0123456789"
            if digits and all(digit in allowed for digit in digits):
                code = int(digits, base)
                if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF:
                    return chr(code), end + 1
        raise HTMLParseError(f'Unescaped "&" at byte offset {self.byte_offset(begin)}')

    def start_tag(self) -> None:
        begin = self.pos
        begin_byte = self.byte_offset(begin)
        i = begin + 1
        while i < len(self.src) and self.src[i] not in _SPACES and self.src[i] != ">":
            i += 1
        if i >= len(self.src):
            raise HTMLParseError(f"Unclosed start tag at byte offset {begin_byte}")
        name = self.src[begin + 1 : i].lower()
        if name not in _ENTITY_TYPES:
            raise HTMLParseError(f'Unsupported start tag "{name}" at byte offset {begin_byte}')
        tag = _OpenTag(name=name, begin_byte=begin_byte, start=self.offset)
        i = self.attributes(tag, i)
        if name == "span" and tag.argument != "spoiler":
            raise HTMLParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin_byte}'
            )
        self.stack.append(tag)
        self.pos = i + 1

    def attributes(self, tag: _OpenTag, i: int) -> int:
        """Read attributes up to the closing `>` and return its index."""
        src = self.src
        unclosed = f'Unclosed start tag "{tag.name}" at byte offset {tag.begin_byte}'
        while True:
            while i < len(src) and src[i] in _SPACES:
                i += 1
            if i >= len(src):
                raise HTMLParseError(unclosed)
            if src[i] == ">":
                return i
            name_begin = i
            while i < len(src) and src[i] not in _SPACES and src[i] not in "=>":
                i += 1
            attribute = src[name_begin:i].lower()
            while i < len(src) and src[i] in _SPACES:
                i += 1
            if self.peek(i) != "=":
                if tag.name == "blockquote" and attribute == "expandable":
                    tag.expandable = True
                    continue
                raise HTMLParseError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag.name}" at byte offset {tag.begin_byte}'
                )
            i += 1
            while i < len(src) and src[i] in _SPACES:
                i += 1
            if i >= len(src):
                raise HTMLParseError(unclosed)
            value, i = self.attribute_value(i)
            self.apply_attribute(tag, attribute, value)

    def attribute_value(self, i: int) -> tuple[str, int]:
        src = self.src
        if src[i] not in "'\"":
            begin = i
            while i < len(src) and (src[i].isalnum() or src[i] in ".-"):
                i += 1
            if i < len(src) and src[i] not in _SPACES and src[i] != ">":
                raise HTMLParseError(
                    f"Unexpected end of name token at byte offset {self.byte_offset(begin)}"
                )
            return src[begin:i].lower(), i
        quote = src[i]
        end = src.find(quote, i + 1)
        if end == -1:
            raise HTMLParseError(f"Unclosed start tag at byte offset {self.byte_offset(i)}")
        raw = src[i + 1 : end]
        value: list[str] = []
        j = 0
        while j < len(raw):
            if raw[j] == "&":
                decoded, after = self.entity_at(i + 1 + j)
                value.append(decoded)
                j = after - (i + 1)
            else:
                value.append(raw[j])
                j += 1
        return "".join(value), end + 1

    @staticmethod
    def apply_attribute(tag: _OpenTag, attribute: str, value: str) -> None:
        if tag.name == "a" and attribute == "href":
            tag.url = value
        elif tag.name == "code" and attribute == "class" and value.startswith("language-"):
            tag.argument = value.removeprefix("language-")
        elif tag.name == "span" and attribute == "class" and value.startswith("tg-"):
            tag.argument = value.removeprefix("tg-")
        elif tag.name == "tg-emoji" and attribute == "emoji-id":
            tag.argument = value

    def end_tag(self) -> None:
        begin = self.pos
        begin_byte = self.byte_offset(begin)
        if not self.stack:
            raise HTMLParseError(f"Unexpected end tag at byte offset {begin_byte}")
        i = begin + 2
        while i < len(self.src) and self.src[i] not in _SPACES and self.src[i] != ">":
            i += 1
        end_name = self.src[begin + 2 : i].lower()
        while i < len(self.src) and self.src[i] in _SPACES:
            i += 1
        if self.peek(i) != ">":
            raise HTMLParseError(f"Unclosed end tag at byte offset {begin_byte}")
        tag = self.stack.pop()
        if end_name and end_name != tag.name:
            raise HTMLParseError(
                f'Unmatched end tag at byte offset {begin_byte}, expected "</{tag.name}>", '
                f'found "</{end_name}>"'
            )
        self.pos = i + 1
        self.close(tag)

    def close(self, tag: _OpenTag) -> None:
        length = self.offset - tag.start
        if length == 0:
            return
        entity: dict[str, Any] = {
            "type": _ENTITY_TYPES[tag.name],
            "offset": tag.start,
            "length": length,
        }
        if tag.name == "a":
            if not tag.url:
                return
            entity["url"] = tag.url
        elif tag.name == "tg-emoji":
            if not tag.argument:
                return
            entity["custom_emoji_id"] = tag.argument
        elif tag.name == "blockquote" and tag.expandable:
            entity["type"] = "expandable_blockquote"
        elif tag.name == "code" and tag.argument:
            parent = self.stack[-1] if self.stack else None
            if parent is not None and parent.name == "pre" and parent.start == tag.start:
                parent.argument = tag.argument
                return
        elif tag.name == "pre" and tag.argument:
            entity["language"] = tag.argument
        self.entities.append(entity)


def parse_html(source: str) -> ParsedText:
    """Parse Telegram HTML into visible text and entities, or raise `HTMLParseError`."""
    return _Parser(source).run()


def check_message_text(
    text: str | None,
    parse_mode: str | None,
    entities: list[dict[str, Any]] | None = None,
    *,
    length_unit: LengthUnit = "utf16",
    max_length: int = MAX_MESSAGE_LENGTH,
) -> ParsedText:
    """Parse `text` as Telegram would for sendMessage/editMessageText, or raise the 400 reason.

    Markdown parse modes are not validated: their visible text is taken to be the raw text.
    """
    if text is None:
        raise MessageTextRejected("Bad Request: message text is empty")
    mode = (parse_mode or "").lower()
    if mode == "html":
        parsed = parse_html(text)
    elif mode in ("", "markdown", "markdownv2"):
        parsed = ParsedText(text, list(entities or []))
    else:
        raise MessageTextRejected("Bad Request: unsupported parse_mode")
    visible = parsed.text.strip()
    if not visible:
        raise MessageTextRejected("Bad Request: message text is empty")
    length = utf16_length(visible) if length_unit == "utf16" else len(visible)
    if length > max_length:
        raise MessageTextRejected("Bad Request: message is too long")
    return parsed
