"""Shared test set-up: Hypothesis profiles, and the language of messages.

``HYPOTHESIS_PROFILE=thorough python -m pytest`` runs every property test that does not fix its own
number of examples with 2,000 examples.  ``HYPOTHESIS_PROFILE=ci`` (what ``.ci/run`` uses) draws the
same examples on every run, so that a CI failure is a regression, never a newly drawn example; the
default profile draws new ones each run, which is how new failures are found (and then pinned with
``@example``).

Messages are Chinese by default and English under an ``en`` locale (``kepu_plan._i18n``).  A test
that matches a message's words says which language it reads: the ``english`` fixture (most tests
of the library, written against the English source texts; a module of them says so with
``pytestmark = pytest.mark.usefixtures("english")``) or the ``chinese`` one (what a user sees by
default).  A test matching a ``code`` needs neither: codes are the same in both languages.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Generating a whole plan takes tens of milliseconds: that is the nature of the data, not a bug.
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", deadline=None, max_examples=2_000, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English (``LC_MESSAGES=en_US.UTF-8``, ``LC_ALL`` unset)."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "en_US.UTF-8")


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in Chinese, as a user sees them by default (``LC_MESSAGES=zh_CN.UTF-8``, ``LC_ALL`` unset)."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_MESSAGES", "zh_CN.UTF-8")
