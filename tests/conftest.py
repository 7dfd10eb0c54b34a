"""Test-session settings shared by every test module.

Hypothesis runs deterministically by default (the same examples on every run and every
machine), so a CI result depends on the code, not on luck. Set HYPOTHESIS_PROFILE=explore
to draw fresh random examples instead (and FUNCGRAD_RELIABILITY_EXAMPLES=2000 for a deep
run of the randomized programs); a failure prints the example to replay.
"""
import os

import pytest
from hypothesis import settings

settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


@pytest.fixture
def hostless_cuda():
    """The hostless backend (tests/backend/hostless.py) standing in for device "cuda"."""
    from tests.backend import hostless
    with hostless.installed() as backend:
        yield backend
