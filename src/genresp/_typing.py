"""The typing names genresp uses, without importing typing at run time.

typing is about a third of the time `import genresp` takes, and the code needs it only for the type
checker. mypy reads the real names below (it takes TYPE_CHECKING as true); at run time the stand-ins
do what the code asks of them: `overload` returns its function (the undecorated definition that
follows replaces it anyway), a TypeVar is only a name, Protocol is an empty base class.
"""

from __future__ import annotations

TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any, Protocol, TypeVar, overload
else:

    class Any:
        """Stand-in: only ever used inside annotations and TypeVar bounds."""

    class Protocol:
        """Stand-in base class: protocols are checked by mypy, not at run time."""

        __slots__ = ()

    def TypeVar(name, *constraints, bound=None, covariant=False, contravariant=False):  # noqa: N802
        return name

    def overload(func):
        return func


__all__ = ["TYPE_CHECKING", "Any", "Protocol", "TypeVar", "overload"]
