"""The sans-IO response: status, headers and content type, plus the body, cookie and conditional mixins.

Nothing here knows about WSGI or ASGI; `genresp.response.Response` adds the WSGI glue on top.
"""

from __future__ import annotations

from _collections_abc import Callable, Iterable, Mapping

from .._cache import remember
from .._class_flags import FastFlags, add_rule
from .._fields import PARSED
from .._generated.headers import GeneratedResponseHeaders
from .._typing import Any
from ..cookies import CookieMixin
from ..datastructures._callback_dict import CallbackDict
from ..datastructures.headers import Headers, check_value
from ..http import HTTP_STATUS_CODES, dump_options_header, parse_options_header
from .body import _LENGTH_ITEMS, BodyMixin
from .conditional import ConditionalMixin

# Media types that get "; charset=utf-8" appended when given as a bare mimetype, beside text/* and */*+xml.
_CHARSET_MIMETYPES = frozenset(
    {
        "application/ecmascript",
        "application/javascript",
        "application/sql",
        "application/xml",
        "application/xml-dtd",
        "application/xml-external-parsed-entity",
    }
)


def get_content_type(mimetype: str, charset: str = "utf-8") -> str:
    """The Content-Type for a mimetype: text types (and the few named above) get a charset parameter."""
    if (
        mimetype.startswith("text/") or mimetype in _CHARSET_MIMETYPES or mimetype.endswith("+xml")
    ) and ";" not in mimetype:
        return f"{mimetype}; charset={charset}"
    return mimetype


# ("Content-Type", value) pairs of the mimetypes seen so far, shared by every response that uses them:
# saves building (and storing) the same string and tuple per response. Bounded against unbounded input.
_CONTENT_TYPE_ITEMS: dict[str, tuple[str, str]] = {}


def _content_type_item(mimetype: str) -> tuple[str, str]:
    item = _CONTENT_TYPE_ITEMS.get(mimetype)
    if item is None:
        item = ("Content-Type", check_value("Content-Type", get_content_type(mimetype)))
        remember(_CONTENT_TYPE_ITEMS, mimetype, item)
    return item


def _status_line(code: int) -> str:
    reason = HTTP_STATUS_CODES.get(code)
    return f"{code} {reason.upper()}" if reason else f"{code} UNKNOWN"


# (status line, code) of the known codes, built once: `Response(status=404)` is then a dict probe,
# and every response with a known status shares the pair (one slot, no allocation).
_STATUS_PAIRS: dict[int, tuple[str, int]] = {
    code: (_status_line(code), code) for code in HTTP_STATUS_CODES
}


# (An HTTPStatus is an int, so `int | str` annotations take it; the name is not imported at run time.)
def clean_status(value: int | str) -> tuple[str, int]:
    """The (status line, code) for an int, an HTTPStatus, "404" or "404 Not Here"; ValueError otherwise.

    Unlike Werkzeug, which turns a status without a code into "0 <text>", a status must start with a code
    in 100-999 (RFC 9110 15: status-code = 3DIGIT), and the reason phrase may not hold control characters.
    """
    if isinstance(value, int):  # HTTPStatus is an int too
        code = int(value)
        pair = _STATUS_PAIRS.get(code)
        if pair is not None:
            return pair
        if not 100 <= code <= 999 or isinstance(value, bool):
            raise ValueError(f"Invalid status code {value!r}: expected an integer in 100-999")
        return _status_line(code), code
    if not isinstance(value, str):
        raise TypeError(
            f"Status must be an int, str or HTTPStatus, not {type(value).__name__}: {value!r}"
        )
    # Control characters are refused before stripping, which would otherwise hide a CR/LF at either end.
    text = check_value("status", value).strip(" ")
    if not text:
        raise ValueError("Empty status argument")
    code_text, sep, reason = text.partition(" ")
    if (
        not (len(code_text) == 3 and code_text.isascii() and code_text.isdigit())
        or code_text[0] == "0"
    ):
        raise ValueError(
            f"Invalid status {value!r}: it must start with a three-digit code in 100-999"
        )
    code = int(code_text)
    if not sep:
        return _STATUS_PAIRS.get(code) or (_status_line(code), code)
    return f"{code} {reason.strip(' ')}", code


class _MimetypeParams(CallbackDict[str]):
    """The Content-Type parameters; errors name the header."""

    __slots__ = ()
    _what = "Content-Type"


class Response(
    CookieMixin, ConditionalMixin, BodyMixin, GeneratedResponseHeaders, metaclass=FastFlags
):
    """An HTTP response without I/O: status, headers (typed attributes generated from the spec) and body."""

    __slots__ = (
        "headers",
        "_status_pair",
        "response",
        # __dict__ keeps per-instance overrides working (resp.automatically_set_content_length = False);
        # __weakref__ keeps the layout of a subclass without __slots__ compatible (force_type).
        "__dict__",
        "__weakref__",
    )

    headers: Headers
    response: Any
    # (status line, code): one slot; known statuses share a pair from _STATUS_PAIRS.
    _status_pair: tuple[str, int]

    # Rarely changed per response, so they are class defaults rather than slots (a slot is 8 bytes in
    # every live response); an instance that changes one stores it in its __dict__.
    #: Hand the body to the server unchanged (see BodyMixin).
    direct_passthrough: bool = False
    _on_close: list[Callable[[], Any]] | None = None

    #: The status used when none is given.
    default_status = 200
    #: The mimetype used when neither mimetype nor content_type is given.
    default_mimetype: str | None = "text/html"

    # Set by _init_flags for every class (genresp._class_flags keeps them true to the class): the
    # class keeps genresp's __init__ and set_data, sets Content-Length, and its default_status is a
    # known code, whose (line, code) pair is _default_status_pair.
    _init_fast: bool = False
    _default_status_pair: tuple[str, int] = ("200 OK", 200)

    def __init__(
        self,
        response: Iterable[bytes] | Iterable[str] | bytes | str | None = None,
        status: int | str | None = None,
        headers: Headers | Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        mimetype: str | None = None,
        content_type: str | None = None,
        direct_passthrough: bool = False,
    ) -> None:
        cls = type(self)
        if headers is None and content_type is None and cls._init_fast:
            # The usual response (a body, a mimetype or the default, no headers given) of a class
            # that keeps genresp's __new__, __init__, set_data and defaults (_init_flags): its
            # headers built in one step, every check of the general path below known to pass.
            # (Nothing ran on the instance before this __init__, so the class's attributes are the
            # instance's: read on the class, which costs less.)
            if mimetype is None:
                mimetype = cls.default_mimetype
            h = _new(Headers)
            h._more = None
            self.headers = h
            if type(response) is str or type(response) is bytes:
                data = response.encode() if type(response) is str else response
                n = len(data)
                length = _LENGTH_ITEMS[n] if n < 512 else ("Content-Length", str(n))
                if mimetype is None:
                    h._d = {"content-length": length}
                else:
                    h._d = {
                        "content-type": _CONTENT_TYPE_ITEMS.get(mimetype)
                        or _content_type_item(mimetype),
                        "content-length": length,
                    }
                self.response = [data]
            else:
                if mimetype is None:
                    h._d = {}
                else:
                    h._d = {
                        "content-type": _CONTENT_TYPE_ITEMS.get(mimetype)
                        or _content_type_item(mimetype)
                    }
                if response is None:
                    self.response = []
                elif isinstance(response, (str, bytes, bytearray)):
                    self.set_data(response)  # (a bytearray, or a subclass of str or bytes)
                else:
                    self.response = response
            if status is None:
                self._status_pair = cls._default_status_pair
            else:
                pair = _STATUS_PAIRS.get(status) if type(status) is int else None
                self._status_pair = clean_status(status) if pair is None else pair
            if direct_passthrough:
                self.direct_passthrough = True
            return

        # One frame for the other cases (every step inline); unusual input takes the general helpers.
        if headers is None:
            h = Headers()
        elif isinstance(headers, Headers):
            h = headers
        else:
            h = Headers(headers) if headers else Headers()
        self.headers = h

        if content_type is not None:
            h._set1("content-type", "Content-Type", check_value("Content-Type", content_type))
        else:
            if mimetype is None and h._get1("content-type") is None:
                mimetype = self.default_mimetype
            if mimetype is not None:
                item = _CONTENT_TYPE_ITEMS.get(mimetype)
                h._set_item("content-type", item or _content_type_item(mimetype))

        if status is None:
            status = self.default_status
        pair = _STATUS_PAIRS.get(status) if type(status) is int else None
        self._status_pair = clean_status(status) if pair is None else pair

        if direct_passthrough:
            self.direct_passthrough = True
        if response is None:
            self.response = []
        elif (type(response) is str or type(response) is bytes) and type(
            self
        ).set_data is _SET_DATA:
            # set_data, inline (the class did not replace it): a str or bytes body, the usual ones.
            data = response.encode() if type(response) is str else response
            self.response = [data]
            if self.automatically_set_content_length:
                n = len(data)
                h._set_item(
                    "content-length", _LENGTH_ITEMS[n] if n < 512 else ("Content-Length", str(n))
                )
        elif isinstance(response, (str, bytes, bytearray)):
            self.set_data(response)
        else:
            self.response = response

    def __getstate__(self) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        """What pickle and copy keep: the slots and the instance dict, without the remembered parsed
        header values (they hold write-back callbacks, local functions pickle cannot store)."""
        state = {k: v for k, v in self.__dict__.items() if k != PARSED}
        slots = {}
        for klass in type(self).__mro__:
            for name in klass.__dict__.get("__slots__", ()):
                if name not in ("__dict__", "__weakref__") and hasattr(self, name):
                    slots[name] = getattr(self, name)
        return state or None, slots

    # -- status ------------------------------------------------------------------------------------

    @property
    def status(self) -> str:
        """The status line without the protocol, such as "200 OK"."""
        return self._status_pair[0]

    @status.setter
    def status(self, value: int | str) -> None:
        self._status_pair = clean_status(value)

    @property
    def status_code(self) -> int:
        """The status code as an int, such as 200."""
        return self._status_pair[1]

    @status_code.setter
    def status_code(self, code: int) -> None:
        # A known code as an int (make_conditional's 206/304/412, most assignments): one dict probe.
        pair = _STATUS_PAIRS.get(code) if type(code) is int else None
        self._status_pair = clean_status(code) if pair is None else pair

    # -- content type ------------------------------------------------------------------------------

    @property
    def mimetype(self) -> str | None:
        """The media type without parameters, such as "text/html"."""
        ct = self.headers._get1("content-type")
        if not ct:
            return None
        return ct.partition(";")[0].strip()

    @mimetype.setter
    def mimetype(self, value: str) -> None:
        self.headers._set_item("content-type", _content_type_item(value))

    @property
    def mimetype_params(self) -> dict[str, str]:
        """The Content-Type parameters as a dict; changing it rewrites the header."""
        headers = self.headers

        def on_update(params: _MimetypeParams) -> None:
            mimetype = self.mimetype
            if not mimetype:
                raise ValueError(
                    "Content-Type: parameters need a media type; set mimetype or content_type first"
                )
            text = dump_options_header(mimetype, dict(params))
            headers._set1("content-type", "Content-Type", check_value("Content-Type", text))

        params = parse_options_header(headers._get1("content-type") or "")[1]
        return _MimetypeParams(params, on_update)

    @property
    def charset(self) -> str:
        """Always "utf-8". Deprecated since 2.3 (as in Werkzeug): the body is always UTF-8."""
        import warnings  # deprecated paths only: keep it out of the import of genresp

        warnings.warn(
            "The 'charset' attribute is deprecated and will be removed; response data is always"
            " UTF-8.",
            DeprecationWarning,
            stacklevel=2,
        )
        return "utf-8"

    @charset.setter
    def charset(self, value: str) -> None:
        import warnings

        warnings.warn(
            "The 'charset' attribute is deprecated and will be removed; response data is always"
            " UTF-8.",
            DeprecationWarning,
            stacklevel=2,
        )


_SET_DATA = BodyMixin.set_data
_INIT = Response.__init__
_new = object.__new__


def _init_flags(cls: type) -> None:
    """The constructor's flag rule (genresp._class_flags): may __init__ take its fast path?"""
    status = getattr(cls, "default_status", None)
    pair = _STATUS_PAIRS.get(status) if type(status) is int else None
    fast = (
        pair is not None
        and getattr(cls, "__init__", None) is _INIT
        and getattr(cls, "__new__", None) is _new
        and getattr(cls, "set_data", None) is _SET_DATA
        and getattr(cls, "automatically_set_content_length", None) is True
    )
    type.__setattr__(cls, "_init_fast", fast)
    if pair is not None:
        type.__setattr__(cls, "_default_status_pair", pair)


add_rule(
    frozenset(
        {"__new__", "__init__", "set_data", "automatically_set_content_length", "default_status"}
    ),
    _init_flags,
)
