"""mypy sees the precise types of the generated attributes, and refuses wrong assignments."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WRONG = """
from genresp import Response
resp = Response()
resp.age = "ten minutes"
resp.content_length = 1.5
resp.vary = 3
size: str = resp.content_length
"""


def run_mypy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_precise_types_check() -> None:
    result = run_mypy("tests/typing/typed_usage.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_wrong_assignments_are_type_errors(tmp_path: Path) -> None:
    bad = tmp_path / "wrong.py"
    bad.write_text(textwrap.dedent(WRONG))
    result = run_mypy(str(bad))
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["4", "5", "6", "7"], result.stdout


WRONG_MODERN = """
from genresp import Response
resp = Response()
resp.priority.urgency = "high"
resp.link = ["/app.css"]
resp.server_timing = [("db", 5.0)]
resp.strict_transport_security = 1.5
resp.etag = 5
resp.deprecation = 1.5
ttl: int = resp.cache_status[0].ttl
"""


def test_modern_attributes_have_precise_types() -> None:
    result = run_mypy("tests/typing/modern_usage.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_wrong_modern_assignments_are_type_errors(tmp_path: Path) -> None:
    bad = tmp_path / "wrong_modern.py"
    bad.write_text(textwrap.dedent(WRONG_MODERN))
    result = run_mypy(str(bad))
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [int(line.split(":")[1]) for line in errors] == list(range(4, 11)), result.stdout
