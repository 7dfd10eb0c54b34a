"""Checks shared by the family tests of the numpy namespace's newer functions.

* `run_table(spec, dtype)`: check_grads in the spec's modes, to its order.
* `check_traced_values(spec)`: the spec's function *traced* (inside jvp) gives numpy's
  values, shapes and dtypes; the eager path of many wrappers is numpy itself, so this is
  what checks the composites.
* `check_vmap(spec)`: vmap of the function, and of its gradient, equals a loop over
  examples, and no primitive falls back to vmap's loop (each has a batch rule).
"""
import contextlib

import numpy as np

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad import tree
from funcgrad.transforms import batching

from .spec import draw_args

__all__ = ["check_traced_values", "check_vmap", "no_vmap_loops"]


def _compare(got, want, name, rtol=1e-7, atol=1e-10):
    got, want = tree.leaves(got), tree.leaves(want)
    assert len(got) == len(want), f"{name}: {len(got)} outputs, numpy gives {len(want)}"
    for g, w in zip(got, want):
        g, w = np.asarray(g), np.asarray(w)
        assert g.shape == w.shape, f"{name}: shape {g.shape}, numpy gives {w.shape}"
        assert g.dtype == w.dtype, f"{name}: dtype {g.dtype}, numpy gives {w.dtype}"
        np.testing.assert_allclose(g, w, rtol=rtol, atol=atol, err_msg=name)


def check_traced_values(spec, dtype="float64", seed=0):
    """spec.fn traced by jvp gives what spec.reference (numpy) gives, eagerly too, with
    numpy's dtypes (float32 in, float32 out where numpy keeps float32)."""
    args = draw_args(spec, dtype, np.random.default_rng(seed))
    want = spec.reference(*args)
    tol = dict(rtol=2e-5, atol=1e-6) if dtype == "float32" else {}
    _compare(spec.fn(*args), want, spec.name + " (eager)", **tol)
    zeros = tuple(np.zeros_like(a) for a in args)
    primal = fg.jvp(lambda *xs: spec.fn(*xs), args, zeros)[0]
    _compare(primal, want, spec.name + " (traced)", **tol)


@contextlib.contextmanager
def no_vmap_loops(allowed=()):
    """Fail if vmap batches a primitive (other than `allowed`) by looping over examples."""
    original = batching._batch_by_loop

    def refuse(prim, vals, batched, params, size):
        if prim.name not in allowed:
            raise AssertionError(f"vmap looped over the batch for primitive {prim.name}")
        return original(prim, vals, batched, params, size)
    batching._batch_by_loop = refuse
    try:
        yield
    finally:
        batching._batch_by_loop = original


def _inexact_leaves(out):
    return [o for o in tree.leaves(out)
            if (o.dtype if hasattr(o, "dtype") else np.asarray(o).dtype).kind in "fc"]


def check_vmap(spec, size=3, seed=1, allowed=()):
    """vmap(f) and vmap(grad of a scalar of f) equal loops over `size` examples."""
    rng = np.random.default_rng(seed)
    examples = [draw_args(spec, "float64", rng) for _ in range(size)]
    batched = tuple(np.stack(xs) for xs in zip(*examples))
    loop = [spec.fn(*xs) for xs in examples]
    with no_vmap_loops(allowed):
        got = fg.vmap(spec.fn)(*batched)
    for i, want in enumerate(loop):
        _compare(tree.tree_map(lambda g, i=i: np.asarray(g)[i], got), want, spec.name + " vmap")
    if not _inexact_leaves(loop[0]):
        return

    def scalar(*xs):
        outs = _inexact_leaves(spec.fn(*xs))
        return sum(fnp.sum(fnp.sin(o)) for o in outs)
    argnums = tuple(range(len(batched)))
    with no_vmap_loops(allowed):
        grads = fg.vmap(fg.grad(scalar, argnums=argnums))(*batched)
    for i, xs in enumerate(examples):
        want = fg.grad(scalar, argnums=argnums)(*xs)
        _compare([np.asarray(g)[i] for g in grads], list(want), spec.name + " vmap(grad)",
                 rtol=1e-9)
