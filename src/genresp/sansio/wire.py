"""What a response puts on the wire, whatever the server interface: the header list and whether a
body may follow. The WSGI glue (`genresp.wsgi`) and the ASGI glue (`genresp.asgi`) both send what
`header_items` returns; neither knows a header rule of its own.
"""

from __future__ import annotations

from _collections_abc import Callable, Iterator

from .._typing import Any, Protocol, TypeVar
from ..datastructures.headers import Headers
from .body import content_length_str

_Request = TypeVar("_Request")


class WireResponse(Protocol):
    """What header_items needs from a response (the server glue adds autocorrect_location_header)."""

    headers: Headers
    response: Any
    _status_pair: tuple[str, int]
    autocorrect_location_header: bool
    automatically_set_content_length: bool

    def iter_encoded(self) -> Iterator[bytes]: ...


#: Statuses whose responses never carry content: 1xx, 204 and 304 (RFC 9110 6.4.1). clean_status
#: keeps codes in 100-999, so this range covers every code below 200. A set, so the hot path pays
#: one lookup.
NO_CONTENT_STATUS = frozenset((*range(100, 200), 204, 304))

# Representation headers a 304 must not carry (RFC 9110 15.4.5 lets it send only the validator and cache
# fields a 200 would have had); Expires and Content-Location stay, as in Werkzeug 2.3.
_NOTHING: frozenset[str] = frozenset()
_NO_CONTENT_LENGTH = frozenset({"content-length"})
_NO_REPLACEMENTS: dict[str, tuple[str, str]] = {}
_NOT_IN_304 = frozenset(
    {
        "allow",
        "content-encoding",
        "content-language",
        "content-length",
        "content-md5",
        "content-range",
        "content-type",
        "last-modified",
    }
)

#: Characters left unquoted per URL part: the RFC 3986 reserved and unreserved sets that may appear
#: there (2 and 3.3-3.5), plus "%" so that existing percent-escapes survive a second pass.
SAFE_PATH = "%!$&'()*+,/:;=@"
_SAFE_QUERY = "%!$&'()*+,/:;=?@"
_SAFE_FRAGMENT = "%!#$&'()*+,/:;=?@"
_SAFE_USERINFO = "%!$&'()*+,;="


def iri_to_uri(iri: str) -> str:
    """Turn an IRI into a URI (RFC 3987 3.1): UTF-8 percent-encode what RFC 3986 does not allow in each
    part, and the host to IDNA (punycode). Never raises on a host the IDNA codec rejects: it is
    percent-encoded instead."""
    # URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]   (RFC 3986 3)
    from urllib.parse import quote, urlsplit, urlunsplit  # only non-ASCII locations get here

    parts = urlsplit(iri)
    host = parts.hostname or ""
    if host:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = quote(host, safe="!$&'()*+,;=:")
        if ":" in host:  # IP-literal = "[" IPv6address "]"   (RFC 3986 3.2.2)
            host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: keep the IRI's text after the host as is
        port = None
    netloc = f"{host}:{port}" if port else host
    if parts.username:
        auth = quote(parts.username, safe=_SAFE_USERINFO)
        if parts.password:
            auth = f"{auth}:{quote(parts.password, safe=_SAFE_USERINFO)}"
        netloc = f"{auth}@{netloc}"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=SAFE_PATH),
            quote(parts.query, safe=_SAFE_QUERY),
            quote(parts.fragment, safe=_SAFE_FRAGMENT),
        )
    )


def _location_to_uri(location: str) -> str:
    """Location values that are already plain ASCII without whitespace are sent untouched (so schemes
    such as itms-services:// keep their "//"); anything else goes through iri_to_uri."""
    # Stored values hold no control characters but HTAB (Headers refuses them), so space and tab are
    # the only whitespace to look for.
    if location.isascii() and " " not in location and "\t" not in location and location:
        return location
    return iri_to_uri(location)


def _location_sent_as_is(resp: WireResponse, headers: Headers) -> bool:
    """Whether the one stored Location line goes out unchanged: it is already a plain URI and is not
    to be made absolute (a redirect, an API's created resource). False for several lines."""
    location = headers._only("location")
    return (
        location is not None
        and not resp.autocorrect_location_header
        and _location_to_uri(location[1]) is location[1]
    )


def items_follow_from_pairs(resp: WireResponse) -> bool:
    """Whether header_items gives every response with these stored pairs (none repeated), this kind
    of status (with content; 1xx or 204; 304) and, for a status with content and no Content-Length,
    this kind of body (buffered or not) the same list: true unless a Location is to be made absolute
    against the request (autocorrect_location_header), or a buffered body is to be measured for its
    Content-Length. The ASGI glue remembers the lists for which it holds; a response with a Location
    and autocorrect_location_header on must not take one that has a Location."""
    headers = resp.headers
    if resp.autocorrect_location_header and headers._first("location") is not None:
        return False
    return (
        resp._status_pair[1] in NO_CONTENT_STATUS
        or headers._first("content-length") is not None
        or not isinstance(resp.response, (list, tuple))
    )


def header_items(
    resp: WireResponse, request_url: Callable[[_Request], str], request: _Request
) -> list[tuple[str, str]]:
    """The (name, value) pairs to send (a new list; the response's headers are unchanged).

    Location and Content-Location go out as URIs (Location made absolute against
    ``request_url(request)`` when ``resp.autocorrect_location_header``); 1xx and 204 lose
    Content-Length, 304 the representation headers; a buffered (list or tuple) body gets its
    Content-Length when ``resp.automatically_set_content_length``.
    """
    headers = resp.headers
    status = resp._status_pair[1]
    if status not in NO_CONTENT_STATUS:
        # The common case: nothing to drop, rewrite or add; the stored pairs are the header list.
        # (A buffered body without a Content-Length gets one added below.)
        buffered = isinstance(resp.response, (list, tuple))
        required = "content-length" if buffered else None
        items = headers._items_if_unset("content-location", "location", required)
        if items is not None:
            return items
        if _location_sent_as_is(resp, headers):
            items = headers._items_if_unset("content-location", None, required)
            if items is not None:
                return items
        items = _adjusted_items(resp, request_url, request, status, True)
        if (
            buffered
            and headers._get1("content-length") is None
            and resp.automatically_set_content_length
        ):
            length = sum(map(len, resp.iter_encoded()))
            items.append(("Content-Length", content_length_str(length)))
        return items
    return _adjusted_items(resp, request_url, request, status, False)


def _adjusted_items(
    resp: WireResponse,
    request_url: Callable[[_Request], str],
    request: _Request,
    status: int,
    has_content: bool,
) -> list[tuple[str, str]]:
    """The stored pairs without what this status may not carry, and with each of Location and
    Content-Location sent as one URI value (the last one given) in the place of its first line."""
    headers = resp.headers
    if status == 304:
        drop = _NOT_IN_304
    elif not has_content:
        drop = _NO_CONTENT_LENGTH  # RFC 9110 8.6: no Content-Length in a 1xx or 204 response
    else:
        drop = _NOTHING
    if headers._first("location") is None and headers._first("content-location") is None:
        return headers._items_replacing(drop, _NO_REPLACEMENTS)  # (a 304, mostly)
    replaced: dict[str, tuple[str, str]] = {}
    locations = headers._all("location")
    if locations:
        location = _location_to_uri(locations[-1][1])
        if resp.autocorrect_location_header:
            from urllib.parse import urljoin

            location = urljoin(request_url(request), location)
        if len(locations) > 1 or location is not locations[0][1]:
            replaced["location"] = ("Location", location)
    content_locations = headers._all("content-location")
    if content_locations:
        value = iri_to_uri(content_locations[-1][1])
        replaced["content-location"] = ("Content-Location", value)
    return headers._items_replacing(drop, replaced)
