"""Randomly generated programs: under fg.jit they compute what eager execution computes,
and their gradients (jit of grad, grad of jit) match fg.grad's.

A program is a list of steps over a stack of values shaped (3, 4), (3, 1) or (1, 4)
(broadcast-compatible): elementwise ops, reductions with keepdims, matmul with a weight,
indexing (reversal, advanced index), where on a comparison. Its output is the sum of
the stack. Each program is jitted on one input and replayed on another.
"""
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.jit.passes import fusion

BACKENDS = ["numpy"] + (["numexpr"] if fusion.numexpr is not None else [])

UNARY = [fnp.sin, fnp.cos, fnp.tanh, fnp.negative, lambda a: a * 0.5, lambda a: fnp.tanh(a * a),
         lambda a: fnp.exp(-a * a)]
BINARY = [fnp.add, fnp.subtract, fnp.multiply, lambda a, b: fnp.where(a > b, a, b * 2.0)]
REDUCE = [lambda a: fnp.sum(a, axis=0, keepdims=True), lambda a: fnp.sum(a, axis=1, keepdims=True),
          lambda a: fnp.max(a, axis=1, keepdims=True), lambda a: fnp.mean(a, axis=0, keepdims=True)]


def _matmul(a, w):
    return fnp.tanh(fnp.broadcast_to(a, (3, 4)) @ w)


def _index(a):
    if a.ndim == 0:
        return a
    return a[::-1] if a.shape[0] == 3 else a[[0, 0, 0]]


step = st.tuples(st.sampled_from(["unary", "binary", "reduce", "matmul", "index"]),
                 st.integers(0, 6), st.integers(0, 50), st.integers(0, 50))


def build(steps):
    def program(x, w):
        stack = [x]
        for kind, op, i, j in steps:
            a, b = stack[i % len(stack)], stack[j % len(stack)]
            if kind == "unary":
                stack.append(UNARY[op % len(UNARY)](a))
            elif kind == "binary":
                stack.append(BINARY[op % len(BINARY)](a, b))
            elif kind == "reduce":
                stack.append(REDUCE[op % len(REDUCE)](a))
            elif kind == "matmul":
                stack.append(_matmul(a, w))
            else:
                stack.append(_index(a))
        total = 0.0
        for v in stack:
            total = total + fnp.sum(v)
        return total
    return program


arrays = st.lists(st.floats(-2, 2), min_size=12, max_size=12).map(lambda v: np.reshape(v, (3, 4)))
W = np.random.default_rng(1).standard_normal((4, 4)) / 2


def close(a, b):
    return np.allclose(a, b, rtol=1e-11, atol=1e-11, equal_nan=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=10), arrays, arrays, st.sampled_from(BACKENDS))
def test_random_programs_jit_equals_eager(steps, x1, x2, backend):
    f = build(steps)
    previous = fusion.set_backend(backend)
    try:
        jf = fg.jit(f)
        assert close(jf(x1, W), f(x1, W))
        assert close(jf(x2, W), f(x2, W))          # replayed from the cache
    finally:
        fusion.set_backend(previous)
    assert jf.cache_info().traces == 1


scalar_step = st.tuples(st.sampled_from(["unary", "binary"]), st.integers(0, 6),
                        st.integers(0, 50), st.integers(0, 50))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(scalar_step, min_size=1, max_size=10), st.floats(-2, 2), st.floats(-2, 2))
def test_random_scalar_programs_and_their_second_derivatives(steps, x1, x2):
    """Scalar tapes run on Python floats (funcgrad.jit.scalar)."""
    f = build(steps)
    g = lambda x: f(x, W)  # noqa: E731
    second = fg.grad(fg.grad(g))
    for fun in (g, second):
        jf = fg.jit(fun)
        jf(x1)
        assert close(jf(x2), fun(x2))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=8), arrays, arrays)
def test_random_programs_gradients_through_jit(steps, x1, x2):
    f = build(steps)
    grad = fg.grad(f, argnums=(0, 1))
    jit_of_grad = fg.jit(grad)
    grad_of_jit = fg.grad(fg.jit(f), argnums=(0, 1))
    jit_of_grad(x1, W)
    for got in (jit_of_grad(x2, W), grad_of_jit(x2, W)):
        for g, want in zip(got, grad(x2, W)):
            assert close(g, want)
