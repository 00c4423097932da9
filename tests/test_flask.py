"""genresp.flask in a real Flask application: through the test client and under waitress.

Run by `make test` twice: with the Flask 2.3 of the dev extra (beside Werkzeug 2.3.8, the differential
oracle) and with Flask 3.1 (and its Werkzeug 3.1) in the second environment of `make pytest-flask`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import flask
import pytest

# (flask.session is used through the module: tests/levels.py inspects the names a test module holds,
# and a context-local proxy cannot be inspected outside a request.)
from flask import Flask, abort, jsonify, make_response, redirect, send_file
from werkzeug.exceptions import NotFound

import genresp
import genresp.flask
from genresp.datastructures import ResponseCacheControl
from tests.servers import request, serve

BODY = bytes(range(256)) * 4  # 1024 bytes served by send_file


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test secret", MAX_COOKIE_SIZE=200)
    genresp.flask.init_app(app)

    @app.route("/json")
    def json_view() -> Any:
        return jsonify(items=[1, 2], name="ü")

    @app.route("/dict")
    def dict_view() -> Any:
        return {"a": 1}

    @app.route("/dict-status")
    def dict_status_view() -> Any:
        return {"created": True}, 201

    @app.route("/iri")
    def iri_view() -> Any:
        return redirect("/café?q=ü")

    @app.route("/abs-iri")
    def abs_iri_view() -> Any:
        return redirect("http://ünicode.example/päth", code=301)

    @app.route("/session/set/<value>")
    def session_set(value: str) -> Any:
        flask.session["value"] = value
        return "stored"

    @app.route("/session/get")
    def session_get() -> Any:
        return flask.session.get("value", "<none>")

    @app.route("/file")
    def file_view() -> Any:
        return send_file(
            io.BytesIO(BODY),
            mimetype="application/octet-stream",
            etag="v1",
            last_modified=datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
            max_age=60,
        )

    @app.route("/abort/<int:code>")
    def abort_code(code: int) -> Any:
        abort(code)

    @app.route("/abort-response")
    def abort_response() -> Any:
        resp = make_response("teapot here", 418)
        resp.headers["X-From"] = "abort"
        abort(resp)

    @app.route("/missing")
    def missing() -> Any:
        raise NotFound()

    @app.route("/boom")
    def boom() -> Any:
        raise KeyError("boom")

    @app.errorhandler(404)
    def not_found(exc: Exception) -> Any:
        return {"error": "not found"}, 404

    @app.errorhandler(KeyError)
    def key_error(exc: Exception) -> Any:
        return "handled key error", 500, {"X-Handled": "yes"}

    @app.route("/stream")
    def stream() -> Any:
        def generate() -> Iterator[str]:
            for i in range(3):
                yield f"chunk{i};"

        return app.response_class(flask.stream_with_context(generate()), mimetype="text/plain")

    @app.route("/genresp-headers")
    def genresp_headers() -> Any:
        headers = genresp.Headers([("X-A", "1"), ("X-A", "2")])
        return "with headers", headers

    @app.route("/genresp-headers-status")
    def genresp_headers_status() -> Any:
        return "with status", 202, genresp.Headers({"X-B": "3"})

    @app.route("/dict-headers")
    def dict_headers() -> Any:
        return {"k": "v"}, genresp.Headers({"X-C": "4"})

    @app.route("/big-cookie")
    def big_cookie() -> Any:
        resp = make_response("cookie")
        resp.set_cookie("big", "x" * 300)
        return resp

    @app.route("/cached")
    def cached() -> Any:
        resp = make_response("cached body")
        resp.cache_control.max_age = 30
        resp.cache_control.public = True
        return resp

    return app


@pytest.fixture
def app() -> Flask:
    return create_app()


@pytest.fixture
def client(app: Flask) -> Any:
    return app.test_client()


def test_response_class_is_genresp_with_flasks_additions(app: Flask) -> None:
    assert app.response_class is genresp.flask.Response
    assert issubclass(genresp.flask.Response, genresp.Response)
    assert genresp.flask.Response.json_module is flask.json
    assert genresp.flask.Response.default_mimetype == "text/html"
    assert genresp.flask.Response().max_cookie_size == 4093  # outside an app context
    with app.app_context():
        assert genresp.flask.Response().max_cookie_size == 200


def test_test_client_responses_are_genresps(client: Any) -> None:
    rv = client.get("/cached")
    assert isinstance(rv, genresp.flask.Response)
    # genresp's attributes, not Werkzeug's, come first in the MRO.
    assert not [k for k in type(rv).__mro__ if k.__module__.startswith("werkzeug")]
    assert isinstance(rv.headers, genresp.Headers)
    assert isinstance(rv.cache_control, ResponseCacheControl)
    assert rv.cache_control.max_age == 30 and rv.cache_control.public is True
    assert rv.content_length == len(b"cached body")
    assert rv.data == b"cached body" and rv.text == "cached body"
    assert rv.request.path == "/cached"
    assert rv.history == ()


def test_jsonify_and_dict_returns(client: Any) -> None:
    rv = client.get("/json")
    assert rv.status_code == 200 and rv.mimetype == "application/json"
    assert rv.json == {"items": [1, 2], "name": "ü"}
    assert rv.get_json() == {"items": [1, 2], "name": "ü"}
    rv = client.get("/dict")
    assert rv.is_json and rv.json == {"a": 1}
    rv = client.get("/dict-status")
    assert rv.status_code == 201 and rv.json == {"created": True}


def test_redirect_with_iri_is_sent_as_uri(client: Any) -> None:
    rv = client.get("/iri")
    assert rv.status_code == 302
    assert rv.headers["Location"] == "/caf%C3%A9?q=%C3%BC"
    rv = client.get("/abs-iri")
    assert rv.status_code == 301
    assert rv.headers["Location"] == "http://xn--nicode-2ya.example/p%C3%A4th"


def test_redirect_followed_by_the_test_client_keeps_history(client: Any) -> None:
    rv = client.get("/iri", follow_redirects=True)
    assert rv.status_code == 404  # /café is not routed: the 404 handler answers JSON
    assert rv.json == {"error": "not found"}
    assert [r.status_code for r in rv.history] == [302]
    assert isinstance(rv.history[0], genresp.flask.Response)


def test_session_cookie_round_trip(client: Any) -> None:
    rv = client.get("/session/set/hello")
    cookie = rv.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "HttpOnly" in cookie and "Path=/" in cookie
    assert rv.vary.as_set() >= {"cookie"}
    assert client.get("/session/get").data == b"hello"


def test_send_file_whole_and_single_range(client: Any) -> None:
    rv = client.get("/file")
    assert rv.status_code == 200 and rv.data == BODY
    assert rv.headers["Accept-Ranges"] == "bytes"
    assert rv.get_etag() == ("v1", False)
    rv = client.get("/file", headers={"Range": "bytes=10-19"})
    assert rv.status_code == 206
    assert rv.data == BODY[10:20]
    assert rv.content_range.start == 10 and rv.content_range.stop == 20
    assert rv.headers["Content-Range"] == f"bytes 10-19/{len(BODY)}"


def test_send_file_range_past_the_end_is_416(client: Any) -> None:
    rv = client.get("/file", headers={"Range": f"bytes={len(BODY)}-"})
    assert rv.status_code == 416
    assert rv.headers["Content-Range"] == f"bytes */{len(BODY)}"


def test_send_file_multipart_ranges(client: Any) -> None:
    rv = client.get("/file", headers={"Range": "bytes=0-1,100-101"})
    assert rv.status_code == 206
    assert rv.mimetype == "multipart/byteranges"
    boundary = rv.mimetype_params["boundary"]
    parts = rv.data.split(f"--{boundary}".encode())
    payloads = [p.split(b"\r\n\r\n", 1)[1][:-2] for p in parts[1:-1]]
    assert payloads == [BODY[0:2], BODY[100:102]]
    assert b"Content-Range: bytes 100-101/1024" in rv.data
    assert rv.content_length == len(rv.data)


def test_send_file_conditional_304(client: Any) -> None:
    rv = client.get("/file", headers={"If-None-Match": '"v1"'})
    assert rv.status_code == 304 and rv.data == b""
    rv = client.get("/file", headers={"If-None-Match": '"other"'})
    assert rv.status_code == 200


def test_abort_with_code_uses_error_handler(client: Any) -> None:
    rv = client.get("/abort/404")
    assert rv.status_code == 404 and rv.json == {"error": "not found"}
    rv = client.get("/abort/403")
    assert rv.status_code == 403 and b"Forbidden" in rv.data


def test_abort_with_a_genresp_response(client: Any) -> None:
    rv = client.get("/abort-response")
    assert rv.status_code == 418
    assert rv.data == b"teapot here"
    assert rv.headers["X-From"] == "abort"


def test_error_handlers(client: Any) -> None:
    rv = client.get("/missing")
    assert rv.status_code == 404 and rv.json == {"error": "not found"}
    rv = client.get("/boom")
    assert rv.status_code == 500 and rv.headers["X-Handled"] == "yes"
    assert rv.data == b"handled key error"


def test_streaming_response(client: Any) -> None:
    rv = client.get("/stream")
    assert rv.status_code == 200 and rv.mimetype == "text/plain"
    assert rv.data == b"chunk0;chunk1;chunk2;"
    assert "Content-Length" not in rv.headers


def test_view_returning_genresp_headers(client: Any) -> None:
    rv = client.get("/genresp-headers")
    assert rv.status_code == 200 and rv.data == b"with headers"
    assert rv.headers.getlist("X-A") == ["1", "2"]
    rv = client.get("/genresp-headers-status")
    assert rv.status_code == 202 and rv.headers["X-B"] == "3"
    rv = client.get("/dict-headers")
    assert rv.json == {"k": "v"} and rv.headers["X-C"] == "4"


def test_max_cookie_size_comes_from_the_app_config(client: Any) -> None:
    with pytest.warns(UserWarning, match="cookie"):
        rv = client.get("/big-cookie")
    assert rv.headers["Set-Cookie"].startswith("big=")


def test_custom_test_client_class_is_kept(app: Flask) -> None:
    class MyClient(flask.testing.FlaskClient):
        marker = "mine"

    app.test_client_class = MyClient
    genresp.flask.init_app(app)
    client = app.test_client()
    assert isinstance(client, MyClient) and client.marker == "mine"
    assert isinstance(client.get("/dict"), genresp.flask.Response)


def test_abort_outside_views_with_other_status_still_works() -> None:
    aborter = genresp.flask.Aborter()
    with pytest.raises(NotFound):
        aborter(404)
    response = genresp.Response("x", 409)
    with pytest.raises(Exception) as info:
        aborter(response)
    assert info.value.response is response  # type: ignore[attr-defined]


def test_expires_and_dates_from_send_file(client: Any) -> None:
    rv = client.get("/file")
    assert rv.last_modified == datetime(2020, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert rv.cache_control.max_age == 60
    if rv.expires is not None:  # Flask 3.1 sets Expires, 2.3 does not
        assert rv.expires - rv.date <= timedelta(seconds=61)


@pytest.mark.integration
def test_flask_app_under_waitress(app: Flask) -> None:
    with serve(app) as base:
        status, headers, body = request(base, "GET", "/json")
        assert status == 200 and json.loads(body) == {"items": [1, 2], "name": "ü"}
        status, headers, body = request(base, "GET", "/file", {"Range": "bytes=1-3"})
        assert status == 206 and body == BODY[1:4]
        status, headers, body = request(base, "GET", "/file", {"Range": "bytes=5000-"})
        assert status == 416 and headers["content-range"] == ["bytes */1024"]
        status, headers, body = request(base, "GET", "/file", {"Range": "bytes=0-0,2-2"})
        assert status == 206 and headers["content-type"][0].startswith("multipart/byteranges")
        status, headers, body = request(base, "GET", "/file", {"If-None-Match": '"v1"'})
        assert status == 304 and body == b""
        status, headers, body = request(base, "GET", "/stream")
        assert status == 200 and body == b"chunk0;chunk1;chunk2;"
        status, headers, body = request(base, "GET", "/abort-response")
        assert status == 418 and body == b"teapot here"
        status, headers, body = request(base, "GET", "/genresp-headers")
        assert status == 200 and headers["x-a"] == ["1", "2"]
        status, headers, body = request(base, "GET", "/iri")
        assert status == 302 and headers["location"] == ["/caf%C3%A9?q=%C3%BC"]
