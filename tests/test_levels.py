"""The rule that gives every test its level marker (tests/levels.py, applied by tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests import complexity, servers
from tests.levels import levels_of


def _uses_werkzeug() -> Any:
    import werkzeug.http

    return werkzeug.http


def _helper_serving() -> Any:
    return servers.serve


def _in_process() -> Any:
    return servers.call_app


def _timed() -> Any:
    return complexity.growth


@pytest.mark.parametrize(
    ("func", "expected"),
    [
        (_uses_werkzeug, {"oracle"}),
        (lambda: _helper_serving(), {"integration"}),  # through a helper of the suite
        (_in_process, set()),
        (_timed, {"timing"}),
        (lambda: (_timed(), _uses_werkzeug()), {"timing", "oracle"}),
        (lambda: 1, set()),
    ],
)
def test_levels_of(func: Any, expected: set[str]) -> None:
    assert levels_of([func]) == expected


def test_every_collected_test_has_a_level(request: pytest.FixtureRequest) -> None:
    marks = {m.name for m in request.node.iter_markers()}
    assert marks & {"codegen", "unit", "oracle", "integration", "timing"} == {"unit"}
