"""Suite-wide settings, and the level markers of every test (see tests/levels.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from tests.levels import LEVELS, levels_of

# No per-example deadline: speed is measured in bench/, never asserted by the tests, and a loaded CI
# machine must not turn a slow example into a failure. (tests/fuzz registers its own profiles.)
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")

_CODEGEN_DIR = Path(__file__).resolve().parent / "codegen"


def _fixture_functions(item: pytest.Item) -> list[object]:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return []
    return [defs[-1].func for defs in info.name2fixturedefs.values() if defs]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its levels: codegen by directory, oracle/integration/timing by what the
    test (or a helper or fixture it uses) refers to, unit when none applies."""
    for item in items:
        found = {mark.name for mark in item.iter_markers() if mark.name in LEVELS}
        if _CODEGEN_DIR in Path(str(item.path)).parents:
            found.add("codegen")
        found |= levels_of([getattr(item, "function", None), *_fixture_functions(item)])
        if not found:
            found.add("unit")
        for level in sorted(found):
            item.add_marker(getattr(pytest.mark, level))
