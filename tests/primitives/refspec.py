"""Specs written once for both numpy and funcgrad.numpy.

`ref_spec(name, f, shapes, prims)` takes f(m, *arrays) where m is an array
module: the Spec's function is f with m = funcgrad.numpy (checked by
check_grads), and `check_values` compares its plain-array output with f run on
numpy itself, so the wrappers' argument handling is checked against numpy.
"""
import functools

import numpy as np

import funcgrad.numpy as fnp
from funcgrad import tree

from .spec import Spec, draw_args

__all__ = ["ref_spec", "check_values"]


def ref_spec(name, f, shapes, prims, **kw):
    spec = Spec(name, functools.partial(f, fnp), tuple(shapes), tuple(prims), **kw)
    spec.reference = functools.partial(f, np)
    return spec


def check_values(spec, dtype, seed=0):
    """f(fnp, *args) equals f(np, *args) in values, shapes and dtypes."""
    args = draw_args(spec, dtype, np.random.default_rng(seed))
    got, want = tree.leaves(spec.fn(*args)), tree.leaves(spec.reference(*args))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        g, w = np.asarray(g), np.asarray(w)
        assert g.shape == w.shape, f"{spec.name}: shape {g.shape}, numpy gives {w.shape}"
        assert g.dtype == w.dtype, f"{spec.name}: dtype {g.dtype}, numpy gives {w.dtype}"
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6)
