"""debug_nans names the first primitive producing a nan or inf, in the forward or the backward pass."""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.tracing import active_traces


def test_backward_nan_names_primitive_and_user_line():
    def f(x):
        return fnp.sum(fnp.sqrt(x))        # d sqrt / dx at 0 is inf
    with fg.debug_nans():
        with pytest.raises(FloatingPointError, match=r"sqrt produced nan/inf in its cotangent") as info:
            fg.grad(f)(np.array([0.0, 1.0]))
    assert "fnp.sqrt(x)" in str(info.value)
    assert active_traces() == []


@pytest.mark.filterwarnings("ignore:invalid value")
def test_forward_nan_is_caught_where_it_happens():
    with fg.debug_nans():
        with pytest.raises(FloatingPointError, match="log produced nan/inf in its forward value"):
            fg.grad(lambda x: fnp.sum(fnp.log(x)))(np.array([-1.0, 1.0]))
        with pytest.raises(FloatingPointError, match="log produced nan/inf"):
            fg.jvp(lambda x: fnp.log(x), (np.array([-1.0]),), (np.array([1.0]),))


@pytest.mark.filterwarnings("ignore:divide by zero")
def test_off_by_default_and_restored_after_context():
    g = fg.grad(lambda x: fnp.sum(fnp.sqrt(x)))(np.array([0.0, 1.0]))
    assert np.isinf(g[0])
    with fg.debug_nans():
        pass
    assert not fg.debug.is_debug_nans()
