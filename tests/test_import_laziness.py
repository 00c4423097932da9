"""`import genresp` loads only what a plain response needs (issue 14): the structured-field support, the
modern-header modules and the generated value classes wait until an attribute that needs them is used.

Each check runs in a fresh interpreter, since this one has imported everything already.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from codegen.loader import load_spec
from codegen.model import EAGER_MODULES

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec" / "headers.yaml"

#: Never needed by `import genresp`: the structured-field machinery, what only a framework or a
#: rare code path uses, `re` and `enum` (patterns compile on first use, COEP/COOP load on first use)
#: and the `collections` package (the ABCs come from `_collections_abc`). docs/ARCHITECTURE.md,
#: "Import time", says how each is kept out.
NEVER_AT_IMPORT = {
    "re",
    "enum",
    "functools",
    "collections",
    "decimal",
    "genresp.sf",
    "genresp.sf_fields",
    "genresp._generated.values",
    "genresp.datastructures._params",
    "genresp.asgi",
    "genresp.flask",
    "typing",
    "json",
    "hashlib",
    "email.utils",
    "urllib.parse",
    "datetime",  # bound lazily (genresp._lazy): only a date header, precondition or expiry needs it
}


def _lazy_modules() -> set[str]:
    """The modules genresp's descriptors import on first use, as the generator decided them."""
    spec = load_spec(SPEC, [str(ROOT / "src"), *sys.path])
    return {
        "genresp._generated" + module if module.startswith(".") else module
        for module, _ in spec.get_imports().lazy
    }


def _modules_after(code: str) -> set[str]:
    """The names in sys.modules after running `code` in a fresh interpreter."""
    script = f"{code}\nimport sys\nprint(*sorted(sys.modules), sep=' ')"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.splitlines()[-1].split())


def test_the_spec_has_lazily_imported_modules() -> None:
    # Not vacuous: the SF support and every modern-header module are among them.
    lazy = _lazy_modules()
    assert {"genresp.sf_fields", "genresp._generated.values"} <= lazy
    assert {"genresp.datastructures.hsts", "genresp.datastructures.link"} <= lazy


@pytest.mark.parametrize(
    "statement", ["import genresp", "from genresp import Response", "import genresp.wsgi"]
)
def test_import_loads_no_structured_field_or_modern_header_module(statement: str) -> None:
    loaded = _modules_after(statement)
    assert "genresp._generated.headers" in loaded
    unwanted = loaded & (_lazy_modules() | NEVER_AT_IMPORT)
    assert not unwanted, f"{statement} loads {sorted(unwanted)}: see ARCHITECTURE.md, Import time"


def test_hello_needs_no_regular_expression() -> None:
    loaded = _modules_after(
        "from genresp import Response\n"
        "resp = Response('Hello, World!', mimetype='text/plain')\n"
        "list(resp({'REQUEST_METHOD': 'GET'}, lambda status, headers, exc_info=None: None))"
    )
    assert loaded & NEVER_AT_IMPORT == set()


def test_a_response_with_common_headers_loads_no_structured_field_module() -> None:
    loaded = _modules_after(
        "from genresp import Response\n"
        "resp = Response('hi', mimetype='text/plain')\n"
        "resp.cache_control.max_age = 60\n"
        "resp.vary.add('Accept')\n"
        "resp.set_etag('x')\n"
        "list(resp({'REQUEST_METHOD': 'GET'}, lambda status, headers, exc_info=None: None))"
    )
    assert loaded & (_lazy_modules() | {"decimal", "genresp.sf"}) == set()


def test_what_import_genresp_loads_anyway_is_what_the_generator_imports_eagerly() -> None:
    # codegen.model.EAGER_MODULES must name only modules `import genresp` loads (or generated
    # descriptors would load more than genresp itself does).
    assert EAGER_MODULES <= _modules_after("import genresp")


@pytest.mark.parametrize(
    ("use", "needs"),
    [
        ("resp.priority.urgency = 1", {"genresp.sf_fields", "genresp._generated.values"}),
        ("resp.cache_status", {"genresp._generated.values"}),
        ("resp.headers['Deprecation'] = '@1'\nresp.deprecation", {"genresp.sf_fields"}),
        ("resp.strict_transport_security = 'max-age=60'", {"genresp.datastructures.hsts"}),
        ("resp.link", {"genresp.datastructures.link"}),
        ("resp.x_frame_options", {"genresp.datastructures.fetch_policies"}),
        ("resp.cross_origin_opener_policy", {"enum", "genresp.datastructures.enums"}),
        ("import genresp; genresp.COEP", {"enum"}),
        ("resp.set_cookie('session', 'abc')", {"re"}),
        ("resp.last_modified = 0", {"datetime"}),
        ("resp.set_cookie('session', 'abc', max_age=60)", {"datetime"}),
        ("resp.make_conditional({'REQUEST_METHOD': 'GET'})", {"datetime"}),
        (
            "from genresp._generated.headers import Priority",
            {"genresp._generated.values", "genresp.sf_fields"},
        ),
    ],
)
def test_the_attribute_that_needs_a_module_loads_it(use: str, needs: set[str]) -> None:
    before = _modules_after("from genresp import Response\nresp = Response()")
    after = _modules_after(f"from genresp import Response\nresp = Response()\n{use}")
    assert needs & before == set()
    assert needs <= after


def test_a_lazily_imported_module_then_costs_an_ordinary_attribute_read() -> None:
    from genresp import Response
    from genresp._generated import headers

    Response().strict_transport_security = "max-age=60"
    # The LazyModule put the module itself in its place.
    assert headers._hsts is sys.modules["genresp.datastructures.hsts"]


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("match", ("ab1",)),
        ("fullmatch", ("ab",)),
        ("fullmatch", ("ab1",)),
        ("search", ("1ab",)),
        ("sub", ("-", "a1b")),
        ("subn", ("-", "a1b")),
        ("split", ("a1b",)),
        ("findall", ("a1b",)),
    ],
)
def test_a_pattern_compiled_on_first_use_answers_as_the_compiled_one(
    method: str, args: tuple[str, ...]
) -> None:
    import re

    from genresp._grammar import compile_lazily

    lazy = compile_lazily(r"(?i)[A-Z]+")
    real = re.compile(r"(?i)[A-Z]+")
    for _ in range(2):  # the first call compiles, the second goes straight to the compiled pattern
        assert repr(getattr(lazy, method)(*args)) == repr(getattr(real, method)(*args))
    assert isinstance(getattr(lazy, method).__self__, re.Pattern)
    assert [m.span() for m in lazy.finditer("a1bc")] == [(0, 1), (2, 4)]


@pytest.mark.parametrize("datetime_first", [True, False])
def test_annotations_resolve_whichever_is_imported_first(datetime_first: bool) -> None:
    # typing.get_type_hints (documentation tools, runtime checkers) resolves genresp's date
    # annotations whether datetime was loaded before genresp (then the real module is bound) or not
    # (then the lazy module imports it when the annotation is evaluated).
    script = (
        ("import datetime\n" if datetime_first else "") + "import sys, typing\n"
        "import genresp\n"
        "from genresp import _fields, _grammar, cookies, http\n"
        "from genresp.sansio import preconditions\n"
        + ("" if datetime_first else "assert 'datetime' not in sys.modules\n")
        + "import datetime\n"
        "assert typing.get_type_hints(http.parse_date)['return'] == datetime.datetime | None\n"
        "assert typing.get_type_hints(http.parse_age)['return'] == datetime.timedelta | None\n"
        "hints = typing.get_type_hints(genresp.Response.set_cookie)\n"
        "assert hints['max_age'] == datetime.timedelta | int | None, hints\n"
        "typing.get_type_hints(_grammar.http_date)\n"
        "typing.get_type_hints(cookies.dump_cookie)\n"
        "typing.get_type_hints(_fields.load_retry_after)\n"
        "typing.get_type_hints(preconditions.evaluate_preconditions)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
