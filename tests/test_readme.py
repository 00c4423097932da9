"""The README's Python examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_examples_run() -> None:
    blocks = python_blocks()
    assert blocks, "README.md has no python examples"
    for block in blocks:
        namespace: dict[str, object] = {"__name__": "readme_example"}
        exec(compile(block, str(README), "exec"), namespace)


def test_readme_server_example_serves_under_waitress() -> None:
    from tests.servers import request, serve

    (block,) = [b for b in python_blocks() if "waitress" in b]
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(compile(block, str(README), "exec"), namespace)
    with serve(namespace["app"]) as base_url:  # type: ignore[arg-type]
        status, headers, body = request(base_url, "GET", "/")
    assert status == 200
    assert body == b"<h1>Hello from genresp</h1>"
    assert headers["content-type"] == ["text/html; charset=utf-8"]
    assert headers["content-length"] == [str(len(body))]
