"""funcgrad.testing.grad_errors: the measured errors agree with check_grads's verdict."""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.testing import check_grads, grad_errors, tolerance


@fg.custom_jvp
def wrong_sin(x):
    return fnp.sin(x)


@wrong_sin.defjvp
def _wrong_sin_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return fnp.sin(x), 1.1 * fnp.cos(x) * t      # 10% off


def test_every_mode_and_order_is_measured_and_small_for_a_correct_rule():
    x = np.linspace(0.1, 1.0, 5)
    errors = grad_errors(fnp.tanh, (x,), order=2)
    assert set(errors) == {("fwd", 1), ("rev", 1), ("fwd", 2), ("rev", 2)}
    assert all(err < 1e-8 for err in errors.values())


def test_a_wrong_rule_measures_its_error_where_check_grads_fails():
    x = np.linspace(0.1, 1.0, 5)
    errors = grad_errors(wrong_sin, (x,), modes=("fwd",), order=1)
    # 10% of cos(x)·t for a standard normal direction t: well above the tolerance
    assert tolerance((x,)) < 1e-2 < errors[("fwd", 1)] < 0.5
    with pytest.raises(AssertionError, match="jvp"):
        check_grads(wrong_sin, (x,), modes=("fwd",), order=1)


def test_modes_and_order_select_the_measurements():
    errors = grad_errors(fnp.sin, (np.ones(3),), modes=("rev",), order=1)
    assert list(errors) == [("rev", 1)]


def test_tolerance_is_looser_for_float32():
    assert tolerance((np.ones(2, np.float32),)) > tolerance((np.ones(2),))
