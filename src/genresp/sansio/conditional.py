"""ETag helpers and make_conditional: the response side of conditional and range requests.

`ConditionalMixin` reads the request (a WSGI environ, an ASGI scope or a request object), asks
`genresp.sansio.preconditions` what the request calls for, and turns the response into a 304, 412
or 206 (`genresp.sansio.range_body` cuts the body). The evaluation functions are re-exported here,
where they were first published.
"""

from __future__ import annotations

from time import time

from .._cache import remember
from .._grammar import http_date, quote_etag, unquote_etag
from .._typing import Any, Protocol, TypeVar
from ..datastructures.headers import Headers, check_value
from ..exceptions import RequestedRangeNotSatisfiable
from ..http import generate_etag
from .preconditions import (
    MAX_RANGE_SPECS,
    Decision,
    HeaderGetter,
    RequestFields,
    decide,
    environ_header_getter,
    evaluate_conditional,
    evaluate_if_range,
    evaluate_preconditions,
    request_fields,
    request_of,
    resolve_ranges,
    scope_header_getter,
)
from .range_body import RangeStream, buffered_ranges, multipart_byteranges, seekable_file

__all__ = [
    "MAX_RANGE_SPECS",
    "ConditionalMixin",
    "Decision",
    "HeaderGetter",
    "RangeStream",
    "environ_header_getter",
    "evaluate_conditional",
    "evaluate_if_range",
    "evaluate_preconditions",
    "multipart_byteranges",
    "resolve_ranges",
    "scope_header_getter",
]

# -- the response mixin ----------------------------------------------------------------------------

# The Date field of the current second, (unix second, ("Date", IMF-fixdate)): make_conditional
# formats the clock once a second rather than on every call, and the responses of one second share
# the pair. It is replaced whole, so a thread reading it sees a matching second and text.
_date_now: tuple[int, tuple[str, str]] = (-1, ("Date", ""))


def _date_pair_at(second: int) -> tuple[str, str]:
    """The Date field for a unix second, remembered as the current one."""
    global _date_now
    pair = ("Date", http_date(second))
    _date_now = (second, pair)
    return pair


_ACCEPT_BYTES = ("Accept-Ranges", "bytes")

# Unquoted strong tags -> their ("ETag", '"tag"') pair: a resource's tag is set again on every
# request for it, and the checks and quoting were most of set_etag. Bounded by genresp._cache.
_strong_etag_pairs: dict[str, tuple[str, str]] = {}


def _etag_pair(etag: str, weak: bool) -> tuple[str, str]:
    """The ETag pair of an unquoted tag (see set_etag); strong ones are remembered."""
    if type(etag) is str and '"' not in etag and etag.isascii() and etag.isprintable():
        # Nothing to refuse (no quote, no control, nothing above ASCII for the character
        # rule to look at): quote it as quote_etag would.
        value = f'W/"{etag}"' if weak else f'"{etag}"'
    else:
        value = quote_etag(etag, weak)
    pair = ("ETag", value)
    if not weak and type(etag) is str:
        remember(_strong_etag_pairs, etag, pair)
    return pair


class _ConditionalResponse(Protocol):
    """What ConditionalMixin needs from the response it is mixed into."""

    headers: Headers
    response: Any
    automatically_set_content_length: bool
    _status_pair: tuple[str, int]

    @property
    def status_code(self) -> int: ...

    @status_code.setter
    def status_code(self, code: int) -> None: ...

    def get_data(self) -> Any: ...

    def calculate_content_length(self) -> int | None: ...

    def set_etag(self, etag: str, weak: bool = False) -> None: ...


#: The response make_conditional is called on: it returns that very object, typed as such.
_CR = TypeVar("_CR", bound=_ConditionalResponse)


class ConditionalMixin:
    """ETag helpers and make_conditional (RFC 9110 13 and 14) for the response."""

    __slots__ = ()

    def get_etag(self: _ConditionalResponse) -> tuple[str, bool] | tuple[None, None]:
        """The ETag as ``(opaque-tag, is_weak)``, or ``(None, None)`` without one."""
        return unquote_etag(self.headers._get1("etag"))

    def set_etag(self: _ConditionalResponse, etag: str, weak: bool = False) -> None:
        """Set the ETag from an unquoted value, replacing any previous one."""
        pair = _strong_etag_pairs.get(etag) if not weak and type(etag) is str else None
        if pair is None:
            pair = _etag_pair(etag, weak)
        # Headers._set_item, inline.
        headers = self.headers
        headers._d["etag"] = pair
        more = headers._more
        if more is not None and "etag" in more:
            del more["etag"]

    def add_etag(self: _ConditionalResponse, overwrite: bool = False, weak: bool = False) -> None:
        """Set the ETag to the SHA-1 of the body unless there is one (or ``overwrite``).

        The body is buffered to hash it, as in Werkzeug.
        """
        if overwrite or self.headers._get1("etag") is None:
            self.set_etag(generate_etag(self.get_data()), weak)

    def make_conditional(
        self: _CR,
        request_or_environ: Any,
        accept_ranges: bool | str = False,
        complete_length: int | None = None,
    ) -> _CR:
        """Make the response answer the request's preconditions and Range (RFC 9110 13.2.2, 14).

        ``request_or_environ`` is a WSGI environ or any request with ``.environ`` (or an ASGI scope,
        or a request with ``.scope``). The response
        becomes a 304 or 412 when a precondition fails, or a 206 (one range, or several as
        multipart/byteranges) when a Range applies; an unsatisfiable Range raises
        RequestedRangeNotSatisfiable carrying ``length``. ``accept_ranges`` (True means "bytes")
        sets Accept-Ranges; ranges are served only with it and a known ``complete_length``.
        Date is set when missing; a Content-Length already set is kept (except on a 206).
        Returns the response.
        """
        source = request_or_environ
        if type(source) is dict and "REQUEST_METHOD" in source:
            # A WSGI environ (the usual case): its keys are read directly, without a getter.
            method = source["REQUEST_METHOD"]
            get = source.get
            fields: RequestFields = (
                (method if type(method) is str else str(method)).upper(),
                get("HTTP_IF_MATCH"),
                get("HTTP_IF_UNMODIFIED_SINCE"),
                get("HTTP_IF_NONE_MATCH"),
                get("HTTP_IF_MODIFIED_SINCE"),
                get("HTTP_RANGE"),
                get("HTTP_IF_RANGE"),
            )
        else:
            fields = request_fields(*request_of(source))
        return answer_conditional(self, fields, accept_ranges, complete_length)


def answer_conditional(
    self: _CR, fields: RequestFields, accept_ranges: bool | str, complete_length: int | None
) -> _CR:
    """make_conditional once the request fields are read: ``fields`` is (METHOD, If-Match,
    If-Unmodified-Since, If-None-Match, If-Modified-Since, Range, If-Range), None for an absent
    field. The server glue that reads a request its own way (genresp.asgi) calls this directly."""
    headers = self.headers
    stored = headers._d
    if "date" not in stored:
        # (Date never waits to be rendered, and an absent name has no repeated lines: a plain store.)
        second = int(time())
        now = _date_now
        stored["date"] = now[1] if now[0] == second else _date_pair_at(second)

    serve_ranges = False
    if accept_ranges is True:
        stored["accept-ranges"] = _ACCEPT_BYTES  # Headers._set_item, inline
        more = headers._more
        if more is not None and "accept-ranges" in more:
            del more["accept-ranges"]
        serve_ranges = True
    elif accept_ranges:
        unit = check_value("Accept-Ranges", accept_ranges)
        headers._set1("accept-ranges", "Accept-Ranges", unit)
        # Accept-Ranges = acceptable-ranges ; "none" or a list of units  (RFC 9110 14.3)
        serve_ranges = "bytes" in (u.strip().lower() for u in unit.split(","))

    own_status = self._status_pair[1]
    status, ranges = decide(*fields, headers._get1, own_status, complete_length, serve_ranges)
    if status == 416:
        # The caller gets an exception instead of this response, and send_file-style callers
        # drop the response: close its body (an open file) now rather than leak it.
        _close_body(self)
        raise RequestedRangeNotSatisfiable(complete_length, response_class=type(self))
    if status == 206:
        assert complete_length is not None
        _apply_ranges(self, ranges, complete_length)
        return self
    if status == 412:
        # The representation is not what the client bargained for: do not send it.
        _close_body(self)
        nothing: list[bytes] = []
        self.response = nothing
        headers._del("content-length")
        headers._del("content-range")
    if status != own_status:
        self.status_code = status
    # A 304 has no body to measure (and measuring would buffer a streamed one).
    if (
        status != 304
        and self.automatically_set_content_length
        and headers._get1("content-length") is None
    ):
        length = self.calculate_content_length()
        if length is not None:
            headers._set1("content-length", "Content-Length", str(length))
    return self


# (start, stop, complete length) -> the Content-Range and Content-Length pairs of that one-range 206:
# the spans a site serves repeat as its Range values do (whose resolutions are cached the same way),
# and formatting three numbers was the largest step of the answer. Bounded by genresp._cache.
_range_fields: dict[tuple[int, int, int], tuple[tuple[str, str], tuple[str, str]]] = {}


def _one_range_fields(
    start: int, stop: int, complete_length: int
) -> tuple[tuple[str, str], tuple[str, str]]:
    """The (Content-Range, Content-Length) pairs of the span [start, stop) of complete_length."""
    key = (start, stop, complete_length)
    fields = _range_fields.get(key)
    if fields is None:
        fields = (
            ("Content-Range", f"bytes {start}-{stop - 1}/{complete_length}"),
            ("Content-Length", str(stop - start)),
        )
        remember(_range_fields, key, fields)
    return fields


def _close_body(resp: _ConditionalResponse) -> None:
    close = getattr(resp.response, "close", None)
    if callable(close):
        close()


def _apply_ranges(
    resp: _ConditionalResponse, spans: tuple[tuple[int, int], ...], complete_length: int
) -> None:
    """Turn ``resp`` into a 206 carrying ``spans`` of its body (RFC 9110 15.3.7)."""
    headers = resp.headers
    body = resp.response
    if len(spans) == 1 and type(body) is list and len(body) == 1 and type(body[0]) is bytes:
        # One span of one bytes item (what set_data stores): a slice, without joining a copy.
        start, stop = spans[0]
        resp.response = [body[0][start:stop]]
        stored = headers._d
        stored["content-range"], stored["content-length"] = _one_range_fields(
            start, stop, complete_length
        )
        more = headers._more
        if more is not None:  # (Headers._set_item's rest: their repeated lines go)
            more.pop("content-range", None)
            more.pop("content-length", None)
        resp.status_code = 206
        return
    if isinstance(body, (bytes, bytearray, str)):
        body = [body]  # a bare value assigned to .response: iterating it would give ints or chars
    in_memory = isinstance(body, (list, tuple))
    pieces: list[bytes | tuple[int, int]]
    if len(spans) == 1:
        start, stop = spans[0]
        pieces = [(start, stop)]
        length = stop - start
        headers._set1(
            "content-range", "Content-Range", f"bytes {start}-{stop - 1}/{complete_length}"
        )
    else:
        if not in_memory and seekable_file(body) is None:
            # A one-pass stream can only be cut in ascending order.
            spans = tuple(sorted(spans))
        import secrets  # only multipart answers need it

        boundary = secrets.token_hex(16)
        pieces, length = multipart_byteranges(
            spans, complete_length, headers._get1("content-type"), boundary
        )
        headers._set1("content-type", "Content-Type", f"multipart/byteranges; boundary={boundary}")
        headers._del("content-range")
    resp.response = [buffered_ranges(pieces, body)] if in_memory else RangeStream(body, pieces)
    headers._set1("content-length", "Content-Length", str(length))
    resp.status_code = 206
