"""Shared test set-up: Hypothesis profiles.

``HYPOTHESIS_PROFILE=thorough python -m pytest`` runs every property test that does not fix its own
number of examples with 2,000 examples.  ``HYPOTHESIS_PROFILE=ci`` (what ``.ci/run`` uses) draws the
same examples on every run, so that a CI failure is a regression, never a newly drawn example; the
default profile draws new ones each run, which is how new failures are found (and then pinned with
``@example``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Generating a whole plan takes tens of milliseconds: that is the nature of the data, not a bug.
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", deadline=None, max_examples=2_000, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
