"""Cookies on the response: set_cookie and delete_cookie, as Set-Cookie fields (RFC 6265 4.1)."""

from __future__ import annotations

from datetime import datetime, timedelta

from ._typing import TYPE_CHECKING
from .datastructures._syntax import check_value
from .http import dump_cookie

if TYPE_CHECKING:
    from .datastructures.headers import Headers


class CookieMixin:
    """Set-Cookie helpers for a response that has a ``headers`` attribute."""

    __slots__ = ()

    if TYPE_CHECKING:
        headers: Headers

    #: A warning is issued for a Set-Cookie value longer than this (0 disables the check).
    #: 4093 is what browsers keep for name, value and attributes together.
    max_cookie_size = 4093

    def set_cookie(
        self,
        key: str,
        value: str = "",
        max_age: timedelta | int | None = None,
        expires: str | datetime | int | float | None = None,
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
        self,
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
