"""Per-class fast-path flags, kept true to the class when a name they depend on changes.

The response classes take shortcuts when a class keeps genresp's own methods and defaults (the
constructor builds a fresh response's headers in one step, the WSGI and ASGI calls skip hooks nobody
replaced). Testing that on every call costs more than the shortcut saves, so each class carries the
answer as flags, and the metaclass recomputes them for the class and everything below it whenever
one of the names they depend on is assigned or deleted on a class (``Response.close = ...``).
Instance-level overrides are the callers' to check.

A rule is a function that sets a class's flags from what the class resolves (with ``getattr``: a
class may lack the names of another layer's rule, and must then get the slow answer) and the names it
reads. The sans-IO response, the WSGI glue and the ASGI glue each add theirs when imported.
"""

from __future__ import annotations

from _collections_abc import Callable, Iterator

from ._typing import Any

Rule = Callable[[type], None]

# (names a rule reads, the rule), in the order they were added.
_RULES: list[tuple[frozenset[str], Rule]] = []
# The classes created with the metaclass whose bases were not: every flagged class is below one.
_ROOTS: list[type] = []


def add_rule(names: frozenset[str], rule: Rule) -> None:
    """Keep a flag rule: run it now on every flagged class, and again whenever one of ``names`` is
    set or deleted on a class (for that class and the classes below it)."""
    _RULES.append((names, rule))
    for root in _ROOTS:
        for cls in _and_below(root):
            rule(cls)


def _and_below(cls: type) -> Iterator[type]:
    """`cls` and every class below it, each once."""
    seen: set[type] = set()
    todo = [cls]
    while todo:
        klass = todo.pop()
        if klass not in seen:
            seen.add(klass)
            yield klass
            todo.extend(type.__subclasses__(klass))


def _refresh(cls: type, name: str) -> None:
    rules = [rule for names, rule in _RULES if name in names]
    if rules:
        for klass in _and_below(cls):
            for rule in rules:
                rule(klass)


class FastFlags(type):
    """The metaclass of the response classes: runs the flag rules when a class is created and when a
    name a rule reads changes on it."""

    def __init__(
        cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(name, bases, namespace)
        if not any(isinstance(base, FastFlags) for base in bases):
            _ROOTS.append(cls)
        for _, rule in _RULES:
            rule(cls)

    def __setattr__(cls, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        _refresh(cls, name)

    def __delattr__(cls, name: str) -> None:
        super().__delattr__(name)
        _refresh(cls, name)
