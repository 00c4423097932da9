"""Checked by mypy (make typecheck and tests/test_typing.py): the generated attributes are precisely typed."""

from __future__ import annotations

from datetime import datetime, timedelta

from typing_extensions import assert_type

from genresp import Response
from genresp._generated.headers import AgeHeader, ContentLengthHeader
from genresp.datastructures.cache_control import ResponseCacheControl
from genresp.datastructures.content_range import ContentRange
from genresp.datastructures.csp import ContentSecurityPolicy
from genresp.datastructures.enums import COEP, COOP
from genresp.datastructures.header_set import HeaderSet
from genresp.datastructures.www_authenticate import WWWAuthenticate

resp = Response()
assert_type(resp.age, timedelta | None)
assert_type(resp.content_length, int | None)
assert_type(resp.access_control_max_age, int | None)
assert_type(resp.access_control_allow_credentials, bool)
assert_type(resp.location, str | None)
assert_type(resp.date, datetime | None)
assert_type(resp.retry_after, datetime | None)
assert_type(resp.vary, HeaderSet)
assert_type(resp.allow, HeaderSet)
assert_type(resp.cache_control, ResponseCacheControl)
assert_type(resp.content_range, ContentRange)
assert_type(resp.content_security_policy, ContentSecurityPolicy)
assert_type(resp.www_authenticate, WWWAuthenticate)
assert_type(resp.cross_origin_opener_policy, COOP)
assert_type(resp.cross_origin_embedder_policy, COEP)
assert_type(resp.status, str)
assert_type(resp.status_code, int)
assert_type(resp.mimetype, str | None)

# Class access gives the descriptor.
assert_type(Response.age, AgeHeader)
assert_type(Response.content_length, ContentLengthHeader)

# Setters accept what the reference accepts.
resp.age = 60
resp.age = timedelta(minutes=1)
resp.age = None
resp.date = datetime(2024, 1, 1)
resp.date = 0
resp.vary = ["Accept", "Cookie"]
resp.vary = "Accept"
resp.content_length = 10
resp.retry_after = 120
resp.cross_origin_opener_policy = COOP.SAME_ORIGIN
resp.www_authenticate = [WWWAuthenticate("basic"), WWWAuthenticate("bearer")]
del resp.location

# get_data is overloaded as in Werkzeug: bytes by default, str with as_text=True.
assert_type(resp.get_data(), bytes)
assert_type(resp.get_data(as_text=True), str)
assert_type(resp.get_data(as_text=bool(resp)), bytes | str)

# make_conditional returns the response itself, typed as such.
assert_type(resp.make_conditional({}), Response)
