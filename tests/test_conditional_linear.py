"""Issue 10 section 5: every request header the conditional code reads is read in linear time.

A member such as ``'"a"' + " " * n + "x"`` in If-None-Match once took 1 s at 16 KB and 4 s at 32 KB,
holding the GIL, so one request stalled every connection of a threaded server. Each request header
that make_conditional reads (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since,
If-Range, Range) is fed junk of several shapes at 8 KB and 64 KB: the work must grow about 8 times,
not 64 (see tests/complexity.py: growth is compared, never a time budget).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from genresp import Response
from tests.complexity import GROWTH_LIMIT, growth

SMALL, LARGE = 8 * 1024, 64 * 1024
DATE = "Thu, 01 Dec 1994 16:00:00 GMT"

#: shape name -> junk of about n characters.
SHAPES: dict[str, Callable[[int], str]] = {
    "tag then spaces then junk": lambda n: '"a"' + " " * n + "x",
    "tabs around a tag": lambda n: "\t" * (n // 2) + '"a"' + "\t" * (n // 2) + "y",
    "spaces then junk": lambda n: " " * n + "x",
    "unterminated tag": lambda n: '"' + "a" * n,
    "unterminated weak tags": lambda n: 'W/"' * (n // 3),
    "many tags": lambda n: '"a", ' * (n // 5),
    "many commas": lambda n: "," * n,
    "quoted commas": lambda n: '"' + "a," * (n // 2),
    "backslashes and quotes": lambda n: '\\"' * (n // 2),
    "date then spaces then junk": lambda n: DATE + " " * n + "x",
    "digits": lambda n: "1" * n,
    "range zeros": lambda n: "bytes=" + "0" * n + "-1",
    "range specs": lambda n: "bytes=" + "0-1," * (n // 4),
    "range spaces": lambda n: "bytes=" + " " * n + "0-1x",
    "range dashes": lambda n: "bytes=" + "-" * n,
}
HEADERS = [
    "If-Match",
    "If-None-Match",
    "If-Modified-Since",
    "If-Unmodified-Since",
    "If-Range",
    "Range",
]


def conditional_reader(header: str) -> Callable[[str], object]:
    """make_conditional on a GET whose `header` holds the junk (If-Range comes with a Range)."""

    def read(value: str) -> object:
        environ = {"REQUEST_METHOD": "GET", f"HTTP_{header.upper().replace('-', '_')}": value}
        if header == "If-Range":
            environ["HTTP_RANGE"] = "bytes=0-1"
        resp = Response(b"0123456789")
        resp.headers["ETag"] = '"a"'
        resp.headers["Last-Modified"] = DATE
        try:
            resp.make_conditional(environ, accept_ranges=True, complete_length=10)
        except Exception as exc:  # noqa: BLE001 - a 416 is an answer too; only the time matters
            return exc
        return resp.status_code

    return read


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("header", HEADERS)
def test_conditional_request_header_is_read_in_linear_time(header: str, shape: str) -> None:
    make = SHAPES[shape]
    ratio = growth(conditional_reader(header), make(SMALL), make(LARGE))
    assert ratio is None or ratio <= GROWTH_LIMIT, f"{header} grows {ratio:.1f}x on {shape!r}"


def test_the_reported_if_none_match_shape_still_answers_correctly() -> None:
    read = conditional_reader("If-None-Match")
    # The junk member is not an entity-tag, so nothing matches: the full 200.
    assert read('"a"' + " " * 1000 + "x") == 200
    assert read('"a"' + " " * 1000 + ', "b"') == 304
    assert read('"b", "a"' + " " * 1000) == 304
