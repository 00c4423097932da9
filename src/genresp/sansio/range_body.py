"""Range bodies: the bytes of a 206 response (RFC 9110 14.6, 15.3.7).

`RangeStream` serves spans of a streamed body by seeking a file or skipping through an iterable,
never by buffering it; `multipart_byteranges` lays out a multipart/byteranges body.
"""

from __future__ import annotations

import io
from _collections_abc import Iterable, Iterator

from .._typing import Any

__all__ = ["RangeStream", "buffered_ranges", "multipart_byteranges", "seekable_file"]

# Reading a file range happens in blocks of this size, so memory stays flat whatever the range.
_BLOCK_SIZE = 64 * 1024


def seekable_file(body: object) -> Any | None:
    """The seekable binary file behind a body, if any: the body itself, or the ``file`` /
    ``filelike`` of a file wrapper (Werkzeug's FileWrapper, waitress's and wsgiref's wrappers)."""
    for candidate in (getattr(body, "file", None), getattr(body, "filelike", None), body):
        if candidate is None or isinstance(candidate, io.TextIOBase):
            continue
        seekable = getattr(candidate, "seekable", None)
        if not callable(getattr(candidate, "read", None)) or not callable(seekable):
            continue
        try:
            if seekable() and callable(getattr(candidate, "seek", None)):
                return candidate
        except (OSError, ValueError):
            continue
    return None


class RangeStream:
    """A response iterable yielding byte spans of ``source`` interleaved with literal bytes.

    A seekable file source is read span by span with seek + bounded reads; any other iterable is
    walked once, skipping what lies between spans and stopping after the last one (so its spans
    must be in ascending order). Closing the stream closes the source.
    """

    __slots__ = ("source", "pieces")

    def __init__(self, source: Any, pieces: Iterable[bytes | tuple[int, int]]) -> None:
        self.source = source
        self.pieces = list(pieces)

    def __iter__(self) -> Iterator[bytes]:
        file = seekable_file(self.source)
        if file is not None:
            return self._from_file(file)
        return self._by_skipping()

    def _from_file(self, file: Any) -> Iterator[bytes]:
        for piece in self.pieces:
            if isinstance(piece, bytes):
                yield piece
                continue
            start, stop = piece
            file.seek(start)
            remaining = stop - start
            while remaining > 0:
                chunk = file.read(min(_BLOCK_SIZE, remaining))
                if not chunk:
                    return  # the file is shorter than announced: stop rather than pad
                remaining -= len(chunk)
                yield chunk

    def _by_skipping(self) -> Iterator[bytes]:
        items = iter(self.source)
        buf = b""
        buf_start = 0  # offset of buf[0] in the body
        for piece in self.pieces:
            if isinstance(piece, bytes):
                yield piece
                continue
            start, stop = piece
            while start < stop:
                buf_stop = buf_start + len(buf)
                if start >= buf_stop:
                    try:
                        item = next(items)
                    except StopIteration:
                        return
                    buf_start = buf_stop
                    buf = item.encode() if isinstance(item, str) else bytes(item)
                    continue
                low = start - buf_start
                high = min(stop, buf_stop) - buf_start
                yield buf[low:high]
                start = buf_start + high

    def close(self) -> None:
        """Close the source (a file, a generator) if it can be closed."""
        close = getattr(self.source, "close", None)
        if callable(close):
            close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self.source!r}>"


def multipart_byteranges(
    spans: Iterable[tuple[int, int]],
    complete_length: int,
    content_type: str | None,
    boundary: str,
) -> tuple[list[bytes | tuple[int, int]], int]:
    """The pieces of a multipart/byteranges body (RFC 9110 14.6) and its total length.

    Each part has its own Content-Type (when the representation has one) and Content-Range.
    """
    # multipart-body per RFC 2046 5.1.1: each part is "--boundary" CRLF headers CRLF CRLF data, the
    # CRLF before each following delimiter belongs to that delimiter; the last is "--boundary--".
    pieces: list[bytes | tuple[int, int]] = []
    total = 0
    lead = b""
    for start, stop in spans:
        head = f"--{boundary}\r\n"
        if content_type:
            head += f"Content-Type: {content_type}\r\n"
        head += f"Content-Range: bytes {start}-{stop - 1}/{complete_length}\r\n\r\n"
        literal = lead + head.encode("latin-1")
        pieces.append(literal)
        pieces.append((start, stop))
        total += len(literal) + stop - start
        lead = b"\r\n"
    tail = f"\r\n--{boundary}--\r\n".encode("latin-1")
    pieces.append(tail)
    return pieces, total + len(tail)


def buffered_ranges(pieces: list[bytes | tuple[int, int]], body: Iterable[Any]) -> bytes:
    """Build a range body from an in-memory body (a list or tuple of bytes/str)."""
    data = b"".join(item.encode() if isinstance(item, str) else bytes(item) for item in body)
    return b"".join(p if isinstance(p, bytes) else data[p[0] : p[1]] for p in pieces)
