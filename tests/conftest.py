"""Shared test configuration: a deterministic hypothesis profile.

The "ci" profile is loaded by default: derandomized (the same examples on
every run and machine), no example database, no per-example deadline (the
first call loads the model), and a modest number of examples so the suite
stays fast. Set ``HYPOTHESIS_PROFILE=thorough`` to search harder locally.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    max_examples=40,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    parent=settings.get_profile("ci"),
    max_examples=1000,
    derandomize=False,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
