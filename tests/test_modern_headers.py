"""The modern response headers with their own grammars (issue 12, section 3).

Strict-Transport-Security, Referrer-Policy, X-Content-Type-Options, X-Frame-Options,
Cross-Origin-Resource-Policy, Content-Disposition, Link, Server-Timing, Clear-Site-Data, Sunset,
Timing-Allow-Origin and ETag: the examples of their RFCs and standards, reading malformed values
(never raises), grammar break-outs on write (ValueError naming the header, response unchanged),
write-back, and the readers' growth on 64 KB of junk.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from genresp import Response
from genresp.datastructures._params import decode_ext_value, encode_ext_value
from genresp.datastructures.content_disposition import (
    ContentDisposition,
    ascii_fallback,
    parse_content_disposition,
)
from genresp.datastructures.entity_tag import EntityTag, parse_entity_tag
from genresp.datastructures.fetch_policies import (
    CrossOriginResourcePolicy,
    ReferrerPolicy,
    XFrameOptions,
    load_nosniff,
)
from genresp.datastructures.hsts import StrictTransportSecurity, parse_hsts
from genresp.datastructures.link import Link, Links, parse_links
from genresp.datastructures.server_timing import (
    ServerTiming,
    ServerTimingMetric,
    parse_server_timing,
)
from genresp.datastructures.value_lists import (
    ClearSiteData,
    TimingAllowOrigin,
    parse_clear_site_data,
    parse_timing_allow_origin,
)
from tests.complexity import GROWTH_LIMIT, growth

SPLIT = "ok\r\nSet-Cookie: evil=1"

# Every reader of this module's grammars, for the never-raise and growth tests (and tests/fuzz).
MODERN_READERS: dict[str, Callable[[str], Any]] = {
    "parse_hsts": parse_hsts,
    "parse_content_disposition": parse_content_disposition,
    "parse_links": parse_links,
    "parse_server_timing": parse_server_timing,
    "parse_clear_site_data": parse_clear_site_data,
    "parse_timing_allow_origin": parse_timing_allow_origin,
    "parse_entity_tag": parse_entity_tag,
    "decode_ext_value": decode_ext_value,
    "load_nosniff": load_nosniff,
}
MODERN_ATTRS = [
    "clear_site_data",
    "content_disposition",
    "cross_origin_resource_policy",
    "etag",
    "link",
    "referrer_policy",
    "server_timing",
    "strict_transport_security",
    "sunset",
    "timing_allow_origin",
    "x_content_type_options",
    "x_frame_options",
]


def modern_mutations(value: Any) -> list[Callable[[], object]] | None:
    """In-place changes that would put a control character (or a grammar break-out) into one of
    this module's structured values; tests/test_injection.py runs them on every attribute."""
    if isinstance(value, EntityTag):
        return [
            lambda: setattr(value, "tag", SPLIT),
            lambda: setattr(value, "tag", 'a"b'),
            lambda: value.set("a\x00b"),
        ]
    if isinstance(value, StrictTransportSecurity):
        return [
            lambda: setattr(value, "max_age", -1),
            lambda: StrictTransportSecurity(1, extensions=[("x", SPLIT)]),
            lambda: StrictTransportSecurity(1, extensions=[("a;b", "c")]),
        ]
    if isinstance(value, ContentDisposition):
        return [
            lambda: setattr(value, "filename", SPLIT),
            lambda: setattr(value, "type", "attachment; filename=evil"),
            lambda: value.set_parameter("name", SPLIT),
            lambda: value.set_parameter("a=b", "c"),
        ]
    if isinstance(value, Links):
        return [
            lambda: value.add("/a>; rel=evil, </b"),
            lambda: value.add(SPLIT),
            lambda: value.add("/a", rel=SPLIT),
            lambda: value.add("/a", rel="next", **{"a;b": "c"}),
        ]
    if isinstance(value, ServerTiming):
        return [
            lambda: value.add("db;dur=1"),
            lambda: value.add("db", desc=SPLIT),
            lambda: value.add("db", dur=float("nan")),
        ]
    return None


def snapshot(resp: Response) -> list[tuple[str, str]]:
    return list(resp.headers.items())


def refused(resp: Response, write: Callable[[], object], field: str) -> str:
    """``write`` raises ValueError or TypeError naming ``field``; the headers are unchanged."""
    before = snapshot(resp)
    with pytest.raises((ValueError, TypeError)) as info:
        write()
    assert field.lower() in str(info.value).lower(), info.value
    assert snapshot(resp) == before
    return str(info.value)


# -- the attributes exist, typed, documented -----------------------------------------------------


@pytest.mark.parametrize("attr", MODERN_ATTRS)
def test_attribute_is_documented_with_its_reference(attr: str) -> None:
    descriptor = getattr(Response, attr)
    doc = descriptor.__doc__ or ""
    assert descriptor.field in doc
    assert "RFC" in doc or "https://" in doc


@pytest.mark.parametrize("attr", MODERN_ATTRS)
def test_absent_header_reads_without_raising(attr: str) -> None:
    resp = Response()
    value = getattr(resp, attr)
    assert not value or attr in (
        "referrer_policy",
        "x_frame_options",
        "cross_origin_resource_policy",
    )
    assert "Strict-Transport-Security" not in resp.headers


# -- Strict-Transport-Security (RFC 6797) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("max-age=31536000", (31536000, False, False)),
        ("max-age=15768000 ; includeSubDomains", (15768000, True, False)),  # 6.2 example
        ('max-age="31536000"', (31536000, False, False)),  # 6.1: quoted-string form
        ("MAX-AGE=0; INCLUDESUBDOMAINS; Preload", (0, True, True)),  # names are case-insensitive
        ("max-age=1; includeSubDomains; preload; x-ext=1", (1, True, True)),
        (";; max-age=5 ;", (5, False, False)),  # empty directives are allowed
        ("max-age=1, max-age=2", (1, False, False)),  # 8.1: only the first field counts
    ],
)
def test_hsts_reads_rfc_forms(raw: str, expected: tuple[int, bool, bool]) -> None:
    resp = Response()
    resp.headers["Strict-Transport-Security"] = raw
    sts = resp.strict_transport_security
    assert (sts.max_age, sts.include_subdomains, sts.preload) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "includeSubDomains",  # max-age is required (6.1.1)
        "max-age=1; max-age=2",  # a repeated directive voids the field (6.1)
        "max-age=-1",
        "max-age=1.5",
        "max-age=abc",
        "max-age",
        'max-age="1',
        "max-age=1 junk",
        "max-age=" + "9" * 5000,
        "",
    ],
)
def test_hsts_invalid_field_reads_unset(raw: str) -> None:
    resp = Response()
    resp.headers["Strict-Transport-Security"] = raw
    sts = resp.strict_transport_security
    assert not sts and sts.max_age is None and sts.to_header() == ""


def test_hsts_write_paths() -> None:
    resp = Response()
    resp.strict_transport_security = timedelta(days=365)
    assert resp.headers["Strict-Transport-Security"] == "max-age=31536000"
    resp.strict_transport_security.include_subdomains = True
    resp.strict_transport_security.preload = True
    assert resp.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    resp.strict_transport_security = StrictTransportSecurity(0)
    assert resp.headers["Strict-Transport-Security"] == "max-age=0"
    resp.strict_transport_security = "max-age=10;INCLUDESUBDOMAINS"
    assert resp.headers["Strict-Transport-Security"] == "max-age=10; includeSubDomains"
    resp.strict_transport_security.unset()
    assert "Strict-Transport-Security" not in resp.headers
    resp.strict_transport_security = 60
    del resp.strict_transport_security
    assert "Strict-Transport-Security" not in resp.headers


def test_hsts_unknown_directives_survive_a_round_trip() -> None:
    resp = Response()
    resp.headers["Strict-Transport-Security"] = 'max-age=1; x-a="q v"; x-b'
    sts = resp.strict_transport_security
    assert sts.extensions == (("x-a", "q v"), ("x-b", None))
    sts.preload = True
    assert resp.headers["Strict-Transport-Security"] == 'max-age=1; preload; x-a="q v"; x-b'


@pytest.mark.parametrize(
    "value",
    [
        SPLIT,
        -1,
        "max-age=1; includeSubDomains; includeSubDomains",
        "max-age=1, max-age=2",
        "includeSubDomains",
        'max-age=1; x="unbalanced',
        "max-age=1; a b=c",
        True,
        1.5,
    ],
)
def test_hsts_refuses(value: Any) -> None:
    resp = Response(headers={"Strict-Transport-Security": "max-age=5"})
    refused(resp, lambda: setattr(resp, "strict_transport_security", value), "Strict-Transport")


def test_hsts_flags_without_max_age_are_refused_when_set() -> None:
    resp = Response()
    sts = resp.strict_transport_security
    refused(resp, lambda: setattr(sts, "include_subdomains", True), "Strict-Transport-Security")
    refused(resp, lambda: setattr(sts, "preload", True), "Strict-Transport-Security")
    with pytest.raises(ValueError, match="max_age"):
        StrictTransportSecurity(include_subdomains=True)
    assert "Strict-Transport-Security" not in resp.headers
    sts.max_age = 3
    sts.include_subdomains = True
    assert resp.headers["Strict-Transport-Security"] == "max-age=3; includeSubDomains"
    sts.max_age = None  # an agent ignores a field without max-age: none is sent
    assert "Strict-Transport-Security" not in resp.headers


# -- Referrer-Policy, X-Frame-Options, CORP, X-Content-Type-Options --------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("no-referrer", ReferrerPolicy.NO_REFERRER),
        ("unsafe-url", ReferrerPolicy.UNSAFE_URL),
        (
            "no-referrer, strict-origin-when-cross-origin",
            ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        ),
        ("same-origin, made-up-policy", ReferrerPolicy.SAME_ORIGIN),  # fallback: last known wins
        ("made-up-policy", ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN),
        ("", ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN),
        ("No-Referrer", ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN),  # tokens match exactly
    ],
)
def test_referrer_policy_reads_as_browsers_do(raw: str, expected: ReferrerPolicy) -> None:
    resp = Response()
    resp.headers["Referrer-Policy"] = raw
    assert resp.referrer_policy is expected


def test_referrer_policy_absent_and_written() -> None:
    resp = Response()
    assert resp.referrer_policy is ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN
    resp.referrer_policy = ReferrerPolicy.SAME_ORIGIN
    assert resp.headers["Referrer-Policy"] == "same-origin"
    resp.referrer_policy = "no-referrer"
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    for bad in ("no-referrer, unsafe-url", "no-referrer\r\nX: y", "bogus", "no-referrer;"):
        refused(resp, lambda b=bad: setattr(resp, "referrer_policy", b), "Referrer-Policy")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("DENY", XFrameOptions.DENY),
        ("sameorigin", XFrameOptions.SAMEORIGIN),  # case-insensitive (RFC 7034 2.1)
        (" SameOrigin ", XFrameOptions.SAMEORIGIN),
        ("DENY, SAMEORIGIN", XFrameOptions.DENY),  # HTML: conflicting values block framing
        ("deny, deny", XFrameOptions.DENY),
        ("ALLOW-FROM https://example.com/", XFrameOptions.ALLOWALL),  # obsolete, ignored
        ("foo, bar", XFrameOptions.ALLOWALL),  # only invalid values: ignored
        ("", XFrameOptions.ALLOWALL),
    ],
)
def test_x_frame_options_reads_as_html_enforces(raw: str, expected: XFrameOptions) -> None:
    resp = Response()
    resp.headers["X-Frame-Options"] = raw
    assert resp.x_frame_options is expected


def test_x_frame_options_writes() -> None:
    resp = Response()
    resp.x_frame_options = "sameorigin"
    assert resp.headers["X-Frame-Options"] == "SAMEORIGIN"
    resp.x_frame_options = XFrameOptions.DENY
    assert resp.headers["X-Frame-Options"] == "DENY"
    for bad in ("DENY, SAMEORIGIN", "ALLOW-FROM https://a.example", SPLIT, "deny;"):
        refused(resp, lambda b=bad: setattr(resp, "x_frame_options", b), "X-Frame-Options")
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_cross_origin_resource_policy() -> None:
    resp = Response()
    assert resp.cross_origin_resource_policy is CrossOriginResourcePolicy.CROSS_ORIGIN
    resp.cross_origin_resource_policy = "same-site"
    assert resp.headers["Cross-Origin-Resource-Policy"] == "same-site"
    resp.headers["Cross-Origin-Resource-Policy"] = "same-site, same-origin"  # Fetch: no match
    assert resp.cross_origin_resource_policy is CrossOriginResourcePolicy.CROSS_ORIGIN
    resp.headers["Cross-Origin-Resource-Policy"] = "Same-Origin"  # byte-exact in Fetch
    assert resp.cross_origin_resource_policy is CrossOriginResourcePolicy.CROSS_ORIGIN
    for bad in ("same-origin, same-site", "same-origin\x00", "none"):
        refused(
            resp, lambda b=bad: setattr(resp, "cross_origin_resource_policy", b), "Cross-Origin"
        )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("nosniff", True), ("NoSniff", True), (" nosniff , x", True), ("x, nosniff", False),
     ("nosniff-ish", False), ("", False)],
)  # fmt: skip
def test_x_content_type_options_reads_fetch_nosniff(raw: str, expected: bool) -> None:
    resp = Response()
    resp.headers["X-Content-Type-Options"] = raw
    assert resp.x_content_type_options is expected


def test_x_content_type_options_writes() -> None:
    resp = Response()
    assert resp.x_content_type_options is False
    resp.x_content_type_options = True
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    resp.x_content_type_options = "NOSNIFF"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    for bad in ("true", "nosniff\r\n", "nosniff, x", 1):
        refused(resp, lambda b=bad: setattr(resp, "x_content_type_options", b), "X-Content-Type")
    resp.x_content_type_options = False
    assert "X-Content-Type-Options" not in resp.headers


# -- Content-Disposition (RFC 6266, RFC 8187) ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "type_", "filename"),
    [
        ("Attachment; filename=example.html", "attachment", "example.html"),  # 6266 5
        ('INLINE; FILENAME= "an example.html"', "inline", "an example.html"),
        ("attachment; filename*= UTF-8''%e2%82%ac%20rates", "attachment", "€ rates"),
        ('attachment; filename="EURO rates"; filename*=utf-8\'\'%e2%82%ac%20rates',
         "attachment", "€ rates"),  # 4.3: filename* wins
        ('attachment; filename*=iso-8859-1\'en\'%A3%20rates', "attachment", "£ rates"),
        ('attachment; filename="a\\"b.txt"', "attachment", 'a"b.txt'),
        ("attachment; filename*=UTF-8''%ff; filename=fallback.txt", "attachment", "fallback.txt"),
        ("attachment; filename*=x-bogus''abc", "attachment", None),
        ("attachment; filename*=UTF-8''%0d%0a", "attachment", None),  # controls are dropped
        ("inline", "inline", None),
        ("form-data; name=field", "form-data", None),
    ],
)  # fmt: skip
def test_content_disposition_reads_rfc_examples(raw: str, type_: str, filename: str | None) -> None:
    resp = Response()
    resp.headers["Content-Disposition"] = raw
    cd = resp.content_disposition
    assert (cd.type, cd.filename) == (type_, filename)


@pytest.mark.parametrize(
    "raw",
    [
        'attachment; filename="unterminated',
        "attachment; filename=a; filename=b",  # 4.1: a repeated parameter is invalid
        "attachment; filename=a b",
        "attachment, inline",
        "; filename=a",
        "attach ment",
        '"attachment"',
    ],
)
def test_content_disposition_malformed_reads_unset(raw: str) -> None:
    resp = Response()
    resp.headers["Content-Disposition"] = raw
    cd = resp.content_disposition
    assert cd.type is None and cd.filename is None and cd.to_header() == ""


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        ("report.pdf", 'attachment; filename="report.pdf"'),
        ("my report.pdf", 'attachment; filename="my report.pdf"'),
        ("résumé.pdf", "attachment; filename=\"resume.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"),
        ("€ rates.txt", "attachment; filename=\"_ rates.txt\"; filename*=UTF-8''%E2%82%AC%20rates.txt"),
        ('say "hi".txt', "attachment; filename=\"say _hi_.txt\"; filename*=UTF-8''say%20%22hi%22.txt"),
        ("a\\b", "attachment; filename=\"a_b\"; filename*=UTF-8''a%5Cb"),
        ("100%41.txt", "attachment; filename=\"100_41.txt\"; filename*=UTF-8''100%2541.txt"),
        ("100%.txt", 'attachment; filename="100%.txt"'),
        ("日本語.txt", "attachment; filename=\"___.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.txt"),
        ("\U0001f600", "attachment; filename=\"_\"; filename*=UTF-8''%F0%9F%98%80"),
    ],
)  # fmt: skip
def test_content_disposition_sends_filename_star_with_ascii_fallback(
    filename: str, header: str
) -> None:
    resp = Response()
    resp.content_disposition = ContentDisposition("attachment", filename=filename)
    assert resp.headers["Content-Disposition"] == header
    # What was sent reads back as the very same text.
    fresh = Response(headers={"Content-Disposition": header})
    assert fresh.content_disposition.filename == filename


def test_content_disposition_write_back_and_parameters() -> None:
    resp = Response()
    resp.content_disposition.filename = "data.csv"  # an unset value becomes an attachment
    assert resp.headers["Content-Disposition"] == 'attachment; filename="data.csv"'
    resp.content_disposition.type = "INLINE"
    assert resp.headers["Content-Disposition"] == 'inline; filename="data.csv"'
    resp.content_disposition.set_parameter("size", "42")
    assert resp.headers["Content-Disposition"] == 'inline; filename="data.csv"; size=42'
    assert resp.content_disposition.parameters == {"size": "42"}
    resp.content_disposition.set_parameter("size", None)
    resp.content_disposition = 'attachment;filename="x y"'
    assert resp.headers["Content-Disposition"] == 'attachment; filename="x y"'
    resp.content_disposition.unset()
    assert "Content-Disposition" not in resp.headers
    assert ascii_fallback("Ångström") == "Angstrom"


@pytest.mark.parametrize(
    "value",
    [
        SPLIT,
        'attachment; filename="x',
        "attachment; filename=a; filename=b",
        "attachment; filename=x\r\nSet-Cookie: a=b",
        "attachment, inline",
        "attachment;; filename=a b",
        ContentDisposition,  # a class, not a value
        7,
    ],
)
def test_content_disposition_refuses(value: Any) -> None:
    resp = Response(headers={"Content-Disposition": "inline"})
    refused(resp, lambda: setattr(resp, "content_disposition", value), "Content-Disposition")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"type": "attachment; filename=x"}, "Content-Disposition"),
        ({"type": "a b"}, "Content-Disposition"),
        ({"type": "attachment", "filename": "a\nb"}, "Content-Disposition"),
        ({"type": "attachment", "filename": ""}, "Content-Disposition"),
        ({"type": "attachment", "filename": "\ud800"}, "Content-Disposition"),
        ({"type": "attachment", "parameters": {"a=b": "c"}}, "Content-Disposition"),
        ({"type": "attachment", "parameters": {"filename*": "c"}}, "Content-Disposition"),
        ({"type": "attachment", "parameters": {"x": "a\x00"}}, "Content-Disposition"),
    ],
)
def test_content_disposition_constructor_refuses(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        ContentDisposition(**kwargs)


# -- RFC 8187 ext-values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UTF-8''%e2%82%ac%20rates", "€ rates"),  # 8187 3.2.2
        ("iso-8859-1'en'%A3%20rates", "£ rates"),
        ("UTF-8''plain", "plain"),
        ("UTF-8''%ff", None),  # not UTF-8
        ("UTF-16''%00a", None),  # charset not supported
        ("UTF-8'%e2", None),
        ("''abc", None),
        ("UTF-8''a b", None),
        ("UTF-8''%g1", None),
    ],
)
def test_ext_value_decoding(text: str, expected: str | None) -> None:
    assert decode_ext_value(text) == expected


@pytest.mark.parametrize("text", ["plain", "€ rates", "a'b%c\"d", "\U0001f600", ""])
def test_ext_value_round_trip(text: str) -> None:
    encoded = encode_ext_value("X", text)
    assert encoded.startswith("UTF-8''") and encoded.isascii() and " " not in encoded
    assert decode_ext_value(encoded) == text


# -- Link (RFC 8288) -------------------------------------------------------------------------------


def test_link_reads_rfc_8288_examples() -> None:
    resp = Response()
    resp.headers["Link"] = (
        '<http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter", '
        '</>; rel="http://example.net/foo", '
        '</terms>; rel="copyright"; anchor="#foo", '
        "</TheBook/chapter2>; rel=\"previous\"; title*=UTF-8'de'letztes%20Kapitel, "
        '<http://example.org/>; rel="start http://example.net/relation/other"'
    )
    links = resp.link
    assert [link.href for link in links] == [
        "http://example.com/TheBook/chapter2",
        "/",
        "/terms",
        "/TheBook/chapter2",
        "http://example.org/",
    ]
    assert links[0].rel == "previous" and links[0].get("title") == "previous chapter"
    assert links[2].get("anchor") == "#foo"
    assert links[3].get("title") == "letztes Kapitel"  # title* decoded, 3.4.1
    assert links[4].has_rel("START") and links[4].has_rel("http://example.net/relation/other")
    assert [link.href for link in links.find("previous")] == [links[0].href, links[3].href]


def test_link_keeps_good_links_and_drops_malformed_ones() -> None:
    resp = Response()
    resp.headers["Link"] = '</a>; rel=next, garbage, </b>; rel="unterminated, </c c>, </d>; x=1'
    assert [link.href for link in resp.link] == ["/a"]
    resp.headers["Link"] = "</a>; rel=one; rel=two, </b>;;; rel=x ;, , </c>"
    assert [(link.href, link.rel) for link in resp.link] == [
        ("/a", "one"),
        ("/b", "x"),
        ("/c", None),
    ]


def test_link_write_paths_and_write_back() -> None:
    resp = Response()
    resp.link.add("/app.css", "preload", as_="style")
    resp.link.add("/font.woff2", "preload", as_="font", type="font/woff2", crossorigin=None)
    assert resp.headers["Link"] == (
        "</app.css>; rel=preload; as=style, "
        '</font.woff2>; rel=preload; as=font; type="font/woff2"; crossorigin'
    )
    assert resp.link[1].get("crossorigin") is None and resp.link[1].get("as") == "font"
    del resp.link[0]
    assert resp.headers["Link"].startswith("</font.woff2>")
    resp.link = Links([Link("/page/2", "next"), Link("/page/9", "last", title="Zürich")])
    assert resp.headers["Link"] == (
        "</page/2>; rel=next, </page/9>; rel=last; title*=UTF-8''Z%C3%BCrich"
    )
    assert resp.link[1].get("title") == "Zürich"
    resp.link = Link("/ünï", "alternate")  # an IRI is percent-encoded (RFC 3987 3.1)
    assert resp.headers["Link"] == "</%C3%BCn%C3%AF>; rel=alternate"
    resp.link = '</x>;rel="next prev"'
    assert resp.headers["Link"] == '</x>; rel="next prev"'
    resp.link.clear()
    assert "Link" not in resp.headers


@pytest.mark.parametrize(
    "value",
    [
        SPLIT,
        '</a>; rel="x',
        "</a> junk",
        "</a b>",
        "<a>, garbage",
        "</a>; a b=c",
        [Link("/a"), "</b>"],
    ],
)
def test_link_refuses(value: Any) -> None:
    resp = Response(headers={"Link": "</ok>"})
    refused(resp, lambda: setattr(resp, "link", value), "Link")


@pytest.mark.parametrize(
    ("href", "rel", "params"),
    [
        ("/a>; rel=evil", None, {}),
        ("/a b", None, {}),
        ('/a"b', None, {}),
        ("/a\r\n", None, {}),
        ("/a", "next\r\n", {}),
        ("/a", 'ne"xt', {}),
        ("/a", "next", {"a,b": "c"}),
        ("/a", "next", {"a": "b\x00"}),
        ("/a", "next", {"rel": "x"}),
        ("/a", "next", {"title*": "a\nb"}),
    ],
)
def test_link_constructor_refuses(href: str, rel: str | None, params: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="Link"):
        Link(href, rel, params)


def test_link_is_immutable() -> None:
    link = Link("/a", "next")
    with pytest.raises(AttributeError):
        link.href = "/b"  # type: ignore[misc]
    assert link == Link("/a", "next") and hash(link) == hash(Link("/a", "next"))


# -- Server-Timing ----------------------------------------------------------------------------------


def test_server_timing_reads_spec_examples() -> None:
    resp = Response()
    resp.headers["Server-Timing"] = (
        'miss, db;dur=53, app;dur=47.2, customView, dc;desc=atl, cache;desc="Cache Read";dur=23.2, '
        "total;dur=123.4;dur=1;desc=a;desc=b, x;extra=1"
    )
    timing = resp.server_timing
    assert [(m.name, m.dur, m.desc) for m in timing] == [
        ("miss", None, None),
        ("db", 53.0, None),
        ("app", 47.2, None),
        ("customView", None, None),
        ("dc", None, "atl"),
        ("cache", 23.2, "Cache Read"),
        ("total", 123.4, "a"),  # the first dur and desc count
        ("x", None, None),
    ]
    assert timing[-1].params == (("extra", "1"),)
    assert timing.get("db") == ServerTimingMetric("db", 53)


def test_server_timing_drops_malformed_metrics() -> None:
    resp = Response()
    resp.headers["Server-Timing"] = 'ok;dur=1, bad metric, "quoted", q;desc="open, last;dur=x'
    assert [m.name for m in resp.server_timing] == ["ok"]
    resp.headers["Server-Timing"] = "a;dur=1e3, b;dur=-1, c;dur=99999999999999999999"
    assert [(m.name, m.dur) for m in resp.server_timing] == [("a", None), ("b", None)]


def test_server_timing_add_and_write_back() -> None:
    resp = Response()
    metric = resp.server_timing.add("db", 53.25, "Database")
    assert metric == ServerTimingMetric("db", 53.25, "Database")
    resp.server_timing.add("cache", dur=timedelta(microseconds=1500), desc="hit")
    resp.server_timing.add("edge", 0.0000001)
    resp.server_timing.add("cdn", desc='a "quoted" desc', region="eu-1")
    assert resp.headers["Server-Timing"] == (
        "db;dur=53.25;desc=Database, cache;dur=1.5;desc=hit, edge;dur=0, "
        'cdn;desc="a \\"quoted\\" desc";region=eu-1'
    )
    assert resp.server_timing[3].desc == 'a "quoted" desc'
    resp.server_timing = [ServerTimingMetric("only", 1)]
    assert resp.headers["Server-Timing"] == "only;dur=1"
    resp.server_timing = 'a;dur=2;desc="x"'
    assert resp.headers["Server-Timing"] == "a;dur=2;desc=x"
    resp.server_timing.clear()
    assert "Server-Timing" not in resp.headers


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("db;dur=1",), {}),
        (("a b",), {}),
        (("",), {}),
        (("db",), {"desc": SPLIT}),
        (("db",), {"desc": "naïve"}),  # no ext-value in Server-Timing: ASCII only
        (("db", -1), {}),
        (("db", float("inf")), {}),
        (("db", float("nan")), {}),
        (("db", "12"), {}),
        (("db", True), {}),
    ],
)
def test_server_timing_add_refuses(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    resp = Response(headers={"Server-Timing": "first;dur=1"})
    refused(resp, lambda: resp.server_timing.add(*args, **kwargs), "Server-Timing")


@pytest.mark.parametrize("value", [SPLIT, "a;dur=1, b c", 'a;desc="x', "a;dur=x", "a;x", 3])
def test_server_timing_refuses(value: Any) -> None:
    resp = Response(headers={"Server-Timing": "first;dur=1"})
    refused(resp, lambda: setattr(resp, "server_timing", value), "Server-Timing")


# -- Clear-Site-Data, Timing-Allow-Origin ------------------------------------------------------------


def test_clear_site_data() -> None:
    resp = Response()
    resp.clear_site_data = ["cache", "cookies"]
    assert resp.headers["Clear-Site-Data"] == '"cache", "cookies"'
    resp.clear_site_data.add("executionContexts")
    assert resp.headers["Clear-Site-Data"] == '"cache", "cookies", "executionContexts"'
    resp.headers["Clear-Site-Data"] = '"*", cache, "storage", "unterminated'
    assert list(resp.clear_site_data) == ["*", "storage"]
    resp.clear_site_data = '"cache"'
    assert list(resp.clear_site_data) == ["cache"]
    for bad in ("cache", '"cache', ['ca"che'], ["a\\b"], [""], ["a\r\n"], ['a", "b'], [1]):
        refused(resp, lambda b=bad: setattr(resp, "clear_site_data", b), "Clear-Site-Data")
    refused(resp, lambda: resp.clear_site_data.add('x", "*'), "Clear-Site-Data")
    assert resp.headers["Clear-Site-Data"] == '"cache"'
    assert isinstance(resp.clear_site_data, ClearSiteData)


def test_timing_allow_origin() -> None:
    resp = Response()
    resp.timing_allow_origin = ["https://example.com", "http://[::1]:8080", "null"]
    assert resp.headers["Timing-Allow-Origin"] == "https://example.com, http://[::1]:8080, null"
    resp.timing_allow_origin.add("*")
    assert resp.timing_allow_origin.to_header().endswith(", *")
    resp.headers["Timing-Allow-Origin"] = "https://a.example, https://b.example/path, bad origin"
    assert list(resp.timing_allow_origin) == ["https://a.example"]
    for bad in (
        "https://a.example/path",
        ["https://a.example, https://b.example"],
        ["https://a.example;x"],
        ["example.com"],
        [SPLIT],
        "https://a.example\r\n",
    ):
        refused(resp, lambda b=bad: setattr(resp, "timing_allow_origin", b), "Timing-Allow-Origin")
    assert isinstance(resp.timing_allow_origin, TimingAllowOrigin)


# -- Sunset (RFC 8594) ---------------------------------------------------------------------------------


def test_sunset_is_a_date() -> None:
    resp = Response()
    resp.sunset = datetime(2030, 11, 11, 23, 59, 59, tzinfo=timezone.utc)
    assert resp.headers["Sunset"] == "Mon, 11 Nov 2030 23:59:59 GMT"  # RFC 8594 3
    assert resp.sunset == datetime(2030, 11, 11, 23, 59, 59, tzinfo=timezone.utc)
    resp.headers["Sunset"] = "not a date"
    assert resp.sunset is None
    refused(
        resp, lambda: setattr(resp, "sunset", "Mon, 11 Nov 2030 23:59:59 GMT\r\nX: y"), "Sunset"
    )


# -- ETag: consistent with get_etag / set_etag -----------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        '"xyzzy"',
        'W/"xyzzy"',
        '""',
        'w/"lower"',
        "unquoted",
        ' "spaced" ',
        'W/"a b"',
        "W/",
        "é",
        '"a\\"',
    ],
)
def test_etag_agrees_with_get_etag(raw: str) -> None:
    resp = Response(headers={"ETag": raw})
    etag = resp.etag
    assert (etag.tag, etag.weak) == resp.get_etag()


@pytest.mark.parametrize("raw", ['"a"b"', 'W/"x"y"', '"\x00"', 'W/"a\r\nb"'])
def test_etag_unusable_tag_reads_unset(raw: str) -> None:
    resp = Response()
    resp.headers._set1("etag", "ETag", raw)  # as another application could have left it
    assert resp.etag.tag is None and not resp.etag


@pytest.mark.parametrize(
    ("tag", "weak"), [("abc", False), ("abc", True), ("", False), ("a b", True)]
)
def test_etag_and_set_etag_write_the_same(tag: str, weak: bool) -> None:
    by_method, by_attr = Response(), Response()
    by_method.set_etag(tag, weak)
    by_attr.etag = EntityTag(tag, weak)
    assert by_attr.headers["ETag"] == by_method.headers["ETag"]
    assert by_attr.get_etag() == (tag, weak)
    assert by_method.etag == EntityTag(tag, weak)


def test_etag_write_paths() -> None:
    resp = Response()
    assert resp.etag.tag is None and resp.get_etag() == (None, None)
    resp.etag = "v1"  # a bare tag, as set_etag takes it
    assert resp.headers["ETag"] == '"v1"'
    resp.etag = 'W/"v2"'  # an entity-tag as sent
    assert resp.get_etag() == ("v2", True)
    resp.etag.weak = False
    assert resp.headers["ETag"] == '"v2"'
    resp.etag.tag = "v3"
    assert resp.get_etag() == ("v3", False)
    resp.set_etag("v4")
    assert resp.etag.tag == "v4"  # a write through set_etag is seen at once
    resp.add_etag(overwrite=True)
    assert resp.etag.tag == resp.get_etag()[0]
    resp.etag.unset()
    assert "ETag" not in resp.headers
    for bad in ('a"b', 'W/"a"b"', SPLIT, "a\x00", b"raw", 5):
        refused(resp, lambda b=bad: setattr(resp, "etag", b), "ETag")
    assert "ETag" not in resp.headers


@pytest.mark.parametrize("tag", ["\u0100", "a\x85b", "\U0001f600"])
def test_etag_and_set_etag_refuse_the_same_characters(tag: str) -> None:
    """Both follow the character rule of every header value (C1 controls, above U+00FF)."""
    resp = Response()
    refused(resp, lambda: resp.set_etag(tag), "ETag")
    refused(resp, lambda: setattr(resp, "etag", EntityTag(tag) if tag else tag), "ETag")
    refused(resp, lambda: setattr(resp, "etag", tag), "ETag")


def test_etag_does_not_shadow_the_methods() -> None:
    assert callable(Response.get_etag) and callable(Response.set_etag)
    assert Response.etag.field == "ETag"


# -- the readers never raise and grow linearly --------------------------------------------------------

JUNK = [
    "", " ", '"', '""', "\\", ",", ";", "=", ";;;;", ",,,,", "<", ">", "<>", "<<<>>>", '<"',
    "</a>; rel=\"", "max-age=\r\n1", "a*=utf-8''%ff%fe", "filename*=UTF-8''%", "W/", 'W/"',
    "\x00\r\n\x0b\x1f\x7f", "\ud800", "\U0001f600" * 50, "9" * 5000, "a" * 10_000, "é" * 1000,
    "dur=1e999", "a;dur=" + "9" * 400, "attachment; filename*=UTF-8''" + "%C3" * 100,
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(MODERN_READERS))
@pytest.mark.parametrize("value", JUNK, ids=range(len(JUNK)))
def test_modern_readers_never_raise(name: str, value: str) -> None:
    result = MODERN_READERS[name](value)
    to_header = getattr(result, "to_header", None)
    if to_header is not None:
        to_header()


def _fill(unit: str, size: int, prefix: str = "") -> str:
    # Whole units only: the small and the large input end alike, so they take the same paths.
    return prefix + unit * (size // len(unit))


SHAPES = {
    "links": ("</a>; rel=next, ", ""),
    "link-open": ("<", ""),
    "link-params": ('; a="b"', "</a>"),
    "unterminated": ('; a="', "</a>"),
    "metrics": ("m;dur=1;desc=x, ", ""),
    "escapes": ('\\"', 'a;desc="'),
    "ext-values": ("%C3%A9", "attachment; filename*=UTF-8''"),
    "directives": ("; max-age=1", ""),
    "quoted-items": ('"cache", ', ""),
    "commas": (",", ""),
    "spaces": (" ", "a"),
    "semicolons": (";", "a"),
}


@pytest.mark.parametrize("name", sorted(MODERN_READERS))
def test_modern_readers_grow_linearly(name: str) -> None:
    reader = MODERN_READERS[name]
    grown = {}
    for label, (unit, prefix) in SHAPES.items():
        small, large = _fill(unit, 8 * 1024, prefix), _fill(unit, 64 * 1024, prefix)
        ratio = growth(reader, small, large)
        if ratio is not None and ratio > GROWTH_LIMIT:
            grown[label] = round(ratio, 1)
    assert not grown, f"{name} grows faster than linearly (8 KB -> 64 KB): {grown}"


def test_many_links_parse_in_one_pass() -> None:
    """Counting, not timing: 2000 links give 2000 Link objects from one read."""
    raw = ", ".join(f"</r/{i}>; rel=preload; as=script" for i in range(2000))
    links = parse_links(raw)
    assert len(links) == 2000 and links[1999].href == "/r/1999"
    assert links.to_header() == raw


# -- the documentation's example runs ----------------------------------------------------------------


def test_docs_example_runs() -> None:
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "modern-headers.md").read_text()
    block = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert block is not None
    scope: dict[str, Any] = {}
    exec(compile(block.group(1), "docs/modern-headers.md", "exec"), scope)
    headers = scope["resp"].headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["Content-Disposition"] == (
        "attachment; filename=\"resume.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"
    )
    assert headers["ETag"] == 'W/"v7"'
    assert headers["X-Frame-Options"] == "DENY"


# -- plain lists and other iterables of the item type (issue 12 typing gaps) -------------------------


def test_link_and_server_timing_take_any_iterable_of_their_items() -> None:
    resp = Response()
    links = [Link("/app.css", "preload", as_="style"), Link("/app.js", "preload")]
    resp.link = (link for link in links)
    assert resp.headers["Link"] == "</app.css>; rel=preload; as=style, </app.js>; rel=preload"
    resp.link = Link("/next", "next")
    assert resp.link == [Link("/next", "next")]
    metrics = [ServerTimingMetric("db", 53.2, "Database"), ServerTimingMetric("app", 47.2)]
    resp.server_timing = iter(metrics)
    assert resp.headers["Server-Timing"] == "db;dur=53.2;desc=Database, app;dur=47.2"
    resp.server_timing = []
    assert "Server-Timing" not in resp.headers


@pytest.mark.parametrize(
    ("attr", "value"),
    [
        ("link", ["/app.css"]),
        ("link", (x for x in [Link("/a", "next"), "</b>"])),
        ("link", {"/a": "next"}),
        ("server_timing", [("db", 5.0)]),
        ("server_timing", iter([ServerTimingMetric("db"), "app"])),
        ("server_timing", b"db;dur=1"),
    ],
)
def test_iterables_of_other_things_are_refused_and_change_nothing(attr: str, value: Any) -> None:
    resp = Response()
    resp.link.add("/keep", "next")
    resp.server_timing.add("keep", 1.0)
    before = list(resp.headers.items())
    field = {"link": "Link", "server_timing": "Server-Timing"}[attr]
    with pytest.raises(TypeError, match=field):
        setattr(resp, attr, value)
    assert list(resp.headers.items()) == before
