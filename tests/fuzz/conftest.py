"""Hypothesis profiles for the fuzz suite.

``make fuzz`` runs ``pytest tests/fuzz --hypothesis-profile=fuzz``: many thousands of examples per
test, no deadline, minutes in all.  The normal test run (pytest over tests/, as CI does) never
loads that profile: the fuzz tests then run with the short ``fuzz-ci`` settings, as a smoke test.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

# The long run: sized so the whole suite takes a few minutes on a small shared machine.
settings.register_profile(
    "fuzz", max_examples=4000, deadline=None, suppress_health_check=_QUIET, print_blob=True
)
# What the fuzz tests use in an ordinary run (any profile other than "fuzz").
settings.register_profile("fuzz-ci", max_examples=25, deadline=None, suppress_health_check=_QUIET)
