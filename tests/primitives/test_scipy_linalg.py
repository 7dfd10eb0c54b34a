"""Spec table of primitives/scipy_linalg.py (sqrtm). Values against scipy and the
composites (solve_triangular, expm) are in tests/scipy/test_linalg.py."""
import numpy as np
import pytest

pytest.importorskip("scipy.linalg")

import funcgrad.numpy as fnp  # noqa: E402
from funcgrad.primitives.scipy_linalg import sqrtm  # noqa: E402
from tests.primitives.spec import Spec, run_spec  # noqa: E402


def _spd(m):
    """A well-conditioned symmetric positive definite matrix from any square m."""
    return fnp.matmul(m, fnp.swapaxes(m, -1, -2)) + 3 * np.eye(m.shape[-1])


def _nonsym(m):
    """A nonsymmetric matrix with eigenvalues near 4 (far from the negative real axis)."""
    return 0.5 * m + 4 * np.eye(m.shape[-1])


SPECS = [
    Spec("sqrtm_spd", lambda m: sqrtm(_spd(m)), ((3, 3),), ("sqrtm",), dtypes=("float64",)),
    Spec("sqrtm_nonsym", lambda m: sqrtm(_nonsym(m)), ((3, 3),), ("sqrtm",), dtypes=("float64",)),
]


@pytest.mark.parametrize("spec", SPECS, ids=str)
@pytest.mark.parametrize("dtype", ["float64"])
def test_spec(spec, dtype):
    run_spec(spec, dtype)
