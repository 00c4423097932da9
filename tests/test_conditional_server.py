"""Ranges and conditional requests through a real server (waitress): a 10 MB file body, checked for
bytes, headers and the memory the server side uses (it must stay far below the file size)."""

from __future__ import annotations

import email
import hashlib
import io
import os
import socket
import tracemalloc
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from waitress.adjustments import Adjustments

from genresp import Response
from genresp.exceptions import RequestedRangeNotSatisfiable
from tests.servers import connect, request, serve

SIZE = 10 * 1024 * 1024
LM = "Wed, 21 Oct 2015 07:28:00 GMT"
TAG = '"file-v1"'


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ranges") / "big.bin"
    with open(path, "wb") as f:
        for _ in range(SIZE // (1024 * 1024)):
            f.write(os.urandom(1024 * 1024))
    return path


# Sizes of the reads the server made on the file, most recent request last.
READS: list[int] = []


class CountingFile(io.FileIO):
    """An unbuffered file that records the size of every read."""

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        READS.append(len(data))
        return data


def file_app(path: Path) -> Any:
    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        # The body is the server's file wrapper, as Flask's send_file does it.
        body = environ["wsgi.file_wrapper"](CountingFile(path, "rb"), 64 * 1024)
        resp = Response(body, direct_passthrough=True, mimetype="application/octet-stream")
        resp.headers["Content-Length"] = str(SIZE)
        resp.headers["Last-Modified"] = LM
        resp.headers["Cache-Control"] = "max-age=60"
        resp.set_etag("file-v1")
        try:
            resp.make_conditional(environ, accept_ranges=True, complete_length=SIZE)
        except RequestedRangeNotSatisfiable as exc:
            resp.close()
            return exc(environ, start_response)
        return resp(environ, start_response)  # type: ignore[no-any-return]

    return app


@pytest.fixture(scope="module")
def base_url(big_file: Path) -> Iterator[str]:
    # The measurement is of the whole process, server included. Waitress reads SO_SNDBUF bytes at
    # a time from its output buffer (several MB on loopback) and keeps up to 1 MB of output in
    # memory before spilling to a temporary file, and lets 16 MB of output pile up before it makes
    # the application wait; all three are narrowed here so that what remains is
    # what the response code holds. Accepted sockets inherit SO_SNDBUF from waitress's
    # socket_options, a class attribute rather than a keyword adjustment.
    with pytest.MonkeyPatch.context() as patch:
        small_sndbuf = (socket.SOL_SOCKET, socket.SO_SNDBUF, 128 * 1024)
        patch.setattr(Adjustments, "socket_options", [*Adjustments.socket_options, small_sndbuf])
        with serve(
            file_app(big_file),
            outbuf_overflow=256 * 1024,
            outbuf_high_watermark=1024 * 1024,
        ) as url:
            yield url


def file_slice(path: Path, start: int, stop: int) -> bytes:
    with open(path, "rb") as f:
        f.seek(start)
        return f.read(stop - start)


def streamed(base_url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], str, int]:
    """GET with the body read in blocks: (status, headers, sha256 of the body, body length)."""
    conn = connect(base_url)
    try:
        conn.request("GET", "/", headers=headers)
        resp = conn.getresponse()
        digest = hashlib.sha256()
        length = 0
        while block := resp.read(64 * 1024):
            digest.update(block)
            length += len(block)
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, digest.hexdigest(), length
    finally:
        conn.close()


def file_digest(path: Path, start: int, stop: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        f.seek(start)
        remaining = stop - start
        while remaining:
            block = f.read(min(remaining, 64 * 1024))
            digest.update(block)
            remaining -= len(block)
    return digest.hexdigest()


def one(fields: dict[str, list[str]], name: str) -> str:
    values = fields[name]
    assert len(values) == 1, (name, values)
    return values[0]


def test_single_range(base_url: str, big_file: Path) -> None:
    status, fields, body = request(base_url, "GET", "/", {"Range": "bytes=5000000-5000999"})
    assert status == 206
    assert one(fields, "content-range") == f"bytes 5000000-5000999/{SIZE}"
    assert one(fields, "content-length") == "1000"
    assert one(fields, "accept-ranges") == "bytes"
    assert one(fields, "etag") == TAG
    assert body == file_slice(big_file, 5_000_000, 5_001_000)


def test_suffix_range(base_url: str, big_file: Path) -> None:
    status, fields, body = request(base_url, "GET", "/", {"Range": "bytes=-100"})
    assert status == 206
    assert one(fields, "content-range") == f"bytes {SIZE - 100}-{SIZE - 1}/{SIZE}"
    assert body == file_slice(big_file, SIZE - 100, SIZE)


def test_multiple_ranges(base_url: str, big_file: Path) -> None:
    status, fields, body = request(
        base_url, "GET", "/", {"Range": "bytes=9000000-9000099,0-99,-10"}
    )
    assert status == 206
    content_type = one(fields, "content-type")
    assert content_type.startswith("multipart/byteranges; boundary=")
    assert int(one(fields, "content-length")) == len(body)
    message = email.message_from_bytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    parts = message.get_payload()
    assert isinstance(parts, list)
    spans = [(9_000_000, 9_000_100), (0, 100), (SIZE - 10, SIZE)]  # request order (seekable)
    assert len(parts) == len(spans)
    for part, (start, stop) in zip(parts, spans, strict=True):
        assert part["Content-Range"] == f"bytes {start}-{stop - 1}/{SIZE}"
        assert part["Content-Type"] == "application/octet-stream"
        assert part.get_payload(decode=True) == file_slice(big_file, start, stop)


def test_unsatisfiable(base_url: str) -> None:
    status, fields, _ = request(base_url, "GET", "/", {"Range": f"bytes={SIZE}-"})
    assert status == 416
    assert one(fields, "content-range") == f"bytes */{SIZE}"


def test_not_modified_wins_over_range(base_url: str) -> None:
    for extra in ({}, {"Range": "bytes=0-99"}, {"Range": f"bytes={SIZE}-"}):
        status, fields, body = request(base_url, "GET", "/", {"If-None-Match": TAG, **extra})
        assert status == 304, extra
        assert body == b""
        assert one(fields, "etag") == TAG
        assert one(fields, "cache-control") == "max-age=60"
        assert "date" in fields
        for name in ("content-range", "content-type"):
            assert name not in fields


def test_precondition_failed_wins_over_range(base_url: str) -> None:
    status, fields, body = request(
        base_url, "GET", "/", {"If-Match": '"old"', "Range": "bytes=0-9"}
    )
    assert status == 412
    assert body == b""
    assert "content-range" not in fields


def test_head_ignores_range(base_url: str) -> None:
    status, fields, body = request(base_url, "HEAD", "/", {"Range": "bytes=0-9"})
    assert status == 200
    assert one(fields, "content-length") == str(SIZE)
    assert body == b""


def test_large_ranges_stream_with_little_memory(base_url: str, big_file: Path) -> None:
    # (request fields, status, body start and stop in the file, bytes RangeStream reads or None)
    cases: list[tuple[dict[str, str], int, int | None, int | None, int | None]] = [
        ({"Range": "bytes=1000-"}, 206, 1000, SIZE, SIZE - 1000),
        ({"Range": "bytes=0-8999999,9500000-"}, 206, None, None, 9_000_000 + SIZE - 9_500_000),
        ({"Range": "bytes=0-99", "If-Range": '"other"'}, 200, 0, SIZE, None),
        ({}, 200, 0, SIZE, None),
    ]
    for headers, expected_status, start, stop, ranged_reads in cases:
        peaks = []
        # The peak is of the whole process, waitress's buffers included, which depend on how fast
        # the client drains them on a loaded machine: the best of three attempts is what counts.
        for _ in range(3):
            READS.clear()
            tracemalloc.start()
            try:
                status, fields, digest, length = streamed(base_url, headers)
                peaks.append(tracemalloc.get_traced_memory()[1])
            finally:
                tracemalloc.stop()
            assert status == expected_status, headers
            assert int(fields["content-length"]) == length
            if start is not None and stop is not None:
                assert digest == file_digest(big_file, start, stop)
                assert length == stop - start
            else:
                assert length > 9_500_000  # two big parts plus the multipart framing
            if ranged_reads is not None:
                # Seek + bounded reads: only the requested bytes are read, 64 KiB at a time.
                assert max(READS) <= 64 * 1024
                assert sum(READS) == ranged_reads
            if min(peaks) < SIZE // 4:
                break
        # Far below the 10 MB body: nothing is buffered whole, on either side.
        assert min(peaks) < SIZE // 4, (headers, peaks)
