"""The body half of genresp.Response: constructor body forms, data, stream, freeze, close, JSON."""

from __future__ import annotations

import gc
import json
import pickle
from collections.abc import Iterator
from typing import Any

import pytest

from genresp import Response
from genresp.http import generate_etag, quote_etag
from genresp.sansio.body import ResponseStream


class CountingBody:
    """An iterable body with a length-less iterator that counts close() calls."""

    def __init__(self, chunks: list[bytes | str]) -> None:
        self.chunks = chunks
        self.closed = 0

    def __iter__(self) -> Iterator[bytes | str]:
        return iter(self.chunks)

    def close(self) -> None:
        self.closed += 1


# -- constructor and defaults ----------------------------------------------------------------------


def test_defaults() -> None:
    r = Response()
    assert r.status == "200 OK"
    assert r.status_code == 200
    assert r.response == []
    assert r.data == b""
    assert r.mimetype == "text/html"
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.direct_passthrough is False
    assert Response.default_status == 200
    assert Response.default_mimetype == "text/html"
    assert "Content-Length" not in r.headers


def test_str_body_is_utf8_with_content_length() -> None:
    r = Response("héllo")
    assert r.response == ["héllo".encode()]
    assert r.data == b"h\xc3\xa9llo"
    assert r.get_data(as_text=True) == "héllo"
    assert r.content_length == 6
    assert r.headers["Content-Length"] == "6"


def test_bytes_and_bytearray_bodies() -> None:
    assert Response(b"abc").data == b"abc"
    r = Response(bytearray(b"xyz"))
    assert r.data == b"xyz"
    assert r.content_length == 3


def test_iterable_bodies_are_kept_as_given() -> None:
    chunks = [b"a", "b", b"c"]
    r = Response(chunks)
    assert r.response is chunks
    assert r.data == b"abc"
    assert "Content-Length" not in r.headers

    def gen() -> Iterator[str]:
        yield "x"
        yield "é"

    g = gen()
    r = Response(g)
    assert r.response is g
    assert r.is_streamed
    assert not r.is_sequence
    assert r.data == "xé".encode()
    assert r.is_sequence


def test_constructor_arguments() -> None:
    r = Response("{}", status=404, headers={"X-A": "1"}, mimetype="application/json")
    assert r.status == "404 NOT FOUND"
    assert r.headers["X-A"] == "1"
    assert r.content_type == "application/json"
    r = Response(content_type="text/plain; charset=latin-1", direct_passthrough=True)
    assert r.content_type == "text/plain; charset=latin-1"
    assert r.direct_passthrough is True


@pytest.mark.parametrize(
    ("mimetype", "content_type"),
    [
        ("text/plain", "text/plain; charset=utf-8"),
        ("application/xml", "application/xml; charset=utf-8"),
        ("image/svg+xml", "image/svg+xml; charset=utf-8"),
        ("application/javascript", "application/javascript; charset=utf-8"),
        ("application/json", "application/json"),
        ("image/png", "image/png"),
    ],
)
def test_mimetype_gets_charset_for_text_types(mimetype: str, content_type: str) -> None:
    assert Response(mimetype=mimetype).content_type == content_type


def test_mimetype_params_write_back() -> None:
    r = Response(mimetype="text/plain")
    assert r.mimetype_params == {"charset": "utf-8"}
    params = r.mimetype_params
    params["format"] = "flowed"
    assert r.content_type == "text/plain; charset=utf-8; format=flowed"
    del params["charset"]
    assert r.content_type == "text/plain; format=flowed"


def test_charset_is_deprecated() -> None:
    r = Response()
    with pytest.warns(DeprecationWarning):
        assert r.charset == "utf-8"


# -- data / set_data -------------------------------------------------------------------------------


def test_set_data_replaces_body_and_length() -> None:
    r = Response([b"a", b"b"])
    r.set_data("∑")
    assert r.response == ["∑".encode()]
    assert r.content_length == 3
    r.data = b"12345"
    assert r.data == b"12345"
    assert r.headers["Content-Length"] == "5"


def test_set_data_without_automatic_length() -> None:
    r = Response()
    r.automatically_set_content_length = False
    r.set_data(b"abc")
    assert "Content-Length" not in r.headers

    class NoLength(Response):
        automatically_set_content_length = False

    assert "Content-Length" not in NoLength("abc").headers


def test_set_data_rejects_other_types() -> None:
    with pytest.raises(TypeError, match="int"):
        Response().set_data(5)  # type: ignore[arg-type]


def test_get_data_as_text() -> None:
    assert Response(["a", b"\xc3\xa9"]).get_data(as_text=True) == "aé"


# -- sequences and streaming -----------------------------------------------------------------------


def test_is_streamed_and_is_sequence() -> None:
    assert Response([b"x"]).is_sequence
    assert Response((b"x",)).is_sequence
    assert not Response([b"x"]).is_streamed
    assert Response(iter([b"x"])).is_streamed
    assert not Response(iter([b"x"])).is_sequence
    body = CountingBody([b"x"])
    assert Response(body).is_streamed


def test_make_sequence_registers_close() -> None:
    body = CountingBody([b"a", "b"])
    r = Response(body)
    r.make_sequence()
    assert r.response == [b"a", b"b"]
    assert body.closed == 0
    r.close()
    assert body.closed == 1


def test_implicit_sequence_conversion_disabled() -> None:
    r = Response(iter([b"a"]))
    r.implicit_sequence_conversion = False
    with pytest.raises(RuntimeError, match="implicit_sequence_conversion"):
        r.get_data()
    assert r.calculate_content_length() is None
    r.make_sequence()
    assert r.get_data() == b"a"


def test_direct_passthrough_refuses_buffering() -> None:
    r = Response(iter([b"a"]), direct_passthrough=True)
    with pytest.raises(RuntimeError, match="passthrough"):
        r.get_data()
    assert r.calculate_content_length() is None


def test_calculate_content_length() -> None:
    assert Response(["é", b"ab"]).calculate_content_length() == 4
    assert Response(iter(["abc"])).calculate_content_length() == 3


def test_iter_encoded() -> None:
    assert list(Response(["a", b"b"]).iter_encoded()) == [b"a", b"b"]
    gen = (x for x in ["é"])
    assert list(Response(gen).iter_encoded()) == ["é".encode()]
    # A bare str/bytes body is sent whole, not one character at a time.
    r = Response()
    r.response = "abc"
    assert list(r.iter_encoded()) == [b"abc"]
    r.response = b"abc"
    assert list(r.iter_encoded()) == [b"abc"]


def test_iter_encoded_list_of_bytes_has_no_generator() -> None:
    body = [b"a", b"b"]
    it = Response(body).iter_encoded()
    assert type(it) is type(iter([]))


# -- stream ----------------------------------------------------------------------------------------


def test_stream_writes() -> None:
    r = Response("ab")
    s = r.stream
    assert isinstance(s, ResponseStream)
    assert r.stream is s
    assert s.mode == "wb+"
    assert s.encoding == "utf-8"
    assert s.tell() == 2
    assert s.write(b"cd") == 2
    assert "Content-Length" not in r.headers
    s.writelines([b"e", "é"])
    assert s.tell() == 7
    s.flush()
    assert r.data == "abcdeé".encode()
    assert not s.isatty()
    assert s.writable()
    s.close()
    assert s.closed
    with pytest.raises(ValueError, match="closed"):
        s.write(b"x")
    with pytest.raises(ValueError, match="closed"):
        s.flush()


def test_stream_turns_tuple_into_list_and_buffers_generators() -> None:
    r = Response((b"a",))
    r.stream.write(b"b")
    assert r.response == [b"a", b"b"]
    body = CountingBody([b"x"])
    r = Response(body)
    r.stream.write(b"y")
    assert r.data == b"xy"
    r.close()
    assert body.closed == 1


def test_stream_rejects_non_bytes() -> None:
    with pytest.raises(TypeError):
        Response().stream.write(5)  # type: ignore[arg-type]


def test_print_to_stream() -> None:
    r = Response()
    r.stream.write("hello\n")
    assert r.data == b"hello\n"


# -- freeze ----------------------------------------------------------------------------------------


def test_freeze_buffers_sets_length_and_etag() -> None:
    body = CountingBody([b"ab", "c"])
    r = Response(body, direct_passthrough=True)
    r.implicit_sequence_conversion = False
    r.freeze()
    assert r.response == [b"ab", b"c"]
    assert r.headers["Content-Length"] == "3"
    assert r.headers["ETag"] == quote_etag(generate_etag(b"abc"))
    assert body.closed == 1
    r.close()
    assert body.closed == 1


def test_freeze_keeps_existing_etag() -> None:
    r = Response("x", headers={"ETag": '"mine"'})
    r.freeze()
    assert r.headers["ETag"] == '"mine"'


def test_frozen_response_pickles() -> None:
    r = Response(iter([b"a", b"b"]), status=202, headers={"X-A": "1"})
    r.freeze()
    r2 = pickle.loads(pickle.dumps(r))
    assert r2.data == b"ab"
    assert r2.status == "202 ACCEPTED"
    assert r2.headers["X-A"] == "1"


# -- close / call_on_close / with --------------------------------------------------------------------


def test_close_closes_body_once_and_runs_callbacks() -> None:
    body = CountingBody([b"a"])
    r = Response(body)
    calls: list[str] = []

    @r.call_on_close
    def first() -> None:
        calls.append("first")

    assert callable(first)
    assert r.call_on_close(lambda: calls.append("second")) is not None
    r.close()
    assert body.closed == 1
    assert calls == ["first", "second"]


def test_on_close_is_lazy() -> None:
    r = Response("x")
    assert r._on_close is None
    r.close()  # nothing to close, nothing to run


def test_close_runs_every_callback_even_if_one_raises() -> None:
    r = Response()
    calls: list[int] = []

    def boom() -> None:
        raise KeyError("boom")

    r.call_on_close(boom)
    r.call_on_close(lambda: calls.append(1))
    with pytest.raises(KeyError):
        r.close()
    assert calls == [1]


def test_with_statement_closes() -> None:
    body = CountingBody([b"a"])
    with Response(body) as r:
        assert isinstance(r, Response)
    assert body.closed == 1


def test_generator_finally_runs_on_close() -> None:
    done: list[bool] = []

    def gen() -> Iterator[bytes]:
        try:
            yield b"a"
            yield b"b"
        finally:
            done.append(True)

    r = Response(gen())
    next(iter(r.iter_encoded()))
    r.close()
    assert done == [True]


# -- JSON ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mimetype", "expected"),
    [
        ("application/json", True),
        ("application/problem+json", True),
        ("application/vnd.api+json", True),
        ("text/json", False),
        ("text/html", False),
        ("application/jsonx", False),
    ],
)
def test_is_json(mimetype: str, expected: bool) -> None:
    assert Response(mimetype=mimetype).is_json is expected


def test_json_and_get_json() -> None:
    r = Response(json.dumps({"a": [1, 2]}), mimetype="application/json")
    assert r.json == {"a": [1, 2]}
    assert r.get_json() == {"a": [1, 2]}
    html = Response('{"a": 1}')
    assert html.json is None
    assert html.get_json(force=True) == {"a": 1}
    bad = Response("{nope", mimetype="application/json")
    with pytest.raises(ValueError):
        bad.get_json()
    assert bad.get_json(silent=True) is None


def test_json_module_hook() -> None:
    class Loads:
        @staticmethod
        def loads(data: bytes) -> Any:
            return ("custom", data)

        @staticmethod
        def dumps(obj: Any) -> str:
            return ""

    class MyResponse(Response):
        json_module = Loads

    assert MyResponse("x", mimetype="application/json").json == ("custom", b"x")


# -- repr and memory ---------------------------------------------------------------------------------


def test_repr() -> None:
    assert repr(Response("hello")) == "<Response 5 bytes [200 OK]>"
    assert repr(Response(iter([]), status=404)) == "<Response streamed [404 NOT FOUND]>"

    class Sized:
        def __iter__(self) -> Iterator[bytes]:
            return iter([])

        def __len__(self) -> int:
            return 0

    assert repr(Response(Sized())) == "<Response likely-streamed [200 OK]>"


def test_no_instance_dict_for_plain_response() -> None:
    r = Response("hello")
    r.close()
    # The lazily created __dict__ (per-instance overrides, the stream cache) is not there by default.
    gc.collect()
    assert "__dict__" not in dir(type(r)) or not vars(r)


# -- the reference API, name for name --------------------------------------------------------------

REFERENCE_NAMES = """
accept_ranges access_control_allow_credentials access_control_allow_headers
access_control_allow_methods access_control_allow_origin access_control_expose_headers
access_control_max_age add_etag age allow autocorrect_location_header
automatically_set_content_length cache_control calculate_content_length call_on_close charset close
content_encoding content_language content_length content_location content_md5 content_range
content_security_policy content_security_policy_report_only content_type
cross_origin_embedder_policy cross_origin_opener_policy data date default_mimetype default_status
delete_cookie direct_passthrough expires force_type freeze from_app get_app_iter get_data get_etag
get_json get_wsgi_headers get_wsgi_response implicit_sequence_conversion is_json is_sequence
is_streamed iter_encoded json json_module last_modified location make_conditional make_sequence
max_cookie_size mimetype mimetype_params response retry_after set_cookie set_data set_etag status
status_code stream vary www_authenticate __call__ __enter__ __exit__
""".split()


@pytest.mark.parametrize("name", REFERENCE_NAMES)
def test_reference_name_exists(name: str) -> None:
    assert hasattr(Response, name)
    if name != "charset":  # reading charset warns (deprecated); tested above
        assert hasattr(Response(), name)


def test_class_attribute_defaults() -> None:
    assert Response.implicit_sequence_conversion is True
    assert Response.automatically_set_content_length is True
    assert Response.autocorrect_location_header is False
    assert Response.json_module is json


def test_buffered_body_is_closed_once_even_if_served_again() -> None:
    body = CountingBody([b"a"])
    r = Response(body)
    r.make_sequence()
    r.close()
    r.close()
    assert body.closed == 1
    frozen_body = CountingBody([b"b"])
    r = Response(frozen_body)
    r.freeze()
    assert frozen_body.closed == 1  # consumed, so closed at once
    r.close()
    r.close()
    assert frozen_body.closed == 1


def test_frozen_generator_response_pickles() -> None:
    done: list[bool] = []

    def gen() -> Iterator[bytes]:
        try:
            yield b"x"
        finally:
            done.append(True)

    r = Response(gen())
    r.freeze()
    assert done == [True]
    assert pickle.loads(pickle.dumps(r)).data == b"x"
