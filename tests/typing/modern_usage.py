"""Checked by mypy --strict (tests/test_typing.py): every issue-12 attribute reads and takes precise types."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from typing_extensions import assert_type

from genresp import Response, sf
from genresp._generated.headers import (
    AcceptCh,
    AcceptChEntry,
    CacheGroups,
    CacheStatus,
    CacheStatusEntry,
    CdnCacheControl,
    ContentDigest,
    CriticalCh,
    PermissionsPolicy,
    Priority,
    ProxyStatus,
    ProxyStatusEntry,
    Ratelimit,
    RatelimitPolicy,
    ReportingEndpoints,
    ReprDigest,
    UseAsDictionary,
)
from genresp.datastructures.content_disposition import ContentDisposition
from genresp.datastructures.entity_tag import EntityTag
from genresp.datastructures.fetch_policies import (
    CrossOriginResourcePolicy,
    ReferrerPolicy,
    XFrameOptions,
)
from genresp.datastructures.hsts import StrictTransportSecurity
from genresp.datastructures.link import Link, Links
from genresp.datastructures.server_timing import ServerTiming, ServerTimingMetric
from genresp.datastructures.value_lists import ClearSiteData, TimingAllowOrigin

resp = Response()

# -- reads: structured fields -------------------------------------------------------------------------
assert_type(resp.cache_status, CacheStatus)
assert_type(resp.cache_status[0], CacheStatusEntry)
assert_type(resp.cache_status[0].value, str)
assert_type(resp.cache_status[0].hit, bool | None)
assert_type(resp.cache_status[0].fwd_status, int | None)
assert_type(resp.cache_status[0].extra, sf.Params)
assert_type(resp.proxy_status, ProxyStatus)
assert_type(resp.proxy_status[0], ProxyStatusEntry)
assert_type(resp.proxy_status[0].error, str | None)
assert_type(resp.proxy_status[0].next_hop_protocol, sf.BareItem | None)
assert_type(resp.cdn_cache_control, CdnCacheControl)
assert_type(resp.cdn_cache_control.max_age, int | None)
assert_type(resp.cdn_cache_control.no_store, bool | None)
assert_type(resp.priority, Priority)
assert_type(resp.priority.urgency, int)
assert_type(resp.priority.incremental, bool)
assert_type(resp.content_digest, ContentDigest)
assert_type(resp.content_digest.sha_256, bytes | None)
assert_type(resp.repr_digest, ReprDigest)
assert_type(resp.repr_digest.sha_512, bytes | None)
assert_type(resp.deprecation, datetime | None)
assert_type(resp.accept_ch, AcceptCh)
assert_type(resp.accept_ch[0], AcceptChEntry)
assert_type(resp.accept_ch.values(), list[str])
assert_type(resp.critical_ch, CriticalCh)
assert_type(resp.permissions_policy, PermissionsPolicy)
assert_type(resp.permissions_policy["camera"], sf.Member)
assert_type(resp.reporting_endpoints, ReportingEndpoints)
assert_type(resp.reporting_endpoints["default"], str)
assert_type(resp.origin_agent_cluster, bool | None)
assert_type(resp.cache_groups, CacheGroups)
assert_type(resp.cache_groups[0].value, str)
assert_type(resp.use_as_dictionary, UseAsDictionary)
assert_type(resp.use_as_dictionary.match, str | None)
assert_type(resp.use_as_dictionary.match_dest, tuple[str, ...] | None)
assert_type(resp.use_as_dictionary.type, str)
assert_type(resp.ratelimit, Ratelimit)
assert_type(resp.ratelimit[0].remaining, int | None)
assert_type(resp.ratelimit[0].partition_key, bytes | None)
assert_type(resp.ratelimit_policy, RatelimitPolicy)
assert_type(resp.ratelimit_policy[0].quota_unit, str | None)

# -- reads: other grammars ----------------------------------------------------------------------------
assert_type(resp.strict_transport_security, StrictTransportSecurity)
assert_type(resp.strict_transport_security.max_age, int | None)
assert_type(resp.strict_transport_security.include_subdomains, bool)
assert_type(resp.referrer_policy, ReferrerPolicy)
assert_type(resp.x_content_type_options, bool)
assert_type(resp.x_frame_options, XFrameOptions)
assert_type(resp.cross_origin_resource_policy, CrossOriginResourcePolicy)
assert_type(resp.content_disposition, ContentDisposition)
assert_type(resp.content_disposition.filename, str | None)
assert_type(resp.link, Links)
assert_type(resp.link[0], Link)
assert_type(resp.link[0].href, str)
assert_type(resp.link[0].rel, str | None)
assert_type(resp.link.find("preload"), list[Link])
assert_type(resp.server_timing, ServerTiming)
assert_type(resp.server_timing[0], ServerTimingMetric)
assert_type(resp.server_timing[0].dur, float | None)
assert_type(resp.server_timing.get("db"), ServerTimingMetric | None)
assert_type(resp.clear_site_data, ClearSiteData)
assert_type(resp.sunset, datetime | None)
assert_type(resp.timing_allow_origin, TimingAllowOrigin)
assert_type(resp.etag, EntityTag)
assert_type(resp.etag.tag, str | None)
assert_type(resp.etag.weak, bool)

# -- writes: what a demanding user passes ------------------------------------------------------------
resp.cache_status = [CacheStatusEntry("ExampleCache", hit=True, ttl=376), "other"]
resp.cache_status = "ExampleCache;hit"
resp.cache_status.append("third")
resp.cache_status[0].fwd = "uri-miss"
resp.proxy_status = [ProxyStatusEntry("r1", error="dns_timeout")]
resp.proxy_status[0].next_hop_protocol = sf.Token("h2")
resp.cdn_cache_control = CdnCacheControl(max_age=600, no_store=True)
resp.cdn_cache_control.s_maxage = 60
resp.priority = Priority(urgency=1, incremental=True)
resp.priority.urgency = 2
resp.content_digest = ContentDigest(sha_256=b"\x00" * 32)
resp.repr_digest.sha_512 = bytes(64)
resp.deprecation = datetime(2030, 1, 1, tzinfo=timezone.utc)
resp.deprecation = date(2030, 1, 1)
resp.deprecation = 1893456000
resp.accept_ch = ["Sec-CH-UA-Platform", "DPR"]
resp.critical_ch = ("DPR",)
resp.permissions_policy = {"geolocation": sf.InnerList(), "fullscreen": sf.Token("*")}
resp.permissions_policy["camera"] = sf.InnerList([sf.Item(sf.Token("self"))])
resp.reporting_endpoints = {"default": "https://reports.example/main"}
resp.origin_agent_cluster = True
resp.cache_groups = ["scripts"]
resp.use_as_dictionary = UseAsDictionary(match="/app/*.js", match_dest=["script"])
resp.ratelimit = ["burst"]
resp.ratelimit[0].reset = 30
resp.ratelimit_policy = ["burst"]
resp.ratelimit_policy[0].quota = 100
resp.strict_transport_security = StrictTransportSecurity(31536000, True, True)
resp.strict_transport_security = timedelta(days=365)
resp.strict_transport_security = 31536000
resp.referrer_policy = ReferrerPolicy.NO_REFERRER
resp.referrer_policy = "strict-origin"
resp.x_content_type_options = True
resp.x_frame_options = XFrameOptions.DENY
resp.x_frame_options = "sameorigin"
resp.cross_origin_resource_policy = CrossOriginResourcePolicy.SAME_ORIGIN
resp.content_disposition = ContentDisposition("attachment", filename="résumé.pdf")
resp.content_disposition = "inline"
resp.link = [Link("/app.css", "preload", as_="style"), Link("/app.js", "preload")]
resp.link = Link("/next", "next")
resp.link = (link for link in resp.link)
resp.link.add("/font.woff2", "preload", as_="font", crossorigin="anonymous")
resp.server_timing = [ServerTimingMetric("db", 53.2, "Database"), ServerTimingMetric("app")]
resp.server_timing = (m for m in resp.server_timing)
resp.server_timing.add("cache", timedelta(milliseconds=3), "Cache")
resp.clear_site_data = ["cache", "cookies"]
resp.sunset = datetime(2030, 1, 1, tzinfo=timezone.utc)
resp.sunset = 1893456000.5
resp.timing_allow_origin = ["https://example.com"]
resp.etag = EntityTag("v7", weak=True)
resp.etag = 'W/"v7"'
resp.etag.weak = False
