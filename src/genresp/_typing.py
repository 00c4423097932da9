"""The typing names genresp uses, without importing typing at run time.

typing is about a third of the time `import genresp` takes, and the code needs it only for the type
checker. mypy reads the real names below (it takes TYPE_CHECKING as true); at run time the stand-ins
do what the code asks of them: `overload` returns its function (the undecorated definition that
follows replaces it anyway), a TypeVar is only a name, Protocol is an empty base class.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False

# When typing is already imported (it is in nearly every application: Flask, Werkzeug and pytest import
# it), the real names cost nothing, and typing.get_type_hints() then resolves genresp's annotations to
# them rather than to the stand-ins.
if TYPE_CHECKING or "typing" in sys.modules:
    from typing import Any, Literal, Protocol, TypeVar, overload
else:

    class Any:
        """Stand-in: only ever used inside annotations and TypeVar bounds."""

    class Literal:
        """Stand-in: ``Literal[...]`` only appears inside annotations."""

        def __class_getitem__(cls, item):
            return cls

    class Protocol:
        """Stand-in base class: protocols are checked by mypy, not at run time."""

        __slots__ = ()

    def TypeVar(name, *constraints, bound=None, covariant=False, contravariant=False):  # noqa: N802
        return name

    def overload(func):
        return func


__all__ = ["TYPE_CHECKING", "Any", "Literal", "Protocol", "TypeVar", "overload"]
