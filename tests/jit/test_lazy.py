"""Deferred values while tracing (funcgrad.jit.lazy): large elementwise results are left
uncomputed at trace time and forced only when a non-elementwise primitive reads them."""
import numpy as np

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.jit import lazy
from funcgrad.jit.trace import JitTrace, raw
from funcgrad.tracing import new_trace

BIG = np.linspace(-1.0, 1.0, lazy.LAZY_SIZE)


def _trace(f, x):
    with new_trace(JitTrace) as trace:
        out = f(trace.new_input(x))
    return trace, out


def test_large_elementwise_results_are_placeholders():
    trace, out = _trace(lambda x: fnp.sin(x) * 2.0 + 1.0, BIG)
    assert len(trace.deferred.eqns) == 3 and not trace.deferred.forced
    value = raw(out)
    assert value.shape == BIG.shape and value.strides == (0,)


def test_small_results_are_computed():
    trace, out = _trace(lambda x: fnp.sin(x) * 2.0, BIG[:10])
    assert not trace.deferred
    assert np.allclose(raw(out), np.sin(BIG[:10]) * 2.0)


def test_reductions_and_shape_ops_of_deferred_values_stay_deferred():
    trace, out = _trace(lambda x: fnp.sum(fnp.reshape(fnp.exp(x), (2, -1)), axis=1), BIG)
    assert not trace.deferred.forced and raw(out).shape == (2,)


def test_other_primitives_force_what_they_read_and_nothing_else():
    def f(x):
        unused = fnp.cos(x) * 3.0   # noqa: F841
        return fnp.cumsum(fnp.sin(x) + 1.0)
    trace, out = _trace(f, BIG)
    assert np.allclose(raw(out), np.cumsum(np.sin(BIG) + 1.0))
    forced = {trace.deferred.eqns[v].prim.name for v in trace.deferred.forced}
    assert forced == {"sin", "add"}


def test_jit_first_call_and_replay_with_deferred_values():
    def f(x):
        y = fnp.tanh(x) * fnp.sin(x)
        return fnp.sum(y), fnp.cumsum(y)[-1], fnp.max(y ** 2, keepdims=True)
    jf = fg.jit(f)
    for x in (BIG, BIG * 0.5):
        for got, want in zip(jf(x), f(x)):
            assert np.allclose(got, want) and np.shape(got) == np.shape(want)
            assert type(got) is type(want)


def test_gradient_of_a_large_program_under_jit():
    def loss(x):
        return fnp.sum(fnp.exp(-x * x) * fnp.sort(x))
    g = fg.jit(fg.grad(loss))
    assert np.allclose(g(BIG), fg.grad(loss)(BIG)) and np.allclose(g(BIG), fg.grad(loss)(BIG))
