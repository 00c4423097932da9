"""Shared field-value syntax helpers for the structured header types.

These live below ``genresp.http`` so that the datastructures can quote and validate values without
importing the codec module (which itself imports the datastructures).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "TOKEN_RE",
    "lazy_pattern",
    "check_value",
    "quote_header_value",
    "unquote_header_value",
]

# RFC 9110 5.6.2
#   token = 1*tchar
#   tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
#           / DIGIT / ALPHA
TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")

# RFC 9110 5.5: field-vchar excludes CTLs; HTAB is allowed inside a field value.  Anything else in
# the C0 range or DEL would let a caller split the header block (CR/LF) or truncate it (NUL).
_CTL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

# RFC 9110 5.6.4
#   quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
#   quoted-pair   = "\" ( HTAB / SP / VCHAR / obs-text )
_QUOTED_PAIR_RE = re.compile(r"\\(.)", re.DOTALL)
_NEEDS_ESCAPE_RE = re.compile(r'(["\\])')


_has_ctl = _CTL_RE.search
_is_token = TOKEN_RE.fullmatch


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A regular expression compiled on first use: a grammar few requests need then costs nothing
    when genresp is imported (compiling the patterns was most of the import time)."""
    compiled: list[re.Pattern[str]] = []

    def get() -> re.Pattern[str]:
        if not compiled:
            compiled.append(re.compile(pattern, flags))
        return compiled[0]

    return get


def check_value(what: str, value: object) -> str:
    """Return the value as a str safe to send; ValueError naming ``what`` on a control character.

    Bytes are decoded as Latin-1 (never stored as "b'...'"); other objects go through ``str()``.
    """
    text: str
    if type(value) is str:
        text = value
    elif isinstance(value, (bytes, bytearray)):
        text = bytes(value).decode("latin-1")
    elif value is None:
        raise TypeError(f"Invalid value for {what}: None")
    else:
        text = str(value)
    # isprintable() is one C call that is true for almost every value; only the rest get the regex.
    if not text.isprintable() and _has_ctl(text) is not None:
        raise ValueError(
            f"Invalid value for {what}: {text!r} contains a control character"
            " (CR, LF, NUL and other controls are refused to prevent header injection)"
        )
    return text


def quote_header_value(value: object, allow_token: bool = True) -> str:
    """Quote ``value`` as an RFC 9110 quoted-string unless it is already a token."""
    text: str = value if value.__class__ is str else str(value)
    if allow_token and _is_token(text) is not None:
        return text
    return '"' + _NEEDS_ESCAPE_RE.sub(r"\\\1", text) + '"'


def unquote_header_value(value: str) -> str:
    """Undo :func:`quote_header_value`: strip the quotes and resolve quoted-pairs."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        if "\\" in inner:
            return _QUOTED_PAIR_RE.sub(r"\1", inner)
        return inner
    return value
