"""Conditional and range requests, RFC 9110 sections 13 and 14 (owned by the conditional issue)."""

from __future__ import annotations


class ConditionalMixin:
    """ETag helpers and make_conditional."""

    __slots__ = ()
