"""Suite-wide settings."""

from __future__ import annotations

from hypothesis import settings

# No per-example deadline: speed is measured in bench/, never asserted by the tests, and a loaded CI
# machine must not turn a slow example into a failure. (tests/fuzz registers its own profiles.)
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")
