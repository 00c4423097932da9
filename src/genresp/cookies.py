"""Cookies on the response: dump_cookie builds a Set-Cookie field value (RFC 6265 4.1), CookieMixin
gives the response set_cookie and delete_cookie. ``genresp.http`` re-exports dump_cookie under
Werkzeug's name."""

from __future__ import annotations

import sys

from ._cache import remember as _remember
from ._grammar import TOKEN_RE, check_value, compile_lazily, http_date
from ._lazy import LazyModule
from ._typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .datastructures.headers import Headers

# datetime is imported on first use unless it is loaded anyway (as in nearly every application).
# Annotations name its types through _dt, so typing.get_type_hints resolves them either way (the
# lazy module imports datetime then).
if TYPE_CHECKING or "datetime" in sys.modules:
    import datetime as _dt
else:
    _dt = LazyModule("datetime", globals(), "_dt")

__all__ = ["CookieMixin", "dump_cookie"]

# cookie-value  = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )
# cookie-octet  = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
_COOKIE_OCTETS_RE = compile_lazily(r"[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*")
# Outside that set, a value is sent quoted with the offending bytes written as backslash + three
# octal digits (what http.cookies does and browsers' cookie parsers hand back untouched); '"' and
# '\' take a plain backslash.  Space needs no escape inside the quotes.
_COOKIE_ESCAPE_RE = compile_lazily(rb'[\x00-\x1f",;\\\x7f-\xff]')
_COOKIE_ESCAPES: dict[bytes, bytes] = {bytes([b]): b"\\%03o" % b for b in range(256)}
_COOKIE_ESCAPES[b'"'] = b'\\"'
_COOKIE_ESCAPES[b"\\"] = b"\\\\"
# av-octet = %x20-3A / %x3C-7E   (any CHAR except CTLs or ";")
_BAD_ATTR_RE = compile_lazily(r"[\x00-\x1f\x7f-\x9f;]")  # controls (C1 too, issue 10) and ";"
_SAMESITE = {"strict": "Strict", "lax": "Lax", "none": "None"}
# Percent-encode a path like a URL path segment would be, leaving what is already escaped.
_PATH_SAFE = "%!$&'()*+,/:=@"
# Paths made only of characters quote() keeps (unreserved plus _PATH_SAFE) skip the call.
_PLAIN_PATH_RE = compile_lazily(r"[A-Za-z0-9_.~\-%!$&'()*+,/:=@]*")


# Cookie names and paths already checked (paths with their quoted form): an application sets the
# same few again and again. Bounded like the date caches.
_cookie_names: dict[str, str] = {}
_cookie_paths: dict[str, str] = {}
_cookie_domains: dict[str, str] = {}


def _quote_cookie_value(value: str) -> str:
    if _COOKIE_OCTETS_RE.fullmatch(value) is not None:
        return value
    escaped = _COOKIE_ESCAPE_RE.sub(lambda m: _COOKIE_ESCAPES[m.group()], value.encode())
    return '"' + escaped.decode("ascii") + '"'


# (path, domain, secure, httponly, samesite, partitioned) -> the texts before and after Expires and
# Max-Age: "; Domain=example.com" and "; Secure; HttpOnly; Path=/; SameSite=Lax". Applications set
# cookies with the same few attribute sets, whose formatting and checks cost more than the rest of
# a Set-Cookie. Bounded in bytes: at most CACHE_MAX entries, and none whose texts are longer than
# _MAX_ATTRIBUTES_TEXT (a path taken from a request, say, is formatted every time instead).
_cookie_attributes: dict[tuple[object, ...], tuple[str, str]] = {}
_MAX_ATTRIBUTES_TEXT = 256


def _remember_attributes(attributes: tuple[object, ...], texts: tuple[str, str]) -> None:
    if len(texts[0]) + len(texts[1]) <= _MAX_ATTRIBUTES_TEXT:
        _remember(_cookie_attributes, attributes, texts)


def _attribute_texts(
    key: str,
    path: str | None,
    domain: str | None,
    secure: bool,
    httponly: bool,
    samesite: str | None,
    partitioned: bool,
) -> tuple[str, str]:
    """The checked attribute texts around Expires and Max-Age (see _cookie_attributes)."""
    if path is not None:
        quoted_path = _cookie_paths.get(path) if type(path) is str else None
        if quoted_path is None:
            if _BAD_ATTR_RE.search(path) is not None:
                raise ValueError(f"Invalid cookie path for {key!r}: {path!r}")
            quoted_path = path
            if _PLAIN_PATH_RE.fullmatch(path) is None:
                from urllib.parse import quote

                quoted_path = quote(path, safe=_PATH_SAFE)
            _remember(_cookie_paths, path, quoted_path)
        path = quoted_path
    if domain:
        ascii_domain = _cookie_domains.get(domain) if type(domain) is str else None
        if ascii_domain is None:
            if _BAD_ATTR_RE.search(domain) is not None:
                raise ValueError(f"Invalid cookie domain for {key!r}: {domain!r}")
            # RFC 6265 5.2.3: a leading dot is ignored; a port is not part of a domain.
            ascii_domain = domain.partition(":")[0].lstrip(".").encode("idna").decode("ascii")
            _remember(_cookie_domains, domain, ascii_domain)
        domain = ascii_domain
    else:
        domain = None
    samesite_text: str | None = None
    if samesite is not None:
        samesite_text = _SAMESITE.get(str(samesite).lower())
        if samesite_text is None:
            raise ValueError(
                f"Invalid cookie SameSite for {key!r}: {samesite!r} (use Strict, Lax or None)"
            )
    if partitioned:
        # CHIPS: a partitioned cookie is only accepted with Secure.
        secure = True
    head = f"; Domain={domain}" if domain else ""
    tail = []
    if secure:
        tail.append("; Secure")
    if httponly:
        tail.append("; HttpOnly")
    if path is not None:
        tail.append(f"; Path={path}")
    if samesite_text is not None:
        tail.append(f"; SameSite={samesite_text}")
    if partitioned:
        tail.append("; Partitioned")
    return head, "".join(tail)


def dump_cookie(
    key: str,
    value: str = "",
    max_age: _dt.timedelta | int | None = None,
    expires: str | _dt.datetime | int | float | None = None,
    path: str | None = "/",
    domain: str | None = None,
    secure: bool = False,
    httponly: bool = False,
    sync_expires: bool = True,
    max_size: int = 4093,
    samesite: str | None = None,
    partitioned: bool = False,
) -> str:
    """Build a Set-Cookie field value.

    Attribute order: Domain, Expires, Max-Age, Secure, HttpOnly, Path, SameSite, Partitioned.
    Warns (UserWarning) when the result is longer than ``max_size`` (0 disables the check).
    """
    # set-cookie-string = cookie-pair *( ";" SP cookie-av )
    # cookie-pair       = cookie-name "=" cookie-value ; cookie-name = token
    if type(key) is not str or key not in _cookie_names:
        if not isinstance(key, str) or TOKEN_RE.fullmatch(key) is None:
            raise ValueError(f"Invalid cookie name: {key!r} is not a token")
        _remember(_cookie_names, key, key)
    if type(value) is not str and isinstance(value, bytes):
        # The value is quoted from its UTF-8 bytes below, so bytes are taken as UTF-8 text (as
        # Werkzeug does); Latin-1 here would encode them twice ("caf\303\203\302\251").
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(
                f"Cookie {key!r}: a bytes value must be UTF-8, got {value!r}"
            ) from None
    # Letters and digits are cookie-octets: most values (session ids, tokens) need no regex.
    if not (type(value) is str and value.isalnum() and value.isascii()) and (
        _COOKIE_OCTETS_RE.fullmatch(value) is None
    ):
        value = _quote_cookie_value(value)

    # The attributes but Expires and Max-Age, formatted and checked once per distinct set.
    attributes = (path, domain, secure, httponly, samesite, partitioned)
    try:
        texts = _cookie_attributes.get(attributes)
    except TypeError:  # an unhashable argument: format it without the cache
        texts = None
    if texts is None:
        texts = _attribute_texts(key, path, domain, secure, httponly, samesite, partitioned)
        try:
            _remember_attributes(attributes, texts)
        except TypeError:
            pass
    head, tail = texts
    if max_age is not None:
        max_age = (
            int(max_age.total_seconds()) if isinstance(max_age, _dt.timedelta) else int(max_age)
        )
    expires_text: str | None
    if expires is not None:
        if isinstance(expires, str):
            if _BAD_ATTR_RE.search(expires) is not None:
                raise ValueError(f"Invalid cookie expires for {key!r}: {expires!r}")
            expires_text = expires
        else:
            expires_text = http_date(expires)
    elif max_age is not None and sync_expires:
        expires_text = http_date(_dt.datetime.now(_dt.timezone.utc).timestamp() + max_age)
    else:
        expires_text = None
    if expires_text is None and max_age is None:
        header = f"{key}={value}{head}{tail}"
    else:
        parts = [f"{key}={value}{head}"]
        if expires_text is not None:
            parts.append(f"Expires={expires_text}")
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        header = "; ".join(parts) + tail

    size = len(header)
    if max_size and size > max_size:
        import warnings  # oversized cookies only: keep it out of the import of genresp

        warnings.warn(
            # Werkzeug's wording, word for word: applications match it in pytest.warns(match=...).
            f"The {key!r} cookie is too large: the value was {len(value)} bytes but the header"
            f" required {size - len(value)} extra bytes. The final size was {size} bytes but the"
            f" limit is {max_size} bytes. Browsers may silently ignore cookies larger than this.",
            stacklevel=2,
        )
    return header


class CookieResponse(Protocol):
    """What CookieMixin needs from the response class it is mixed into."""

    headers: Headers
    max_cookie_size: int

    def set_cookie(
        self,
        key: str,
        value: str = "",
        max_age: _dt.timedelta | int | None = None,
        expires: str | _dt.datetime | int | float | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: str | None = None,
        partitioned: bool = False,
    ) -> None: ...


class CookieMixin:
    """Set-Cookie helpers for a response that has a ``headers`` attribute."""

    __slots__ = ()

    #: A warning is issued for a Set-Cookie value longer than this (0 disables the check).
    #: 4093 is what browsers keep for name, value and attributes together.
    max_cookie_size = 4093

    def set_cookie(
        self: CookieResponse,
        key: str,
        value: str = "",
        max_age: _dt.timedelta | int | None = None,
        expires: str | _dt.datetime | int | float | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: str | None = None,
        partitioned: bool = False,
    ) -> None:
        """Add a Set-Cookie header; over max_cookie_size it warns (UserWarning) and still sets it.

        ``partitioned=True`` (CHIPS) adds the Partitioned attribute and forces Secure. A bad name,
        path, domain or SameSite raises ValueError and leaves the headers untouched.
        """
        # The whole field value is built (and validated) before the headers are touched, so a
        # refused cookie changes nothing.
        # Positional arguments: cheaper than eleven keywords on a path every login and page view takes.
        text = dump_cookie(
            key,
            value,
            max_age,
            expires,
            path,
            domain,
            secure,
            httponly,
            True,  # sync_expires
            self.max_cookie_size,
            samesite,
            partitioned,
        )
        # dump_cookie validated every part; checking the whole value once more is the cheap last line
        # of defence on its way to the wire.
        self.headers._add("set-cookie", "Set-Cookie", check_value("Set-Cookie", text))

    def delete_cookie(
        self: CookieResponse,
        key: str,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: str | None = None,
        partitioned: bool = False,
    ) -> None:
        """Tell the client to drop a cookie: an empty value that expired at the epoch, Max-Age=0.

        Path and domain (and the other attributes) must match the ones the cookie was set with.
        """
        self.set_cookie(
            key,
            expires=0,
            max_age=0,
            path=path,
            domain=domain,
            secure=secure,
            httponly=httponly,
            samesite=samesite,
            partitioned=partitioned,
        )
