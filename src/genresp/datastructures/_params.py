"""The parameterised-element grammar shared by Link, Server-Timing, Content-Disposition and HSTS.

    element   = head *( OWS ";" OWS [ param ] )            RFC 8288 3, Server Timing 3, RFC 6266 4.1
    param     = token BWS [ "=" BWS ( token / quoted-string ) ]
    list      = #element                                   RFC 9110 5.6.1 (empty elements allowed)
    ext-value = charset "'" [ language ] "'" value-chars   RFC 8187 3.2.1

Readers here never raise: a malformed element is skipped (or, in strict mode, the whole value is
refused by returning None). Writers raise ValueError naming the header and the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The one import of the shared grammar helpers for the modern-header modules (they import them
# from here).
from .._grammar import TOKEN_RE, check_value, lazy_pattern
from .._typing import Protocol

__all__ = [
    "TOKEN_RE",
    "Param",
    "check_value",
    "lazy_pattern",
    "check_token",
    "decode_ext_value",
    "encode_ext_value",
    "format_param",
    "is_plain_iterable",
    "parse_elements",
    "parse_params",
    "quote_string",
]

#: One parameter as read: lower-cased name, unquoted value (None for a bare name).
Param = tuple[str, str | None]

_TCHAR = r"!#$%&'*+\-.^_`|~0-9A-Za-z"
# qdtext and quoted-pair (RFC 9110 5.6.4) as read: anything but a control, a quote or a backslash,
# or a backslash followed by anything but a control. Each alternative starts differently, so the
# repetition never backtracks into itself (linear time).
_QUOTED = r'"((?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\[^\x00-\x08\x0a-\x1f\x7f])*)"'
# One `OWS ";" OWS [ param ]` step.
_param_step = lazy_pattern(
    rf"[ \t]*;[ \t]*(?:([{_TCHAR}]+)(?:[ \t]*=[ \t]*(?:([{_TCHAR}]+)|{_QUOTED}))?)?"
)
_element_end = lazy_pattern(r"[ \t]*(?:,|\Z)")
_ows_commas = lazy_pattern(r"[ \t,]*")
_no_quote_or_comma = lazy_pattern(r'[^",]*')
_any_quoted = lazy_pattern(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_quoted_pair = lazy_pattern(r"\\(.)", re.DOTALL)

# RFC 8187 3.2.1. Only UTF-8 and ISO-8859-1 are decoded (senders must use UTF-8; 3.2.1 says
# recipients need not support other charsets).
_ext_value = lazy_pattern(
    r"([A-Za-z0-9!#$%&+\-^_`{}~]+)'([A-Za-z0-9\-]*)'"
    r"((?:%[0-9A-Fa-f]{2}|[A-Za-z0-9!#$&+\-.^_`|~])*)"
)
_ATTR_CHAR = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~"
)
_CHARSETS = {"utf-8": "utf-8", "iso-8859-1": "latin-1"}
# What a quoted-string may carry when genresp writes one: printable ASCII and HTAB (quotes and
# backslashes are escaped). Non-ASCII goes into an ext-value or is refused.
_quotable = lazy_pattern(r"[\t\x20-\x7e]*")
_needs_escape = lazy_pattern(r'(["\\])')


def _unquote(inner: str) -> str:
    return _quoted_pair().sub(r"\1", inner) if "\\" in inner else inner


def parse_params(text: str, pos: int) -> tuple[list[Param], int]:
    """The parameters starting at ``pos``, and the position after the last one read."""
    params: list[Param] = []
    step = _param_step().match
    while True:
        m = step(text, pos)
        if m is None:
            return params, pos
        name, token, quoted = m.group(1, 2, 3)
        if name is not None:
            value = token if token is not None else None if quoted is None else _unquote(quoted)
            params.append((name.lower(), value))
        pos = m.end()


def _skip_element(text: str, pos: int) -> int:
    """The position of the next comma outside a quoted-string (or the end of ``text``)."""
    end = len(text)
    while pos < end:
        pos = _no_quote_or_comma().match(text, pos).end()  # type: ignore[union-attr]
        if pos >= end or text[pos] == ",":
            return pos
        m = _any_quoted().match(text, pos)
        if m is None:
            return end  # an unbalanced quote swallows the rest
        pos = m.end()
    return end


def parse_elements(
    text: str, head: Callable[[str, int], re.Match[str] | None], strict: bool = False
) -> list[tuple[re.Match[str], list[Param]]] | None:
    """Every well-formed ``head *(; param)`` element of a comma-separated list, in order.

    ``head`` matches the start of an element at a position (``pattern.match``). Malformed elements
    are skipped; with ``strict`` any malformed element makes the result None instead.
    """
    elements: list[tuple[re.Match[str], list[Param]]] = []
    end = len(text)
    skip = _ows_commas().match
    finish = _element_end().match
    pos = skip(text, 0).end()  # type: ignore[union-attr]
    while pos < end:
        m = head(text, pos)
        if m is not None:
            params, after = parse_params(text, m.end())
            tail = finish(text, after)
            if tail is not None:
                elements.append((m, params))
                pos = skip(text, tail.end()).end()  # type: ignore[union-attr]
                continue
        if strict:
            return None
        pos = skip(text, _skip_element(text, pos)).end()  # type: ignore[union-attr]
    return elements


def decode_ext_value(text: str) -> str | None:
    """The text of an RFC 8187 ext-value (``UTF-8''caf%C3%A9``), or None when malformed."""
    m = _ext_value().fullmatch(text)
    if m is None:
        return None
    codec = _CHARSETS.get(m.group(1).lower())
    if codec is None:
        return None
    raw = m.group(3)
    if "%" not in raw:
        return raw
    data = bytearray()
    i = 0
    while i < len(raw):
        if raw[i] == "%":
            data.append(int(raw[i + 1 : i + 3], 16))
            i += 3
        else:
            data.append(ord(raw[i]))
            i += 1
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def encode_ext_value(field: str, text: str) -> str:
    """``text`` as an RFC 8187 ext-value in UTF-8: ``UTF-8''`` and percent-encoded octets."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{field}: {text!r} cannot be encoded as UTF-8") from None
    return "UTF-8''" + "".join(chr(b) if b in _ATTR_CHAR else f"%{b:02X}" for b in data)


def check_token(field: str, what: str, value: object) -> str:
    """``value`` if it is a token (RFC 9110 5.6.2); else ValueError naming the header."""
    if not isinstance(value, str):
        raise TypeError(f"{field}: {what} must be a str, not {type(value).__name__}: {value!r}")
    if TOKEN_RE.fullmatch(value) is None:
        raise ValueError(
            f"{field}: {what} must be a token (no spaces, quotes, ;,= etc.): {value!r}"
        )
    return value


def quote_string(field: str, what: str, value: str) -> str:
    """``value`` as a quoted-string; ValueError for controls and non-ASCII text."""
    if _quotable().fullmatch(value) is None:
        raise ValueError(
            f"{field}: {what} must be printable ASCII (controls and non-ASCII are refused): {value!r}"
        )
    return '"' + _needs_escape().sub(r"\\\1", value) + '"'


def is_quotable(value: str) -> bool:
    """Whether ``value`` fits a quoted-string as genresp writes one (printable ASCII, HTAB)."""
    return _quotable().fullmatch(value) is not None


def format_param(field: str, name: str, value: str | None, ext: bool = False) -> str:
    """``;``-less ``name[=value]``: a token value as is, other ASCII quoted; with ``ext`` non-ASCII
    text is sent as ``name*=`` an RFC 8187 ext-value."""
    check_token(field, "a parameter name", name)
    if value is None:
        return name
    if not isinstance(value, str):
        raise TypeError(
            f"{field}: parameter {name} must be a str, not {type(value).__name__}: {value!r}"
        )
    if TOKEN_RE.fullmatch(value) is not None:
        return f"{name}={value}"
    if ext and not value.isascii() and value.isprintable() and not name.endswith("*"):
        return f"{name}*={encode_ext_value(field, value)}"
    return f"{name}={quote_string(field, f'parameter {name}', value)}"


def is_writable(value: str | None) -> bool:
    """Whether a parameter value read from the wire can be written back by :func:`format_param`."""
    return value is None or TOKEN_RE.fullmatch(value) is not None or is_quotable(value)


class _HasToHeader(Protocol):
    def to_header(self) -> str: ...


def dump_value(
    field: str,
    value: object,
    own: type[_HasToHeader],
    parse_strict: Callable[[str], _HasToHeader | None],
) -> str | None:
    """The text to store for ``value``: an ``own``-type value as it prints; a str or any other
    object with ``to_header()`` only when its text parses strictly (then in canonical form).
    An empty value removes the header (None)."""
    if type(value) is own:
        # The value checked its parts; check_value is the last guard before the headers.
        return check_value(field, value.to_header()) or None
    if isinstance(value, str):
        text = value
    else:
        to_header = None if isinstance(value, type) else getattr(value, "to_header", None)
        if to_header is None:
            raise TypeError(
                f"{field} must be a {own.__name__} or a str, not {type(value).__name__}: {value!r}"
            )
        text = to_header()
        if not isinstance(text, str):
            raise TypeError(f"{field}: to_header() gave {type(text).__name__}, not str: {text!r}")
    if not text:
        return None
    parsed = parse_strict(text)
    if parsed is None:
        raise ValueError(f"{field}: {text!r} is not a valid {field} field value")
    return check_value(field, parsed.to_header()) or None


def is_plain_iterable(value: object) -> bool:
    """A list, tuple, generator... of items: what a list-valued header's setter takes besides its
    own type, a str and other objects with to_header()."""
    kind = type(value)
    if kind is list or kind is tuple:
        return True
    return (
        not isinstance(value, (str, bytes, bytearray))
        and hasattr(value, "__iter__")
        and not hasattr(value, "to_header")
    )
