"""The test levels, and how tests/conftest.py tells which level a test belongs to.

Every test gets one or more of these markers (registered in pyproject.toml):

- ``codegen``: the generator (everything under tests/codegen/);
- ``oracle``: compares genresp with Werkzeug 2.3.8 (the test refers to Werkzeug, itself or through a
  helper or fixture of the test suite);
- ``integration``: talks to a real server on 127.0.0.1 (refers to waitress or to the server helpers
  of tests/servers.py; ``call_app`` is in process and does not count);
- ``timing``: measures how the work grows with the input (refers to tests/complexity.py);
- ``unit``: none of the above.

A test may also carry a level marker itself (``@pytest.mark.integration``): it keeps it, and the
automatic rule adds what it finds beside it.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Iterator
from typing import Any

LEVELS = ("codegen", "oracle", "integration", "timing", "unit")

#: Module names (and their submodules) whose use puts a test at a level.
_MODULE_LEVELS = {
    "werkzeug": "oracle",
    "waitress": "integration",
    "tests.complexity": "timing",
}
#: The functions of tests/servers.py that start or talk to a real server.
_SERVER_HELPERS = frozenset({"serve", "connect", "request", "raw_request"})


def _module_level(module: str) -> str | None:
    for prefix, level in _MODULE_LEVELS.items():
        if module == prefix or module.startswith(prefix + "."):
            return level
    return None


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    """A code object and every code object nested in it (lambdas, inner functions, comprehensions)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _level_of_object(value: Any) -> str | None:
    try:
        return _level_of(value)
    except Exception:  # a proxy (flask.session) may raise anything when asked for its module
        return None


def _level_of(value: Any) -> str | None:
    if isinstance(value, types.ModuleType):
        return _module_level(value.__name__)
    if isinstance(value, type):  # a class of the suite may derive from Werkzeug's
        for klass in value.__mro__:
            level = _module_level(klass.__module__)
            if level is not None:
                return level
        return None
    module = getattr(value, "__module__", None)
    if not isinstance(module, str):
        return None
    if module == "tests.servers":
        return "integration" if getattr(value, "__name__", None) in _SERVER_HELPERS else None
    return _module_level(module)


def levels_of(functions: Iterable[Any]) -> set[str]:
    """The levels that the given test functions (and fixture functions) refer to.

    Follows the names each function uses: modules and objects it reaches through its globals, names
    it imports inside its body, helper functions of the test suite (recursively) and the items of
    module-level lists, tuples and dicts (parameter tables that hold Werkzeug's functions).
    """
    found: set[str] = set()
    seen: set[int] = set()
    pending = [f for f in functions if f is not None]
    while pending:
        obj = pending.pop()
        func = getattr(obj, "__func__", obj)  # a bound method's function
        inner = getattr(getattr(func, "hypothesis", None), "inner_test", None)
        if inner is not None:  # a @given test: what matters is the test it wraps
            pending.append(inner)
        code = getattr(func, "__code__", None)
        if code is None or id(code) in seen:
            continue
        seen.add(id(code))
        namespace: dict[str, Any] = getattr(func, "__globals__", {})
        for inner in _codes(code):
            names = set(inner.co_names)
            for name in names:
                # `import werkzeug.http` or `from tests.servers import serve` inside the body.
                level = _module_level(name)
                if level is not None:
                    found.add(level)
                if name == "tests.servers" and names & _SERVER_HELPERS:
                    found.add("integration")
                if name not in namespace:
                    continue
                value = namespace[name]
                if type(value) is types.ModuleType and value.__name__ == "tests.servers":
                    if names & _SERVER_HELPERS:
                        found.add("integration")  # servers.serve(...)
                values = list(value.values()) if type(value) is dict else [value]
                if type(value) in (list, tuple):
                    values = [*value, *(x for v in value if isinstance(v, tuple) for x in v)]
                for item in values:
                    level = _level_of_object(item)
                    if level is not None:
                        found.add(level)
                    elif type(item) is types.FunctionType and str(item.__module__).startswith(
                        "tests"
                    ):
                        pending.append(item)
    return found
