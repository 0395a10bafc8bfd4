"""Bytes of an article from a local file or standard input, with every odd source refused.

Only regular files are read: a FIFO without a writer or a device such as /dev/zero would
otherwise block or never end. Standard input is read in a daemon thread under a time limit, so
a pipe that never closes cannot hold the command line forever.
"""

from __future__ import annotations

import asyncio
import codecs
import errno
import io
import os
import stat
import threading
from pathlib import Path
from typing import BinaryIO

from bot.errors import SourceError
from bot.ingest.charset import utf16_without_bom

__all__ = [
    "BINARY_FORMATS",
    "MAX_FILE_BYTES",
    "binary_file_message",
    "is_binary",
    "known_format",
    "read_source_file",
    "read_standard_input",
    "text_bom",
]

MAX_FILE_BYTES = 20_000_000

BINARY_FORMATS = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
)
"""Formats recognised by their first bytes, named for a person."""
_ADVICE = {
    "a ZIP archive": "unpack it and give the article's .html or .txt file",
    "a gzip-compressed file": "decompress it first (gunzip) and give the .html or .txt file",
    "a PDF document": "save the article's text as a .txt file and give that",
}
_STDIN_CLOSED = "standard input is closed: pipe an article into briefbot, or give a URL or a file"
_DEFAULT_ADVICE = "give the article as an .html or .txt file"
# Longest first: a UTF-32 LE mark begins with the UTF-16 LE one.
_TEXT_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def text_bom(data: bytes) -> str | None:
    """The codec a byte order mark at the start names, if there is one."""
    for bom, codec in _TEXT_BOMS:
        if data.startswith(bom):
            return codec
    return None


def known_format(data: bytes) -> str | None:
    """The name of the binary format the bytes start with, if it is one of BINARY_FORMATS."""
    return next((kind for magic, kind in BINARY_FORMATS if data.startswith(magic)), None)


def binary_file_message(name: str, data: bytes) -> str:
    """What a binary file is and what to give instead, in one sentence."""
    kind = known_format(data)
    what = kind or "a binary file"
    return f"{name} is {what}, not an HTML page or text: {_ADVICE.get(what, _DEFAULT_ADVICE)}"


def is_binary(data: bytes) -> bool:
    """Whether the bytes are no text: a known binary format, NUL bytes, or many controls
    (UTF-16 and UTF-32 text, with or without a byte order mark, is read for its characters)."""
    head = data[:8192]
    if known_format(head) is not None:
        return True
    codec = text_bom(head) or utf16_without_bom(head)
    if codec is not None and codec != "utf-8-sig":
        text = head.decode(codec, errors="replace")
        controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\f\r\x1b")
        return "\x00" in text or controls > len(text) * 0.05
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.05


def read_source_file(path: Path) -> bytes:
    """The file's bytes (up to one more than the cap), or a SourceError that says what it is."""
    shown = str(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise SourceError(_stat_failure(path, exc)) from exc
    if stat.S_ISDIR(info.st_mode):
        raise SourceError(f"{shown} is a directory, not an article file")
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise SourceError(f"{shown} is {kind}, not an article file")
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot read {shown}: {exc.strerror or exc}") from exc


def _stat_failure(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return f"{path} is a loop of symbolic links"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"{path} is a symbolic link to a file that does not exist"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"no such file: {path}"
    if exc.errno == errno.EACCES:
        return f"cannot read {path}: permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    return f"cannot read {path}: {exc.strerror or exc}"


def _read_all(stdin: BinaryIO) -> bytes:
    """Up to one byte more than the cap. A real descriptor is read directly: a thread left
    blocked inside the buffered reader would hold its lock when the interpreter shuts down."""
    try:
        descriptor = stdin.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):
        return stdin.read(MAX_FILE_BYTES + 1)
    chunks: list[bytes] = []
    received = 0
    while received <= MAX_FILE_BYTES:
        chunk = os.read(descriptor, min(1 << 20, MAX_FILE_BYTES + 1 - received))
        if not chunk:
            break
        chunks.append(chunk)
        received += len(chunk)
    return b"".join(chunks)


async def read_standard_input(stdin: BinaryIO | None, limit_seconds: float) -> bytes:
    """All of standard input, or a SourceError when it is closed or does not end in time."""
    if stdin is None:
        raise SourceError(_STDIN_CLOSED)
    loop = asyncio.get_running_loop()
    done: asyncio.Future[bytes] = loop.create_future()

    def settle(result: bytes | BaseException) -> None:
        if done.done():
            return
        if isinstance(result, BaseException):
            done.set_exception(result)
        else:
            done.set_result(result)

    def read() -> None:
        result: bytes | BaseException
        try:
            result = _read_all(stdin)
        except (OSError, ValueError) as exc:  # a closed descriptor, or a closed file object
            result = SourceError("standard input is closed")
            result.__cause__ = exc
        try:
            loop.call_soon_threadsafe(settle, result)
        except RuntimeError:  # the loop has already ended
            return

    threading.Thread(target=read, name="stdin-reader", daemon=True).start()
    try:
        async with asyncio.timeout(limit_seconds):
            return await done
    except TimeoutError as exc:
        raise SourceError(f"standard input did not end within {limit_seconds:g} s") from exc
