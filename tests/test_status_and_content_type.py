"""Status and Content-Type handling of the sans-IO core, against the reference's rules."""

from __future__ import annotations

from http import HTTPStatus

import pytest
from werkzeug.wrappers import Response as WResponse

from genresp import Headers, Response


@pytest.mark.parametrize(
    "status",
    [
        200,
        404,
        999,
        299,
        "404",
        "999 WTF",
        "200 Everything Fine",
        " 201 ",
        HTTPStatus.IM_A_TEAPOT,
        418,
    ],
)
def test_status_matches_werkzeug(status: int | str | HTTPStatus) -> None:
    ours, theirs = Response(status=status), WResponse(status=status)
    assert (ours.status, ours.status_code) == (theirs.status, theirs.status_code)


def test_unknown_code_reads_unknown() -> None:
    r = Response(status=299)
    assert r.status == "299 UNKNOWN"
    r.status_code = 404
    assert r.status == "404 NOT FOUND"
    r.status = "201"
    assert r.status_code == 201 and r.status == "201 CREATED"


@pytest.mark.parametrize(
    "bad", ["", "   ", "WTF", "0 Nothing", "99", "1000", "12a", "-200", 42, 1000, 0, "200\r\nX: y"]
)
def test_bad_status_is_a_clear_value_error(bad: int | str) -> None:
    r = Response(status=201)
    with pytest.raises(ValueError, match="[Ss]tatus"):
        r.status = bad
    assert r.status == "201 CREATED"
    with pytest.raises(ValueError):
        Response(status=bad)


def test_status_of_wrong_type() -> None:
    with pytest.raises(TypeError, match="Status"):
        Response(status=2.5)  # type: ignore[arg-type]


def test_reason_phrase_with_control_characters_is_refused() -> None:
    with pytest.raises(ValueError, match="status"):
        Response(status="200 OK\r\nSet-Cookie: a=b")


def test_default_content_type_is_html_with_charset() -> None:
    r = Response()
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.mimetype == "text/html"
    assert r.status == "200 OK"


@pytest.mark.parametrize(
    ("mimetype", "content_type"),
    [
        ("text/plain", "text/plain; charset=utf-8"),
        ("application/json", "application/json"),
        ("application/javascript", "application/javascript; charset=utf-8"),
        ("image/svg+xml", "image/svg+xml; charset=utf-8"),
        ("application/octet-stream", "application/octet-stream"),
    ],
)
def test_mimetype_gets_charset_as_reference(mimetype: str, content_type: str) -> None:
    assert Response(mimetype=mimetype).headers["Content-Type"] == content_type
    r = Response()
    r.mimetype = mimetype
    assert r.content_type == content_type
    assert r.content_type == WResponse(mimetype=mimetype).content_type


def test_content_type_argument_wins_and_headers_are_kept() -> None:
    r = Response(content_type="application/x-thing; v=1", mimetype="text/plain")
    assert r.content_type == "application/x-thing; v=1"
    r = Response(headers={"Content-Type": "image/png"})
    assert r.content_type == "image/png"
    h = Headers([("X-A", "1")])
    assert Response(headers=h).headers is h
    assert Response(headers=[("X-B", "2")]).headers["x-b"] == "2"


def test_mimetype_params_write_back() -> None:
    r = Response(mimetype="text/plain")
    assert r.mimetype_params == {"charset": "utf-8"}
    r.mimetype_params["charset"] = "latin-1"
    assert r.content_type == "text/plain; charset=latin-1"
    params = r.mimetype_params
    params["format"] = "flowed"
    del params["charset"]
    assert r.content_type == "text/plain; format=flowed"
    with pytest.raises(ValueError):
        r.mimetype_params["x"] = "a\r\nb"
    assert r.content_type == "text/plain; format=flowed"


def test_mimetype_none_without_content_type() -> None:
    r = Response()
    del r.content_type
    assert r.mimetype is None
    assert r.mimetype_params == {}


def test_charset_is_deprecated() -> None:
    r = Response()
    with pytest.warns(DeprecationWarning, match="charset"):
        assert r.charset == "utf-8"
    with pytest.warns(DeprecationWarning):
        r.charset = "latin-1"


def test_mimetype_params_need_a_media_type() -> None:
    r = Response()
    del r.content_type
    with pytest.raises(ValueError, match="Content-Type"):
        r.mimetype_params["q"] = "1"
    assert "content-type" not in r.headers
