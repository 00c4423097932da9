"""Byte ranges: range-set resolution (RFC 9110 14.1.1), coalescing (15.3.7.2), multipart/byteranges
bodies (14.6), and range bodies served by seeking or skipping rather than buffering."""

from __future__ import annotations

import email
import io
import wsgiref.util
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from waitress.buffers import ReadOnlyFileBasedBuffer
from werkzeug.wsgi import FileWrapper

from genresp import Response
from genresp.exceptions import RequestedRangeNotSatisfiable
from genresp.sansio import range_body
from genresp.sansio.conditional import (
    MAX_RANGE_SPECS,
    RangeStream,
    multipart_byteranges,
    resolve_ranges,
)

DATA = bytes(range(256)) * 40  # 10240 bytes, every offset distinguishable modulo 256
N = 10

# (id, RFC section, Range value, expected spans for a 10-byte representation)
RESOLVE: list[tuple[str, str, str, tuple[tuple[int, int], ...] | None]] = [
    ("int-range", "14.1.1", "bytes=0-4", ((0, 5),)),
    ("one byte", "14.1.1", "bytes=9-9", ((9, 10),)),
    ("suffix-range", "14.1.1", "bytes=-3", ((7, 10),)),
    ("open int-range", "14.1.1", "bytes=5-", ((5, 10),)),
    ("suffix longer than the representation", "14.1.1", "bytes=-20", ((0, 10),)),
    ("last-pos clipped", "14.1.1", "bytes=8-20", ((8, 10),)),
    ("unit case-insensitive", "14.1", "BYTES=0-0", ((0, 1),)),
    ("OWS around list commas", "5.6.1", "bytes= 0-1 , 4-5", ((0, 2), (4, 6))),
    ("empty list elements", "5.6.1", "bytes=,0-1,,", ((0, 2),)),
    ("request order kept", "15.3.7.2", "bytes=4-5,0-1", ((4, 6), (0, 2))),
    ("suffix then int-range", "15.3.7.2", "bytes=-3,0-1", ((7, 10), (0, 2))),
    ("overlap merged", "15.3.7.2", "bytes=0-4,3-7", ((0, 8),)),
    ("adjacent merged", "15.3.7.2", "bytes=0-4,5-9", ((0, 10),)),
    ("merged takes first member's place", "15.3.7.2", "bytes=6-7,0-1,1-3", ((6, 8), (0, 4))),
    ("merged takes earliest position", "15.3.7.2", "bytes=0-1,6-7,1-2", ((0, 3), (6, 8))),
    ("same range twice", "15.3.7.2", "bytes=0-,0-", ((0, 10),)),
    ("suffix overlapping int-range", "15.3.7.2", "bytes=-5,3-6", ((3, 10),)),
    ("unsatisfiable start", "14.1.1", "bytes=10-", ()),
    ("zero suffix", "14.1.1", "bytes=-0", ()),
    ("all unsatisfiable", "14.1.1", "bytes=10-20,-0", ()),
    ("one satisfiable is enough", "14.1.1", "bytes=10-20,2-3", ((2, 4),)),
    ("huge last-pos", "14.1.1", "bytes=0-99999999999999999999999", ((0, 10),)),
    ("huge first-pos", "14.1.1", "bytes=99999999999999999999999-", ()),
    ("leading zeros", "14.1.1", "bytes=0-0000000000000000009", ((0, 10),)),
    ("leading zeros, suffix", "14.1.1", "bytes=-00000000000000000003", ((7, 10),)),
    (
        "last before first is invalid",
        "14.1.1",
        "bytes=5-2",
        (),
    ),  # malformed: 416, as Werkzeug (issue 10 item 7)
    ("not digits", "14.1.1", "bytes=a-b", ()),  # malformed: 416, as Werkzeug (issue 10 item 7)
    ("empty range-set", "14.1.1", "bytes=", ()),  # malformed: 416, as Werkzeug (issue 10 item 7)
    ("no equals sign", "14.1.1", "bytes", ()),  # malformed: 416, as Werkzeug (issue 10 item 7)
    ("lone dash", "14.1.1", "bytes=-", ()),  # malformed: 416, as Werkzeug (issue 10 item 7)
    ("other-range", "14.1.1", "bytes=0-1;x", ()),  # malformed: 416, as Werkzeug (issue 10 item 7)
    ("signed", "14.1.1", "bytes=+1-2", ()),  # malformed: 416, as Werkzeug (issue 10 item 7)
    ("unknown unit", "14.2", "items=0-1", None),
]


@pytest.mark.parametrize(
    "value, expected", [r[2:] for r in RESOLVE], ids=[f"{r[1]}: {r[0]}" for r in RESOLVE]
)
def test_resolve_table(value: str, expected: tuple[tuple[int, int], ...] | None) -> None:
    assert resolve_ranges(value, N) == expected


def test_too_many_specs_are_ignored() -> None:
    # RFC 9110 14.2 / 17.15: many small ranges are a denial-of-service pattern; ignore the field.
    many = ",".join(f"{i}-{i}" for i in range(0, 2 * (MAX_RANGE_SPECS + 1), 2))
    assert resolve_ranges("bytes=" + many, 1000) is None
    fine = ",".join(f"{i}-{i}" for i in range(0, 2 * MAX_RANGE_SPECS, 2))
    assert resolve_ranges("bytes=" + fine, 1000) is not None


def test_empty_representation_ignores_range() -> None:
    assert resolve_ranges("bytes=0-", 0) is None
    assert resolve_ranges("bytes=-5", 0) is None


@given(
    length=st.integers(1, 300),
    specs=st.lists(
        st.one_of(
            st.tuples(st.integers(0, 400), st.none() | st.integers(0, 400)),
            st.tuples(st.none(), st.integers(0, 400)),
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_resolved_spans_cover_exactly_the_requested_bytes(
    length: int, specs: list[tuple[int | None, int | None]]
) -> None:
    parts = []
    wanted: set[int] = set()
    valid = True
    for first, last in specs:
        if first is None:
            assert last is not None
            parts.append(f"-{last}")
            wanted.update(range(max(length - last, 0), length) if last else ())
        else:
            parts.append(f"{first}-{'' if last is None else last}")
            if last is not None and last < first:
                valid = False
            stop = length if last is None else min(last + 1, length)
            wanted.update(range(first, stop))
    spans = resolve_ranges("bytes=" + ",".join(parts), length)
    if not valid:
        assert spans == ()  # a malformed range-set is answered 416
        return
    assert spans is not None
    covered = [i for start, stop in spans for i in range(start, stop)]
    assert len(covered) == len(set(covered))  # no byte twice
    assert set(covered) == wanted
    assert all(0 <= start < stop <= length for start, stop in spans)
    # Merged spans neither overlap nor touch.
    ordered = sorted(spans)
    assert all(a[1] < b[0] for a, b in zip(ordered, ordered[1:], strict=False))


# -- range streams ---------------------------------------------------------------------------------


class SpyFile(io.BytesIO):
    """A seekable file that records every read size."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.reads.append(len(chunk))
        return chunk


def test_file_source_is_read_by_seeking_in_bounded_blocks() -> None:
    spy = SpyFile(DATA * 20)  # ~200 KB
    stream = RangeStream(spy, [(100, 150_100), b"|", (10, 20)])
    out = b"".join(stream)
    assert out == (DATA * 20)[100:150_100] + b"|" + (DATA * 20)[10:20]
    assert max(spy.reads) <= range_body._BLOCK_SIZE
    assert sum(spy.reads) == 150_000 + 10  # nothing outside the ranges is read
    stream.close()
    assert spy.closed


@pytest.mark.parametrize(
    "wrap",
    [
        lambda f: f,
        lambda f: FileWrapper(f),
        lambda f: ReadOnlyFileBasedBuffer(f),
        lambda f: wsgiref.util.FileWrapper(f),
    ],
    ids=["file", "werkzeug FileWrapper", "waitress file_wrapper", "wsgiref FileWrapper"],
)
def test_file_wrappers_are_seeked(wrap: Any, tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(DATA)
    with open(path, "rb") as raw:
        spy = SpyFile(DATA)
        source = wrap(spy)
        assert range_body.seekable_file(source) is spy
        stream = RangeStream(source, [(5000, 5010), (3, 4)])
        assert b"".join(stream) == DATA[5000:5010] + DATA[3:4]
        assert sum(spy.reads) == 11
        stream.close()
        assert spy.closed
        assert range_body.seekable_file(wrap(raw)) is raw


def test_iterable_source_is_skipped_and_not_drained() -> None:
    pulled: list[int] = []
    closed: list[bool] = []

    def chunks() -> Iterator[Any]:
        try:
            for i in range(0, len(DATA), 100):
                pulled.append(i)
                piece = DATA[i : i + 100]
                yield piece if i % 200 else piece.decode("latin-1").encode("latin-1")
        finally:
            closed.append(True)

    stream = RangeStream(chunks(), [(150, 160), b"-", (250, 420)])
    assert b"".join(stream) == DATA[150:160] + b"-" + DATA[250:420]
    assert pulled[-1] == 400  # stopped at the chunk holding the last byte wanted
    stream.close()
    assert closed == [True]


def test_str_items_are_encoded() -> None:
    stream = RangeStream(iter(["héllo", " wörld"]), [(1, 9)])
    assert b"".join(stream) == "héllo wörld".encode()[1:9]


def test_short_sources_stop() -> None:
    assert b"".join(RangeStream(iter([b"abc"]), [(1, 10)])) == b"bc"
    assert b"".join(RangeStream(io.BytesIO(b"abc"), [(1, 10)])) == b"bc"


# -- multipart/byteranges --------------------------------------------------------------------------


def parse_multipart(content_type: str, body: bytes) -> list[Message]:
    message = email.message_from_bytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    assert message.is_multipart()
    parts = message.get_payload()
    assert isinstance(parts, list)
    return parts


def test_multipart_pieces_and_length() -> None:
    pieces, total = multipart_byteranges([(0, 2), (5, 7)], 10, "text/plain", "XYZ")
    body = b"".join(p if isinstance(p, bytes) else b"0123456789"[p[0] : p[1]] for p in pieces)
    assert total == len(body)
    assert body == (
        b"--XYZ\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/10\r\n\r\n01"
        b"\r\n--XYZ\r\nContent-Type: text/plain\r\nContent-Range: bytes 5-6/10\r\n\r\n56"
        b"\r\n--XYZ--\r\n"
    )
    bare, _ = multipart_byteranges([(0, 1)], 10, None, "B")
    assert b"Content-Type" not in bare[0]


def _environ(range_value: str) -> dict[str, Any]:
    return {"REQUEST_METHOD": "GET", "HTTP_RANGE": range_value}


@pytest.mark.parametrize("kind", ["bytes", "file", "generator"])
def test_make_conditional_multipart(kind: str) -> None:
    body: Any
    if kind == "bytes":
        body = DATA
    elif kind == "file":
        body = io.BytesIO(DATA)
    else:
        body = (DATA[i : i + 1000] for i in range(0, len(DATA), 1000))
    resp = Response(body, mimetype="application/octet-stream")
    resp.make_conditional(
        _environ("bytes=9000-9099,-10,0-9"), accept_ranges=True, complete_length=len(DATA)
    )
    assert resp.status_code == 206
    assert "content-range" not in resp.headers
    content_type = resp.headers["Content-Type"]
    assert content_type.startswith("multipart/byteranges; boundary=")
    data = b"".join(resp.iter_encoded())
    assert int(resp.headers["Content-Length"]) == len(data)
    parts = parse_multipart(content_type, data)
    spans = [(9000, 9100), (len(DATA) - 10, len(DATA)), (0, 10)]
    if kind == "generator":
        spans.sort()  # a one-pass stream can only be cut in ascending order
    assert len(parts) == 3
    for part, (start, stop) in zip(parts, spans, strict=True):
        assert part["Content-Type"] == "application/octet-stream"
        assert part["Content-Range"] == f"bytes {start}-{stop - 1}/{len(DATA)}"
        assert part.get_payload(decode=True) == DATA[start:stop]


def test_make_conditional_single_range_of_a_file_is_not_buffered() -> None:
    spy = SpyFile(DATA)
    resp = Response(spy, direct_passthrough=True, mimetype="application/octet-stream")
    resp.make_conditional(_environ("bytes=100-199"), accept_ranges=True, complete_length=len(DATA))
    assert resp.status_code == 206
    assert isinstance(resp.response, RangeStream)
    assert spy.reads == []  # nothing read before the body is sent
    assert resp.headers["Content-Range"] == f"bytes 100-199/{len(DATA)}"
    assert resp.headers["Content-Length"] == "100"
    assert b"".join(resp.response) == DATA[100:200]
    assert sum(spy.reads) == 100
    resp.close()
    assert spy.closed


def test_merged_ranges_give_a_single_part() -> None:
    resp = Response(DATA)
    resp.make_conditional(_environ("bytes=0-9,5-19"), accept_ranges=True, complete_length=len(DATA))
    assert resp.status_code == 206
    assert resp.headers["Content-Range"] == f"bytes 0-19/{len(DATA)}"
    assert resp.get_data() == DATA[:20]


@pytest.mark.parametrize("body", [DATA, bytearray(DATA)])
def test_bare_bytes_body(body: Any) -> None:
    resp = Response()
    resp.response = body
    resp.make_conditional(_environ("bytes=3-5"), accept_ranges=True, complete_length=len(DATA))
    assert resp.status_code == 206
    assert b"".join(resp.iter_encoded()) == DATA[3:6]


def test_text_file_is_not_seeked(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("hello")
    with open(path) as text:
        assert range_body.seekable_file(text) is None


def test_werkzeug_send_file_flow(tmp_path: Path) -> None:
    # Werkzeug's (and so Flask's) send_file builds the response with response_class, wraps the file
    # with wrap_file and calls make_conditional(environ, accept_ranges=True, complete_length=size).
    from werkzeug.test import EnvironBuilder
    from werkzeug.utils import send_file

    path = tmp_path / "data.bin"
    path.write_bytes(DATA)

    env = EnvironBuilder(headers={"Range": "bytes=10-19,-5"}).get_environ()
    resp = send_file(path, env, response_class=Response)
    assert isinstance(resp, Response) and resp.status_code == 206
    parts = parse_multipart(resp.headers["Content-Type"], b"".join(resp.iter_encoded()))
    assert [p.get_payload(decode=True) for p in parts] == [DATA[10:20], DATA[-5:]]
    resp.close()

    env = EnvironBuilder(headers={"Range": "bytes=3-4"}).get_environ()
    resp = send_file(path, env, response_class=Response)
    assert resp.headers["Content-Range"] == f"bytes 3-4/{len(DATA)}"
    assert b"".join(resp.iter_encoded()) == DATA[3:5]
    resp.close()

    etag = resp.headers["ETag"]
    env = EnvironBuilder(headers={"If-None-Match": etag, "Range": "bytes=3-4"}).get_environ()
    resp = send_file(path, env, response_class=Response)
    assert resp.status_code == 304
    resp.close()

    env = EnvironBuilder(headers={"Range": f"bytes={len(DATA)}-"}).get_environ()
    with pytest.raises(RequestedRangeNotSatisfiable) as info:
        send_file(path, env, response_class=Response)
    assert info.value.length == len(DATA)
