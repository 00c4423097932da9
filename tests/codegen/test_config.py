"""genresp-codegen reads [tool.genresp-codegen] from the nearest pyproject.toml; the command line replaces it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from codegen.__main__ import main

SPEC = """
class: ShopHeaders
headers:
  x_order_id:
    field: X-Order-Id
    kind: string
    rfc: 9110#5.1
    doc: The order this response is about.
"""


def _project(root: Path, table: str) -> Path:
    (root / "pyproject.toml").write_text(textwrap.dedent(table).lstrip(), encoding="utf-8")
    (root / "headers.yaml").write_text(textwrap.dedent(SPEC).lstrip(), encoding="utf-8")
    (root / "shop").mkdir()
    return root


def test_the_table_is_found_from_a_subdirectory_and_its_paths_are_relative_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(
        tmp_path,
        """
        [tool.genresp-codegen]
        spec = "headers.yaml"
        out = "shop/_headers"
        docs = "docs/headers.md"
        """,
    )
    monkeypatch.chdir(root / "shop")
    assert main([]) == 0
    text = (root / "shop" / "_headers" / "headers.py").read_text(encoding="utf-8")
    assert " from headers.yaml (sha256:" in text.splitlines()[0]
    assert text.splitlines()[1] == '# Do not edit: edit the spec and run "genresp-codegen".'
    assert "\n# headers.yaml:3\nclass XOrderIdHeader:\n" in text
    assert "## x_order_id" in (root / "docs" / "headers.md").read_text(encoding="utf-8")
    assert main(["--check"]) == 0


def test_class_in_the_table_names_the_mixin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(
        tmp_path,
        """
        [tool.genresp-codegen]
        spec = "headers.yaml"
        out = "gen"
        class = "OrderHeaders"
        """,
    )
    monkeypatch.chdir(root)
    assert main([]) == 0
    assert "\nclass OrderHeaders:\n" in (root / "gen" / "headers.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[tool.genresp-codegen]\nspec = "headers.yaml"\noutput = "x"\n', "unknown key(s) output"),
        ('[tool.genresp-codegen]\nspec = 3\nout = "x"\n', "spec must be a non-empty string"),
        ('[project]\nname = "shop"\n', "no spec or output directory"),
        ("[tool.genresp-codegen\n", "cannot read it"),
    ],
    ids=["unknown-key", "not-a-string", "no-table", "not-toml"],
)
def test_a_bad_or_missing_table_is_one_clear_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    table: str,
    message: str,
) -> None:
    _project(tmp_path, table)
    monkeypatch.chdir(tmp_path)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("genresp-codegen: ") and message in err, err


def test_the_public_entry_point_runs_the_generator_of_a_source_checkout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import genresp.codegen

    from .conftest import ROOT

    monkeypatch.chdir(ROOT)
    assert genresp.codegen.main(["--check"]) == 0


def test_without_the_extra_the_command_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import genresp.codegen

    def no_jinja() -> object:
        raise ModuleNotFoundError("No module named 'jinja2'", name="jinja2")

    monkeypatch.setattr(genresp.codegen, "_load", no_jinja)
    assert genresp.codegen.main([]) == 2
    assert capsys.readouterr().err == (
        'genresp-codegen needs the codegen extra: pip install "genresp[codegen]" (missing: jinja2)\n'
    )
