"""Cookies on the response: set_cookie, delete_cookie (owned by the cookie issue; this is the seam)."""

from __future__ import annotations


class CookieMixin:
    """Set-Cookie helpers."""

    __slots__ = ()

    #: A warning is issued for a Set-Cookie value longer than this (0 disables the check).
    max_cookie_size = 4093
