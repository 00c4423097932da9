"""The settings a fuzz test runs with: the long profile under ``make fuzz``, a short one otherwise."""

from __future__ import annotations

from hypothesis import settings


def fuzz_settings() -> settings:
    """Settings for a fuzz test, chosen when the test module is imported (after pytest_configure)."""
    if settings.get_current_profile_name() == "fuzz":
        return settings(settings.get_profile("fuzz"))
    return settings(settings.get_profile("fuzz-ci"))
