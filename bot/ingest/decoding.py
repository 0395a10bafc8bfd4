"""Undo a response's Content-Encoding in bounded steps, whatever the server claims.

At most one content coding is read (gzip or deflate; "identity" is no coding). Each network
chunk is inflated with an output limit, so no step produces more than the bytes still allowed
under the size cap, and the cap applies to what comes out, not to what went over the wire.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

from bot.errors import TooLargeError, UnsupportedEncodingError

__all__ = ["ACCEPT_ENCODING", "BoundedDecoder", "content_codings", "decoded_body"]

ACCEPT_ENCODING = "gzip, deflate"
_GZIP_WBITS = 16 + zlib.MAX_WBITS
_ZLIB_WBITS = zlib.MAX_WBITS
_RAW_DEFLATE_WBITS = -zlib.MAX_WBITS
_MAX_GZIP_MEMBERS = 64
_KNOWN = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate"}


def content_codings(header: str) -> list[str]:
    """The codings a Content-Encoding value names, in the order they were applied."""
    return [
        name
        for name in (part.strip().lower() for part in header.split(","))
        if name and name != "identity"
    ]


class BoundedDecoder:
    """Inflates one coding chunk by chunk; `feed` never returns more than `room` bytes."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._members = 1
        self._inflater = zlib.decompressobj(_GZIP_WBITS if coding == "gzip" else _ZLIB_WBITS)
        self._first = coding == "deflate"

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate `data`; raises OverflowError once the output would pass `room` bytes."""
        out = bytearray()
        pending = data
        while pending:
            try:
                piece = self._inflater.decompress(pending, room + 1 - len(out))
            except zlib.error:
                if not self._first:
                    raise
                # Some servers send raw deflate without the zlib header.
                self._inflater = zlib.decompressobj(_RAW_DEFLATE_WBITS)
                self._first = False
                continue
            self._first = False
            out.extend(piece)
            if len(out) > room:
                raise OverflowError(room)
            if self._inflater.unconsumed_tail:
                pending = self._inflater.unconsumed_tail
            elif self._inflater.eof and self._inflater.unused_data and self._coding == "gzip":
                pending = self._inflater.unused_data
                self._members += 1
                if self._members > _MAX_GZIP_MEMBERS:
                    raise zlib.error("too many gzip members")
                self._inflater = zlib.decompressobj(_GZIP_WBITS)
            else:
                pending = b""
        return bytes(out)


async def decoded_body(
    raw: AsyncIterator[bytes], content_encoding: str, *, limit: int, host: str, shown_limit: str
) -> bytes:
    """The body with its content coding undone, refused once it grows past `limit` bytes."""
    codings = content_codings(content_encoding)
    if len(codings) > 1:
        raise UnsupportedEncodingError(
            f"{host} sent a body compressed {len(codings)} times ({', '.join(codings)}); "
            "only one layer of compression is read"
        )
    too_large = f"the page at {host} is larger than {shown_limit}"
    decoder: BoundedDecoder | None = None
    if codings:
        coding = _KNOWN.get(codings[0])
        if coding is None:
            raise UnsupportedEncodingError(
                f"{host} sent a body compressed with {codings[0][:40]}, which is not read "
                "(only gzip and deflate are)"
            )
        decoder = BoundedDecoder(coding)
    body = bytearray()
    async for chunk in raw:
        if decoder is None:
            body.extend(chunk)
        else:
            try:
                body.extend(decoder.feed(chunk, limit - len(body)))
            except OverflowError as exc:
                raise TooLargeError(too_large) from exc
            except zlib.error as exc:
                raise UnsupportedEncodingError(
                    f"{host} sent a body that could not be decompressed"
                ) from exc
        if len(body) > limit:
            raise TooLargeError(too_large)
    return bytes(body)
