"""set_cookie / delete_cookie / dump_cookie: Werkzeug 2.3's output, plus CHIPS and stricter input checks.

Werkzeug 2.3.8 (installed for the tests only) is the oracle for the output format.  Where genresp
deliberately differs it is tested on its own: non-token names, ';' or control characters in path
and domain are refused; the controls 0x1a-0x1f in a value are escaped (Werkzeug sends them raw);
``partitioned`` is new.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from http.cookies import SimpleCookie
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.http import dump_cookie as wz_dump_cookie
from werkzeug.wrappers import Response as WzResponse

from genresp import Headers, Response
from genresp.cookies import CookieMixin
from genresp.http import dump_cookie

EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT"
FIXED = datetime(2031, 5, 17, 10, 20, 30, tzinfo=timezone.utc)
FIXED_TEXT = "Sat, 17 May 2031 10:20:30 GMT"


def cookies(resp: Any) -> list[str]:
    return list(resp.headers.getlist("Set-Cookie"))


def wz_set_cookie(**kwargs: Any) -> str:
    resp = WzResponse()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        resp.set_cookie(**kwargs)
    (header,) = resp.headers.getlist("Set-Cookie")
    return str(header)


def set_cookie(**kwargs: Any) -> str:
    resp = Response()
    resp.set_cookie(**kwargs)
    (header,) = cookies(resp)
    return header


# -- the same output as Werkzeug 2.3 -------------------------------------------------------------

ORACLE_CASES: list[dict[str, Any]] = [
    {"key": "a"},
    {"key": "a", "value": "b"},
    {"key": "a", "value": ""},
    {"key": "session", "value": "abc123", "path": "/app"},
    {"key": "a", "value": "b", "path": None},
    {"key": "a", "value": "b", "path": ""},
    {"key": "a", "value": "b", "path": "/a b/ü/%41"},
    {"key": "a", "value": "b", "domain": "example.com"},
    {"key": "a", "value": "b", "domain": ".example.com"},
    {"key": "a", "value": "b", "domain": "Example.COM"},
    {"key": "a", "value": "b", "domain": "example.com:8080"},
    {"key": "a", "value": "b", "domain": "bücher.example"},
    {"key": "a", "value": "b", "secure": True},
    {"key": "a", "value": "b", "httponly": True},
    {"key": "a", "value": "b", "samesite": "Strict"},
    {"key": "a", "value": "b", "samesite": "lax"},
    {"key": "a", "value": "b", "samesite": "NONE"},
    {"key": "a", "value": "b", "samesite": "none", "secure": True},
    {"key": "a", "value": "b", "expires": FIXED},
    {"key": "a", "value": "b", "expires": FIXED.replace(tzinfo=None)},
    {"key": "a", "value": "b", "expires": FIXED.astimezone(timezone(timedelta(hours=5)))},
    {"key": "a", "value": "b", "expires": 0},
    {"key": "a", "value": "b", "expires": 1_000_000_000},
    {"key": "a", "value": "b", "expires": 1_000_000_000.75},
    {"key": "a", "value": "b", "expires": FIXED_TEXT},
    {"key": "a", "value": "b", "expires": "whenever"},
    {"key": "a", "value": "b", "max_age": 0, "expires": FIXED},
    {"key": "a", "value": "b", "max_age": 3600, "expires": FIXED},
    {"key": "a", "value": "b", "max_age": timedelta(days=1, seconds=1), "expires": 0},
    {"key": "a", "value": "b", "max_age": timedelta(seconds=1.9), "expires": 0},
    {"key": "a", "value": "a b"},
    {"key": "a", "value": 'say "hi"'},
    {"key": "a", "value": "x,y;z"},
    {"key": "a", "value": "back\\slash"},
    {"key": "a", "value": "ünïcödé ✓"},
    {"key": "a", "value": "tab\there"},
    {"key": "a", "value": "ctl\x00\r\n\x7f"},
    {"key": "a", "value": "=()<>?@[]{}/:!#$%&'*+-.^_`|~"},
    {"key": "!#$%&'*+-.^_`|~09AZaz", "value": "v"},
    {
        "key": "all",
        "value": "v v",
        "max_age": 60,
        "expires": FIXED,
        "path": "/p",
        "domain": "www.example.org",
        "secure": True,
        "httponly": True,
        "samesite": "strict",
    },
]


@pytest.mark.parametrize("kwargs", ORACLE_CASES, ids=[repr(c) for c in ORACLE_CASES])
def test_set_cookie_matches_werkzeug(kwargs: dict[str, Any]) -> None:
    assert set_cookie(**kwargs) == wz_set_cookie(**kwargs)


@pytest.mark.parametrize("kwargs", ORACLE_CASES, ids=[repr(c) for c in ORACLE_CASES])
def test_dump_cookie_matches_werkzeug(kwargs: dict[str, Any]) -> None:
    assert dump_cookie(**kwargs) == wz_dump_cookie(**kwargs)


DELETE_CASES: list[dict[str, Any]] = [
    {"key": "a"},
    {"key": "a", "path": "/x"},
    {"key": "a", "path": None},
    {"key": "a", "domain": ".example.com"},
    {"key": "a", "secure": True, "httponly": True, "samesite": "lax"},
]


@pytest.mark.parametrize("kwargs", DELETE_CASES, ids=[repr(c) for c in DELETE_CASES])
def test_delete_cookie_matches_werkzeug(kwargs: dict[str, Any]) -> None:
    resp = Response()
    resp.delete_cookie(**kwargs)
    wz = WzResponse()
    wz.delete_cookie(**kwargs)
    assert cookies(resp) == wz.headers.getlist("Set-Cookie")
    assert f"Expires={EPOCH}; Max-Age=0" in cookies(resp)[0]


# Werkzeug sends 0x1a-0x1f raw inside the quotes; genresp escapes them like the other controls.
_WZ_RAW_CONTROLS = re.compile("[\x1a-\x1f]")


@given(value=st.text())
def test_value_quoting_matches_werkzeug(value: str) -> None:
    ours = dump_cookie("k", value)
    theirs = wz_dump_cookie("k", value)
    theirs = _WZ_RAW_CONTROLS.sub(lambda m: f"\\{ord(m.group()):03o}", theirs)
    assert ours == theirs


def test_expires_from_max_age() -> None:
    """With max_age and no expires, Expires is now + max_age (as an HTTP date)."""
    for max_age in (3600, timedelta(hours=1)):
        before = datetime.now(timezone.utc).replace(microsecond=0)
        header = set_cookie(key="a", value="b", max_age=max_age)
        after = datetime.now(timezone.utc)
        match = re.fullmatch(r"a=b; Expires=([^;]+); Max-Age=3600; Path=/", header)
        assert match is not None, header
        expires = parsedate_to_datetime(match.group(1))
        assert before + timedelta(hours=1) <= expires <= after + timedelta(hours=1)


def test_attribute_order() -> None:
    header = set_cookie(
        key="k",
        value="v",
        max_age=10,
        expires=FIXED,
        path="/p",
        domain="d.example",
        secure=True,
        httponly=True,
        samesite="Lax",
        partitioned=True,
    )
    assert header == (
        f"k=v; Domain=d.example; Expires={FIXED_TEXT}; Max-Age=10; Secure; HttpOnly; Path=/p;"
        " SameSite=Lax; Partitioned"
    )


def test_empty_domain_is_left_out() -> None:
    """Werkzeug sends an empty ``Domain=``; user agents ignore it (RFC 6265 5.2.3), so genresp omits it."""
    assert set_cookie(key="a", value="b", domain="") == "a=b; Path=/"
    assert set_cookie(key="a", value="b", domain=":8080") == "a=b; Path=/"


# -- CHIPS ---------------------------------------------------------------------------------------


def test_partitioned_adds_attribute_and_forces_secure() -> None:
    assert set_cookie(key="k", value="v", partitioned=True) == "k=v; Secure; Path=/; Partitioned"
    assert (
        set_cookie(key="k", value="v", partitioned=True, secure=True)
        == "k=v; Secure; Path=/; Partitioned"
    )
    assert "Partitioned" not in set_cookie(key="k", value="v")
    assert dump_cookie("k", partitioned=True) == "k=; Secure; Path=/; Partitioned"


def test_delete_partitioned_cookie() -> None:
    resp = Response()
    resp.delete_cookie("k", partitioned=True)
    assert cookies(resp) == [f"k=; Expires={EPOCH}; Max-Age=0; Secure; Path=/; Partitioned"]


# -- SameSite ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given_value,sent",
    [("strict", "Strict"), ("STRICT", "Strict"), ("Lax", "Lax"), ("lAx", "Lax"),
     ("none", "None"), ("None", "None")],
)  # fmt: skip
def test_samesite_any_case(given_value: str, sent: str) -> None:
    assert set_cookie(key="k", samesite=given_value).endswith(f"; SameSite={sent}")


@pytest.mark.parametrize("bad", ["", "Loose", "strict ", "Lax;", "None\r\n", "true", "1"])
def test_samesite_rejects_anything_else(bad: str) -> None:
    resp = Response()
    with pytest.raises(ValueError, match="SameSite"):
        resp.set_cookie("k", "v", samesite=bad)
    with pytest.raises(ValueError, match="SameSite"):
        resp.delete_cookie("k", samesite=bad)
    assert cookies(resp) == []


# -- values, names, path and domain --------------------------------------------------------------


@given(value=st.text())
def test_any_value_round_trips_through_a_cookie_parser(value: str) -> None:
    """Whatever the value, the standard library's cookie parser gets back exactly that value."""
    header = dump_cookie("k", value)
    assert not any(ord(c) < 0x20 and c != "\t" or c == "\x7f" for c in header)
    jar = SimpleCookie()
    jar.load(header)
    assert list(jar) == ["k"]
    # The quoted form carries UTF-8 bytes as octal escapes; the parser hands back those bytes.
    assert jar["k"].value.encode("latin-1").decode("utf-8") == value


@pytest.mark.parametrize(
    "value,sent",
    [("plain", "plain"), ("a b", '"a b"'), ('q"', '"q\\""'), ("a\\b", '"a\\\\b"'),
     ("a,b", '"a\\054b"'), ("a;b", '"a\\073b"'), ("é", '"\\303\\251"'), ("\x1f", '"\\037"'),
     ("\x7f", '"\\177"'), ("\r\n", '"\\015\\012"')],
)  # fmt: skip
def test_value_quoting(value: str, sent: str) -> None:
    assert dump_cookie("k", value, path=None) == f"k={sent}"


def test_bytes_value_is_decoded() -> None:
    assert dump_cookie("k", b"v", path=None) == "k=v"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "key", ["", "a b", "a;b", "a=b", "a,b", 'a"b', "a\r\nb", "a\x00", "é", "a:b", "(a)", "a\tb"]
)
def test_names_that_are_not_tokens_are_rejected(key: str) -> None:
    resp = Response()
    with pytest.raises(ValueError, match="cookie name"):
        resp.set_cookie(key, "v")
    with pytest.raises(ValueError, match="cookie name"):
        resp.delete_cookie(key)
    assert cookies(resp) == []


@pytest.mark.parametrize("field", ["path", "domain"])
@pytest.mark.parametrize(
    "bad", [";", "x; Secure", "\r\n", "\n", "\r", "\x00", "\x01", "\x1f", "\x7f", "\t"]
)
def test_path_and_domain_with_separators_or_controls_are_rejected(field: str, bad: str) -> None:
    resp = Response()
    resp.set_cookie("before", "1")
    with pytest.raises(ValueError, match=field):
        resp.set_cookie("k", "v", **{field: "/x" + bad if field == "path" else "a.example" + bad})
    with pytest.raises(ValueError, match=field):
        resp.delete_cookie("k", **{field: "/x" + bad if field == "path" else "a.example" + bad})
    assert cookies(resp) == ["before=1; Path=/"]


def test_expires_text_with_controls_is_rejected() -> None:
    resp = Response()
    with pytest.raises(ValueError, match="expires"):
        resp.set_cookie("k", "v", expires=f"{EPOCH}\r\nSet-Cookie: evil=1")
    with pytest.raises(ValueError, match="expires"):
        resp.set_cookie("k", "v", expires=f"{EPOCH}; Domain=evil.example")
    assert cookies(resp) == []


# -- size ----------------------------------------------------------------------------------------


def test_max_cookie_size_default() -> None:
    assert Response.max_cookie_size == 4093
    assert CookieMixin.max_cookie_size == 4093


def test_too_large_cookie_warns_with_its_size_and_is_still_set() -> None:
    resp = Response()
    value = "x" * 5000
    with pytest.warns(UserWarning, match=r"5010") as record:
        resp.set_cookie("k", value)
    assert len(record) == 1
    assert cookies(resp) == [f"k={value}; Path=/"]
    assert len(cookies(resp)[0]) == 5010


def test_cookie_at_the_limit_does_not_warn() -> None:
    resp = Response()
    value = "x" * (4093 - len("k=; Path=/"))
    resp.set_cookie("k", value)  # filterwarnings=error: any warning fails here
    assert len(cookies(resp)[0]) == 4093
    with pytest.warns(UserWarning, match="4094"):
        resp.set_cookie("k", value + "x")


def test_max_cookie_size_zero_disables_the_check() -> None:
    class Unlimited(Response):
        max_cookie_size = 0

    resp = Unlimited()
    resp.set_cookie("k", "x" * 10_000)
    assert len(cookies(resp)[0]) > 10_000


def test_max_cookie_size_per_instance() -> None:
    resp = Response()
    resp.max_cookie_size = 20  # type: ignore[misc]
    with pytest.warns(UserWarning, match="too large"):
        resp.set_cookie("k", "x" * 20)
    assert len(cookies(resp)) == 1


# -- the mixin -------------------------------------------------------------------------------------


def test_set_cookie_adds_without_replacing() -> None:
    resp = Response(headers={"X-Other": "1"})
    resp.set_cookie("a", "1")
    resp.set_cookie("b", "2")
    resp.set_cookie("a", "3")
    resp.delete_cookie("b")
    assert cookies(resp) == [
        "a=1; Path=/",
        "b=2; Path=/",
        "a=3; Path=/",
        f"b=; Expires={EPOCH}; Max-Age=0; Path=/",
    ]
    assert resp.headers["X-Other"] == "1"


def test_mixin_has_no_instance_state_and_works_on_any_object_with_headers() -> None:
    assert CookieMixin.__slots__ == ()

    class Bare(CookieMixin):
        __slots__ = ("headers",)

        def __init__(self) -> None:
            self.headers = Headers([("X-Other", "1")])

    obj = Bare()
    obj.set_cookie("k", "v", samesite="lax")
    obj.delete_cookie("k")
    assert obj.headers.to_wsgi_list() == [
        ("X-Other", "1"),
        ("Set-Cookie", "k=v; Path=/; SameSite=Lax"),
        ("Set-Cookie", f"k=; Expires={EPOCH}; Max-Age=0; Path=/"),
    ]
