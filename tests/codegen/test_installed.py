"""The generator as a user gets it: the wheel installed with the codegen extra, in a fresh virtual environment
outside the repository, run on a project of its own (its own spec, value type and pyproject table).

Needs the package index (or pip's cache) for hatchling, jinja2, pyyaml and mypy.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.integration

MYPY = "mypy==2.4.1"  # the version the repository's own typecheck uses

PYPROJECT = """
[project]
name = "shop"
version = "1.0"

[tool.genresp-codegen]
spec = "headers.yaml"
out = "shop/_headers"
class = "ShopHeaders"
docs = "docs/headers.md"
"""

SPEC = """
# The shop's own headers, beside genresp's.
headers:
  x_order_id:
    field: X-Order-Id
    kind: string
    rfc: 9110#5.1
    doc: The id of the order this response is about.
  x_rate_limit:
    field: X-RateLimit-Limit
    kind: int
    rfc: 9110#5.1
    doc: Requests allowed in the current window.
  accept_ch:
    field: Accept-CH
    kind: header_set
    rfc: 8942#3.1
    doc: The client hints the shop would like to receive.
  x_tier:
    field: X-Tier
    kind: enum
    type: shop.values:Tier
    default: FREE
    rfc: 9110#5.1
    doc: The customer's plan.
  x_sale_ends:
    field: X-Sale-Ends
    kind: date
    rfc: 9110#5.1
    doc: When the current sale ends.
  x_budget:
    field: X-Budget
    kind: structured
    type: shop.values:Budget
    parse: shop.values:parse_budget
    rfc: 9110#5.1
    doc: What the client may still spend, as a Budget.
"""

VALUES = '''
"""The shop's own value types."""

from __future__ import annotations

import enum
from collections.abc import Callable


class Tier(enum.Enum):
    FREE = "free"
    GOLD = "gold"


class Budget:
    """limit=N, spent=M; reports every change to on_update (genresp then rewrites the header)."""

    def __init__(
        self, limit: int = 0, spent: int = 0, on_update: Callable[[Budget], None] | None = None
    ) -> None:
        self._limit = limit
        self._spent = spent
        self._on_update = on_update

    @property
    def limit(self) -> int:
        return self._limit

    @limit.setter
    def limit(self, value: int) -> None:
        self._limit = value
        if self._on_update is not None:
            self._on_update(self)

    def to_header(self) -> str:
        return f"limit={self._limit}, spent={self._spent}" if self._limit else ""


def parse_budget(raw: str | None, on_update: Callable[[Budget], None]) -> Budget:
    """Never raises: anything unreadable is an empty Budget."""
    numbers: dict[str, int] = {}
    for part in (raw or "").split(","):
        name, _, value = part.strip().partition("=")
        if value.isdigit():
            numbers[name] = int(value)
    return Budget(numbers.get("limit", 0), numbers.get("spent", 0), on_update)
'''

RESPONSE = """
from genresp import Response

from shop._headers.headers import ShopHeaders


class ShopResponse(ShopHeaders, Response):
    pass
"""

SCRIPT = """
from datetime import datetime, timezone

from shop.response import ShopResponse
from shop.values import Budget, Tier


def call(resp):
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"] = status
        seen["headers"] = headers

    environ = {"REQUEST_METHOD": "GET", "SERVER_NAME": "shop", "SERVER_PORT": "80",
               "wsgi.url_scheme": "http", "SERVER_PROTOCOL": "HTTP/1.1"}
    body = b"".join(resp(environ, start_response))
    return seen["status"], dict(seen["headers"]), body


ends = datetime(2030, 1, 31, 12, 0, tzinfo=timezone.utc)
resp = ShopResponse("ok")
resp.x_order_id = "r-1"
resp.x_rate_limit = 100
resp.accept_ch = ["Sec-CH-UA"]
resp.accept_ch.add("Sec-CH-UA-Model")
resp.x_tier = Tier.GOLD
resp.x_sale_ends = ends
resp.x_budget = Budget(50, 10)
resp.x_budget.limit = 60
resp.age = 5  # genresp's own attributes still work beside the shop's
assert (resp.x_order_id, resp.x_rate_limit, resp.x_tier, resp.x_sale_ends) == ("r-1", 100, Tier.GOLD, ends)
assert "sec-ch-ua-model" in resp.accept_ch and resp.x_budget.limit == 60
status, headers, body = call(resp)
assert status == "200 OK" and body == b"ok", (status, body)
expected = {
    "X-Order-Id": "r-1",
    "X-RateLimit-Limit": "100",
    "Accept-CH": "Sec-CH-UA, Sec-CH-UA-Model",
    "X-Tier": "gold",
    "X-Sale-Ends": "Thu, 31 Jan 2030 12:00:00 GMT",
    "X-Budget": "limit=60, spent=10",
    "Age": "5",
}
assert {k: headers.get(k) for k in expected} == expected, headers

# Read back from raw headers, then delete every attribute.
again = ShopResponse("ok", headers=list(expected.items()))
assert again.x_rate_limit == 100 and again.x_tier is Tier.GOLD and again.x_budget.limit == 60
assert again.x_sale_ends == ends and again.accept_ch.as_set() == {"sec-ch-ua", "sec-ch-ua-model"}
for attr in ("x_order_id", "x_rate_limit", "accept_ch", "x_tier", "x_sale_ends", "x_budget"):
    delattr(again, attr)
status, headers, body = call(again)
assert not set(headers) & (set(expected) - {"Age"}), headers
assert again.x_tier is Tier.FREE and again.x_order_id is None and again.x_budget.limit == 0
try:
    again.x_rate_limit = -1
except ValueError as exc:
    assert "X-RateLimit-Limit" in str(exc)
else:
    raise AssertionError("a negative count was accepted")
print("ok")
"""

REVEAL = """
from shop.response import ShopResponse

resp = ShopResponse()
reveal_type(resp.x_order_id)
reveal_type(resp.x_rate_limit)
reveal_type(resp.accept_ch)
reveal_type(resp.x_tier)
reveal_type(resp.x_sale_ends)
reveal_type(resp.x_budget)
reveal_type(resp.age)
"""

REVEALED = [
    "str | None",
    "int | None",
    "genresp.datastructures.header_set.HeaderSet",
    "shop.values.Tier",
    "datetime.datetime | None",
    "shop.values.Budget",
    "datetime.timedelta | None",
]


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel and its codegen extra (and mypy): its bin directory."""
    base = tmp_path_factory.mktemp("installed")
    dist = base / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(dist), str(ROOT)], check=True)
    (wheel,) = dist.glob("genresp-*.whl")
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [*pip, "--python", str(python), "install", f"genresp[codegen] @ {wheel.as_uri()}", MYPY],
        check=True,
    )
    return env_dir / "bin"


def test_a_users_project_end_to_end(installed: Path, tmp_path: Path) -> None:
    project = tmp_path / "shop-project"
    _write(project / "pyproject.toml", PYPROJECT)
    _write(project / "headers.yaml", SPEC)
    _write(project / "shop" / "__init__.py", '"""The shop."""\n')
    _write(project / "shop" / "values.py", VALUES)
    _write(project / "shop" / "response.py", RESPONSE)
    notes = project / "shop" / "_headers" / "notes.py"
    _write(notes, "# Hand-written: the generator must leave this file alone.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{installed}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(project)
    python = str(installed / "python")

    # The generator is importable only inside genresp: no top-level "codegen" in site-packages.
    probe = _run(
        [python, "-c", "import importlib.util as u; print(u.find_spec('codegen'))"], project, env
    )
    assert probe.stdout.strip() == "None", probe

    done = _run(["genresp-codegen"], project, env)
    assert done.returncode == 0, done.stderr
    assert (project / "shop" / "_headers" / "headers.py").is_file()
    assert notes.read_text() == "# Hand-written: the generator must leave this file alone.\n"
    docs = (project / "docs" / "headers.md").read_text(encoding="utf-8")
    assert all(f"## {attr}\n" in docs for attr in ("x_order_id", "x_tier", "x_budget")), docs

    used = _run([python, "-c", textwrap.dedent(SCRIPT)], project, env)
    assert used.returncode == 0 and used.stdout.strip() == "ok", used.stdout + used.stderr

    _write(project / "reveal.py", REVEAL)
    typed = _run(
        [python, "-m", "mypy", "--strict", "--no-error-summary", "reveal.py"], project, env
    )
    revealed = re.findall(r'Revealed type is "([^"]+)"', typed.stdout)
    assert revealed == REVEALED, typed.stdout + typed.stderr
    assert "error:" not in typed.stdout, typed.stdout

    assert _run(["genresp-codegen", "--check"], project, env).returncode == 0
    # The same from the command line alone, with --docs naming the page.
    cli = ["--spec", "headers.yaml", "--out", "build/gen", "--class", "ShopHeaders"]
    by_hand = _run(["genresp-codegen", *cli, "--docs", "build/headers.md"], project, env)
    assert by_hand.returncode == 0, by_hand.stderr
    assert (project / "build" / "headers.md").read_text(encoding="utf-8").count("\n## ") == 6
    spec = project / "headers.yaml"
    spec.write_text(spec.read_text().replace("The customer's plan.", "The plan."), encoding="utf-8")
    stale = _run(["genresp-codegen", "--check"], project, env)
    assert stale.returncode == 1 and "stale: " in stale.stdout, stale

    clash = (
        spec.read_text() + "  status:\n    field: X-Status\n    kind: string\n    rfc: 9110#5.1\n"
    )
    spec.write_text(clash + "    doc: Shadows Response.status.\n", encoding="utf-8")
    line = clash.splitlines().index("  status:") + 1
    failed = _run(["genresp-codegen"], project, env)
    assert failed.returncode == 1
    assert f"headers.yaml:{line}: headers.status: 'status' is already a member of Response" in (
        failed.stderr
    ), failed.stderr
    assert notes.is_file()
