"""The Structured Field headers of spec/headers.yaml (issue 12 section 3): typed reads and writes,
write-back, members kept on a round trip, malformed reads, grammar break-outs refused."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from genresp import Response, sf
from genresp._generated.headers import FIELDS
from genresp.sf_fields import SFDictionaryValue, SFListValue, SFMappingValue
from tests.test_injection import populated, snapshot

ROOT = Path(__file__).resolve().parents[1]
SF_ATTRS = sorted(attr for attr, (_, kind) in FIELDS.items() if kind.startswith("sf_"))


def test_the_issue_12_structured_field_headers_exist() -> None:
    assert SF_ATTRS == sorted(
        [
            "accept_ch",
            "cache_groups",
            "cache_status",
            "cdn_cache_control",
            "content_digest",
            "critical_ch",
            "deprecation",
            "origin_agent_cluster",
            "permissions_policy",
            "priority",
            "proxy_status",
            "ratelimit",
            "ratelimit_policy",
            "reporting_endpoints",
            "repr_digest",
            "use_as_dictionary",
        ]
    )


# -- Priority: the issue's example ------------------------------------------------------------------


def test_priority_members_are_typed_with_defaults() -> None:
    resp = Response()
    assert resp.priority.urgency == 3 and resp.priority.incremental is False
    assert "Priority" not in resp.headers
    resp.priority.urgency = 1
    resp.priority.incremental = True
    assert resp.headers["Priority"] == "u=1, i"
    resp.priority.incremental = False
    assert resp.headers["Priority"] == "u=1, i=?0"
    del resp.priority.urgency
    del resp.priority.incremental
    assert "Priority" not in resp.headers


def test_priority_keeps_undeclared_members_and_ignores_invalid_ones() -> None:
    resp = Response()
    resp.headers["Priority"] = "u=9, foo=bar;x, i"
    assert resp.priority.urgency == 3  # out of range: the default (RFC 9218 4.1)
    assert resp.priority.incremental is True
    assert resp.priority.extra == {
        "u": sf.Item(9),
        "foo": sf.Item(sf.Token("bar"), {"x": True}),
    }
    resp.priority.urgency = 6
    assert resp.headers["Priority"] == "u=6, i, foo=bar;x"
    resp.priority.set_extra("foo", None)
    assert resp.headers["Priority"] == "u=6, i"


@pytest.mark.parametrize("value", [8, -1, True, "3", 1.0, None])
def test_priority_refuses_bad_urgency_and_changes_nothing(value: Any) -> None:
    resp = Response()
    resp.headers["Priority"] = "u=2"
    if value is None:
        resp.priority.urgency = value
        assert "Priority" not in resp.headers
        return
    with pytest.raises((ValueError, TypeError), match="Priority u"):
        resp.priority.urgency = value
    assert resp.headers["Priority"] == "u=2"


def test_parse_results_are_remembered_until_the_header_changes() -> None:
    resp = Response()
    resp.headers["Cache-Status"] = "a;hit"
    first = resp.cache_status
    assert resp.cache_status is first
    resp.headers["Cache-Status"] = "b"
    assert resp.cache_status is not first
    assert resp.cache_status.values() == ["b"]


# -- Lists ---------------------------------------------------------------------------------------------


def test_cache_status_entries_and_parameters() -> None:
    resp = Response()
    resp.cache_status.append("ExampleCache")
    resp.cache_status[0].hit = True
    resp.cache_status[0].ttl = 376
    resp.cache_status.append("Example CDN")
    resp.cache_status[1].fwd = "uri-miss"
    resp.cache_status[1].fwd_status = 200
    assert resp.headers["Cache-Status"] == (
        'ExampleCache;hit;ttl=376, "Example CDN";fwd=uri-miss;fwd-status=200'
    )
    entry = resp.cache_status[1]
    assert (entry.value, entry.fwd, entry.fwd_status, entry.hit) == (
        "Example CDN",
        "uri-miss",
        200,
        None,
    )
    del resp.cache_status[0]
    assert resp.headers["Cache-Status"] == '"Example CDN";fwd=uri-miss;fwd-status=200'
    resp.cache_status.clear()
    assert "Cache-Status" not in resp.headers


def test_list_round_trip_keeps_unknown_parameters_and_members_of_other_types() -> None:
    resp = Response()
    resp.headers["Proxy-Status"] = 'r1;error=dns_timeout;x-vendor="q", 42;a, r2;received-status=abc'
    status = resp.proxy_status
    assert [e.value for e in status] == ["r1", "r2"]
    assert status[0].error == "dns_timeout" and status[0].extra == {"x-vendor": "q"}
    assert status[1].received_status is None and status[1].extra == {
        "received-status": sf.Token("abc")
    }
    assert status.ignored == [sf.Item(42, {"a": True})]
    status[0].details = "upstream said no"
    assert resp.headers["Proxy-Status"] == (
        'r1;error=dns_timeout;details="upstream said no";x-vendor="q",'
        " r2;received-status=abc, 42;a"
    )


def test_assigning_plain_lists_and_text() -> None:
    resp = Response()
    resp.accept_ch = ["Sec-CH-UA-Platform", "DPR"]
    assert resp.headers["Accept-CH"] == "Sec-CH-UA-Platform, DPR"
    assert "DPR" in resp.accept_ch and "Width" not in resp.accept_ch
    resp.critical_ch = "Sec-CH-UA-Platform"
    assert resp.critical_ch.values() == ["Sec-CH-UA-Platform"]
    resp.cache_groups = ["scripts", "a group, with a comma"]
    assert resp.headers["Cache-Groups"] == '"scripts", "a group, with a comma"'
    resp.ratelimit_policy = ["burst"]
    resp.ratelimit_policy[0].quota = 100
    resp.ratelimit_policy[0].window = 60
    resp.ratelimit.append("burst")
    resp.ratelimit[0].remaining = 50
    resp.ratelimit[0].reset = 30
    resp.ratelimit[0].partition_key = b"user-1"
    assert resp.headers["RateLimit-Policy"] == '"burst";q=100;w=60'
    assert resp.headers["RateLimit"] == '"burst";r=50;t=30;pk=:dXNlci0x:'
    resp.accept_ch = []
    assert "Accept-CH" not in resp.headers
    resp.accept_ch = None
    assert resp.accept_ch.values() == []


# -- Dictionaries ---------------------------------------------------------------------------------------


def test_digests_cdn_cache_control_and_dictionaries() -> None:
    resp = Response()
    resp.content_digest.sha_256 = bytes(range(4))
    resp.repr_digest.sha_512 = b"\xff"
    resp.headers["Content-Digest"] += ", md5=:AA==:"
    assert resp.content_digest.sha_256 == bytes(range(4))
    assert resp.content_digest.extra == {"md5": sf.Item(b"\x00")}
    assert resp.headers["Repr-Digest"] == "sha-512=:/w==:"
    resp.cdn_cache_control.max_age = 600
    resp.cdn_cache_control.no_store = True
    assert resp.headers["CDN-Cache-Control"] == "max-age=600, no-store"
    with pytest.raises(ValueError, match="CDN-Cache-Control max-age"):
        resp.cdn_cache_control.max_age = -5
    resp.use_as_dictionary.match = "/app/*.js"
    resp.use_as_dictionary.match_dest = ["script"]
    resp.use_as_dictionary.id = "v1"
    assert resp.use_as_dictionary.type == "raw"
    assert resp.headers["Use-As-Dictionary"] == 'match="/app/*.js", match-dest=("script"), id="v1"'
    assert resp.use_as_dictionary.match_dest == ("script",)


def test_mapping_shaped_dictionaries() -> None:
    resp = Response()
    resp.reporting_endpoints["default"] = "https://reports.example/main"
    resp.reporting_endpoints["csp"] = "https://reports.example/csp"
    assert resp.headers["Reporting-Endpoints"] == (
        'default="https://reports.example/main", csp="https://reports.example/csp"'
    )
    del resp.reporting_endpoints["default"]
    assert dict(resp.reporting_endpoints) == {"csp": "https://reports.example/csp"}
    resp.permissions_policy = {
        "geolocation": sf.InnerList([sf.Item(sf.Token("self")), sf.Item("https://a.example")]),
        "camera": sf.InnerList(),
        "fullscreen": sf.Token("*"),
    }
    assert resp.headers["Permissions-Policy"] == (
        'geolocation=(self "https://a.example"), camera=(), fullscreen=*'
    )
    resp.headers["Reporting-Endpoints"] = 'a=1, b="https://b.example"'
    assert dict(resp.reporting_endpoints) == {"b": "https://b.example"}
    assert resp.reporting_endpoints.ignored == {"a": sf.Item(1)}


# -- Items -------------------------------------------------------------------------------------------------


def test_deprecation_is_a_date_read_as_datetime() -> None:
    resp = Response()
    moment = datetime(2025, 6, 30, 23, 59, 59, tzinfo=timezone.utc)
    resp.deprecation = moment
    assert resp.headers["Deprecation"] == "@1751327999"
    assert resp.deprecation == moment
    resp.deprecation = datetime(2025, 6, 30, 23, 59, 59, 999)  # naive: UTC, fraction dropped
    assert resp.headers["Deprecation"] == "@1751327999"
    resp.deprecation = date(2025, 7, 1)
    assert resp.deprecation == moment + timedelta(seconds=1)
    resp.deprecation = 0
    assert resp.deprecation == datetime(1970, 1, 1, tzinfo=timezone.utc)
    resp.deprecation = "@-86400"
    assert resp.deprecation == datetime(1969, 12, 31, tzinfo=timezone.utc)
    with pytest.raises(ValueError, match="Deprecation"):
        resp.deprecation = "?1"
    for raw in ("@999999999999999", "@1.5", "?1", "tomorrow", "@1, @2", ""):
        resp.headers["Deprecation"] = raw
        assert resp.deprecation is None, raw
    del resp.deprecation
    assert "Deprecation" not in resp.headers


def test_origin_agent_cluster_is_a_boolean_item() -> None:
    resp = Response()
    resp.origin_agent_cluster = True
    assert resp.headers["Origin-Agent-Cluster"] == "?1"
    resp.headers["Origin-Agent-Cluster"] = "?0;x=1"
    assert resp.origin_agent_cluster is False
    resp.headers["Origin-Agent-Cluster"] = "1"
    assert resp.origin_agent_cluster is None
    with pytest.raises(TypeError, match="Origin-Agent-Cluster"):
        resp.origin_agent_cluster = 1  # type: ignore[assignment]


# -- malformed reads and grammar break-outs ---------------------------------------------------------

MALFORMED = [
    "",
    " ",
    ",",
    "a,,b",
    '"unterminated',
    "u=",
    "(a b",
    "a;=1",
    '%"%zz"',
    ":not base64!:",
    "@1.5",
    "é",
    "a=1;b=2;" * 50 + "(",
    "1" * 20,
]


@pytest.mark.parametrize("attr", SF_ATTRS)
def test_malformed_headers_read_as_empty_or_none(attr: str) -> None:
    field, kind = FIELDS[attr]
    for raw in MALFORMED:
        resp = Response()
        resp.headers[field] = raw
        value = getattr(resp, attr)
        if kind == "sf_item":
            assert value is None, (attr, raw)
        else:
            value.to_header()  # prints back without raising


BREAKOUTS: dict[str, list[Any]] = {
    # (attribute, a write) pairs whose value would leave its grammar if stored as given.
    "token": ["a,b", "a;b", "a=b", "a b", '"a"', "", "1a", "a\r\nb"],
    "string": ["a\r\nb", "caf\xe9", "\x00", "\x7f"],
}


def _entry_token_writes(resp: Response) -> list[tuple[str, Any]]:
    resp.cache_status.append("c")
    resp.proxy_status.append("p")
    resp.accept_ch.append("Width")
    return [
        ("Cache-Status", lambda v: setattr(resp.cache_status[0], "fwd", v)),
        ("Proxy-Status", lambda v: setattr(resp.proxy_status[0], "error", v)),
        ("Accept-CH", lambda v: resp.accept_ch.append(v)),
        ("Accept-CH", lambda v: setattr(resp, "accept_ch", [v])),
        ("Use-As-Dictionary", lambda v: setattr(resp.use_as_dictionary, "type", v)),
    ]


def test_tokens_that_are_not_tokens_are_refused() -> None:
    resp = Response()
    for field, write in _entry_token_writes(resp):
        for value in BREAKOUTS["token"]:
            before = list(resp.headers.items())
            with pytest.raises(ValueError, match=field):
                write(value)
            assert list(resp.headers.items()) == before, (field, value)


def test_strings_with_controls_are_refused_and_quotes_cannot_break_out() -> None:
    resp = Response()
    resp.cache_groups.append("g")
    for value in BREAKOUTS["string"]:
        before = list(resp.headers.items())
        with pytest.raises(ValueError, match="Cache-Groups"):
            resp.cache_groups.append(value)
        with pytest.raises(ValueError, match="Reporting-Endpoints"):
            resp.reporting_endpoints["x"] = value
        assert list(resp.headers.items()) == before
    # A quote, comma or semicolon inside a String is escaped or quoted, never a new member.
    resp.cache_groups = ['a", evil="1', "b;c=d"]
    assert resp.headers["Cache-Groups"] == '"a\\", evil=\\"1", "b;c=d"'
    assert sf.parse_list(resp.headers["Cache-Groups"]) == [
        sf.Item('a", evil="1'),
        sf.Item("b;c=d"),
    ]


def test_keys_and_raw_text_are_checked() -> None:
    resp = Response()
    for key in ("A", "a b", "a=", "", "é"):
        with pytest.raises(ValueError):
            resp.reporting_endpoints[key] = "https://x.example"
        with pytest.raises(ValueError):
            resp.priority.set_extra(key, 1)
    with pytest.raises(ValueError, match="declared member"):
        resp.priority.set_extra("u", 1)
    for text in ('u=1, "', "u=1\r\nSet-Cookie: a=b", "u=(1"):
        with pytest.raises(ValueError, match="Priority"):
            resp.priority = text
    assert "Priority" not in resp.headers
    with pytest.raises(TypeError, match="Priority"):
        resp.priority = 5  # type: ignore[assignment]


class _Int(int):
    pass


class _Str(str):
    pass


@pytest.mark.parametrize(
    "build",
    [
        lambda v: v.Priority(urgency=8),
        lambda v: v.Priority(urgency=-1),
        lambda v: v.Priority(urgency=True),
        lambda v: v.Priority(urgency="1"),
        lambda v: v.Priority(incremental=1),
        lambda v: v.CacheStatusEntry("a b\r\n"),
        lambda v: v.CacheStatusEntry(7),
        lambda v: v.CacheStatusEntry("c", hit=1),
        lambda v: v.CacheStatusEntry("c", ttl=10**15),
        lambda v: v.CacheStatusEntry("c", fwd_status=99),
        lambda v: v.CacheStatusEntry("c", key="caf\xe9"),
        lambda v: v.CacheStatusEntry("c", detail="x\ny"),
        lambda v: v.CacheStatusEntry("c", fwd="not a token"),
    ],
)
def test_constructors_check_their_arguments_inline_as_the_setters_do(
    build: Callable[[Any], Any],
) -> None:
    # The generated constructors accept the usual values inline and send every other one to
    # check_member: a bad one raises naming the header, whatever the path.
    from genresp._generated import values

    with pytest.raises((ValueError, TypeError), match="Priority|Cache-Status"):
        build(values)


def test_constructors_keep_exact_types_of_subclassed_arguments() -> None:
    from genresp._generated import values

    priority = values.Priority(urgency=_Int(2), incremental=False)
    assert type(priority.urgency) is int and priority.to_header() == "u=2, i=?0"
    entry = values.CacheStatusEntry(_Str("Edge"), ttl=_Int(5), key=_Str("k"))
    assert type(entry.value) is str and type(entry.ttl) is int and type(entry.key) is str
    assert entry.to_text() == 'Edge;ttl=5;key="k"'


# -- typing ------------------------------------------------------------------------------------------------

TYPED_USAGE = """
from __future__ import annotations
from datetime import datetime
from typing_extensions import assert_type
from genresp import Response
from genresp._generated.headers import CacheStatus, CacheStatusEntry, Priority, ReportingEndpoints

resp = Response()
assert_type(resp.priority, Priority)
assert_type(resp.priority.urgency, int)
assert_type(resp.priority.incremental, bool)
assert_type(resp.cache_status, CacheStatus)
assert_type(resp.cache_status[0], CacheStatusEntry)
assert_type(resp.cache_status[0].ttl, int | None)
assert_type(resp.cache_status[0].value, str)
assert_type(resp.deprecation, datetime | None)
assert_type(resp.origin_agent_cluster, bool | None)
assert_type(resp.content_digest.sha_256, bytes | None)
assert_type(resp.reporting_endpoints, ReportingEndpoints)
assert_type(resp.reporting_endpoints["a"], str)
assert_type(resp.use_as_dictionary.match_dest, tuple[str, ...] | None)
resp.priority.urgency = 1
resp.deprecation = datetime.now()
resp.accept_ch = ["DPR"]
"""
WRONG_USAGE = """
from genresp import Response
resp = Response()
resp.priority.urgency = "high"
resp.deprecation = "soon"
resp.origin_agent_cluster = 1
x: str = resp.priority.urgency
"""


def test_mypy_strict_sees_the_precise_types(tmp_path: Path) -> None:
    good = tmp_path / "good.py"
    good.write_text(TYPED_USAGE)
    bad = tmp_path / "bad.py"
    bad.write_text(WRONG_USAGE)
    command = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary"]
    result = subprocess.run([*command, str(good)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([*command, str(bad)], cwd=ROOT, capture_output=True, text=True)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 3, result.stdout  # "soon" is valid SF text for a str, checked at run time


# -- in-place changes of every Structured Field value (driven by the generated _fields tables) -----

EVIL = ["a\r\nSet-Cookie: evil=1", "a\x00b", "caf\xe9\n"]


def _member_writes(value: Any) -> list[tuple[str, Callable[[Any], None]]]:
    """(what, write(bad)) for each typed place of an SF value that takes text."""
    writes: list[tuple[str, Callable[[Any], None]]] = []
    text_types = ("string", "token", "token_or_string", "bare")  # (a Display String is encoded)
    if isinstance(value, SFListValue):
        writes.append(("append", value.append))
        writes.append(("insert", lambda bad: value.insert(0, bad)))
        entry = value[0]
        writes.append(("value", lambda bad: setattr(entry, "value", bad)))
        writes.append(("extra", lambda bad: entry.set_extra("x", bad)))
        writes.append(("extra key", lambda bad: entry.set_extra(bad, 1)))
        fields = type(entry)._fields
        target: Any = entry
    elif isinstance(value, SFMappingValue):
        writes.append(("item", lambda bad: value.__setitem__("k", bad)))
        writes.append(("item key", lambda bad: value.__setitem__(bad, sf.Token("t"))))
        fields = ()
        target = value
    else:
        assert isinstance(value, SFDictionaryValue)
        writes.append(("extra", lambda bad: value.set_extra("x", bad)))
        writes.append(("extra key", lambda bad: value.set_extra(bad, 1)))
        fields = type(value)._fields
        target = value
    for _key, slot, type_name, _low, _high in fields:
        if type_name in text_types or type_name.endswith("_list"):
            attr = slot[1:]
            writes.append((attr, lambda bad, attr=attr: setattr(target, attr, bad)))
            if type_name.endswith("_list"):
                writes.append((attr + "[]", lambda bad, attr=attr: setattr(target, attr, [bad])))
    return writes


SF_VALUE_ATTRS = [a for a in SF_ATTRS if FIELDS[a][1] in ("sf_list", "sf_dictionary")]
SF_SAMPLES = {"sf_list": "a;x=1, b", "sf_dictionary": "a=1, b"}


@pytest.mark.parametrize("attr", SF_VALUE_ATTRS)
def test_structured_field_values_refuse_control_characters_in_place(attr: str) -> None:
    field, kind = FIELDS[attr]
    resp = populated()
    resp.headers[field] = SF_SAMPLES[kind]
    if kind == "sf_list" and not len(getattr(resp, attr)):
        getattr(resp, attr).append("a")  # an item type that "a" is not: the entry is made here
    writes = _member_writes(getattr(resp, attr))
    assert writes
    for what, write in writes:
        for bad in EVIL:
            before = snapshot(resp)
            with pytest.raises((ValueError, TypeError), match=field):
                write(bad)
            assert snapshot(resp) == before, f"{attr} {what}: a refused change reached the headers"
