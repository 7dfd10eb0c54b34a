"""numpy functions built from the others: gradient, unwrap, block, h/v/dsplit,
apply_along_axis/apply_over_axes, piecewise, trim_zeros, sort_complex, the as*array
aliases, and the polynomial functions (polyadd ... polyfit, poly, roots, vander)."""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp

from .famtools import check_traced_values, check_vmap
from .refspec import ref_spec
from .spec import run_spec

COORDS = np.array([0.0, 0.5, 1.5, 1.75, 3.0])


def _spec(name, f, shapes, **kw):
    return ref_spec(name, f, shapes, (), **kw)


SPECS = [
    _spec("gradient_1d", lambda m, x: m.gradient(x), [(5,)]),
    _spec("gradient_2d", lambda m, x: m.gradient(x, 0.5, 2.0), [(4, 3)]),
    _spec("gradient_axis_edge2", lambda m, x: m.gradient(x, axis=1, edge_order=2), [(2, 5)]),
    _spec("gradient_coords", lambda m, x: m.gradient(x, COORDS, axis=0), [(5, 2)]),
    _spec("gradient_coords_edge2", lambda m, x: m.gradient(x, COORDS, edge_order=2), [(5,)]),
    _spec("unwrap", lambda m, x: m.unwrap(x * 6.0), [(2, 6)]),
    _spec("unwrap_period", lambda m, x: m.unwrap(x * 5.0, period=4.0, axis=0), [(6, 2)]),
    _spec("block", lambda m, a, b, c: m.block([[a, b], [c]]), [(2, 2), (2, 1), (1, 3)]),
    _spec("block_1d", lambda m, a, b: m.block([a, b, 1.0]), [(2,), (3,)]),
    _spec("hsplit", lambda m, x: m.hsplit(x, 2), [(2, 4)]),
    _spec("vsplit", lambda m, x: m.vsplit(x, [1]), [(3, 2)]),
    _spec("dsplit", lambda m, x: m.dsplit(x, 2), [(1, 2, 4)]),
    _spec("apply_along_axis", lambda m, x: m.apply_along_axis(lambda r: r * r.sum(), 0, x), [(3, 2)]),
    _spec("apply_along_axis_matrix",
          lambda m, x: m.apply_along_axis(lambda r: m.outer(r, r), 1, x), [(2, 3)]),
    _spec("apply_over_axes", lambda m, x: m.apply_over_axes(m.sum, x, [0, 2]), [(2, 3, 2)]),
    _spec("piecewise", lambda m, x: m.piecewise(x, [x < 0, x >= 0], [lambda v: v ** 2, m.sin]),
          [(3, 4)], away_from=(0.0,)),
    _spec("piecewise_otherwise", lambda m, x: m.piecewise(x, [x > 0.5], [lambda v: m.exp(v), 0.25]),
          [(5,)], away_from=(0.5,)),
    _spec("trim_zeros", lambda m, x: m.trim_zeros(m.concatenate([np.zeros(2), x, np.zeros(1)]), "b"),
          [(3,)], away_from=(0.0,)),
    _spec("sort_complex", lambda m, x: m.real(m.sort_complex(x)) * 2.0, [(4,)]),
    _spec("asanyarray", lambda m, x: m.ascontiguousarray(m.asanyarray(x)) * 2.0, [(2,)]),
    _spec("polyadd", lambda m, a, b: m.polyadd(a, b), [(4,), (2,)]),
    _spec("polysub", lambda m, a, b: m.polysub(a, b), [(2,), (3,)]),
    _spec("polymul", lambda m, a, b: m.polymul(a, b), [(3,), (2,)]),
    _spec("polyder", lambda m, a: m.polyder(a, 2), [(5,)]),
    _spec("polyint", lambda m, a: m.polyint(a, 2, k=[0.5, -1.0]), [(3,)]),
    # float32: the leading remainder term is dropped or kept by a rounding-level test
    _spec("polydiv", lambda m, a, b: m.polydiv(a, b), [(5,), (2,)], domain=(1.0, 2.0),
          dtypes=("float64",)),
    _spec("poly", lambda m, r: m.poly(r), [(3,)]),
    _spec("roots", lambda m, r: m.roots(m.poly(r)), [(3,)], domain=(0.5, 3.0),
          away_from=(1.0, 1.5, 2.0, 2.5)),
    _spec("vander", lambda m, x: m.vander(x, 4), [(3,)]),
    _spec("vander_increasing", lambda m, x: m.vander(x, increasing=True), [(3,)]),
    _spec("polyfit", lambda m, x, y: m.polyfit(m.cumsum(m.exp(x)), y, 2), [(6,), (6,)]),
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_grads(spec, dtype):
    if spec.name == "roots" and dtype == "float32":
        pytest.skip("float32 finite differences of roots of a cubic are too coarse")
    if dtype not in spec.dtypes:
        pytest.skip(f"{spec.name} is checked in {spec.dtypes}")
    run_spec(spec, dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("spec", SPECS, ids=str)
def test_values_match_numpy(spec, dtype):
    if dtype not in spec.dtypes:
        pytest.skip(f"{spec.name} is checked in {spec.dtypes}")
    if spec.name == "roots":        # eigenvalue order can differ between runs of the solver
        x = np.array([0.7, 1.2, 2.7])
        np.testing.assert_allclose(np.sort(fnp.roots(fnp.poly(x))), np.sort(np.roots(np.poly(x))))
        return
    check_traced_values(spec, dtype)


@pytest.mark.parametrize("spec", [s for s in SPECS if s.name in {
    "gradient_2d", "gradient_coords_edge2", "unwrap", "block", "apply_along_axis", "polyadd",
    "polymul", "polyder", "polyint", "vander"}], ids=str)
def test_vmap_equals_loop(spec):
    check_vmap(spec)


def test_gradient_is_exact_for_quadratics():
    x = COORDS
    f = x ** 2
    np.testing.assert_allclose(fnp.gradient(f, x, edge_order=2), 2 * x)
    jac = fg.jacfwd(lambda f: fnp.gradient(f, x))(f)
    np.testing.assert_allclose(jac, fg.jacrev(lambda f: fnp.gradient(f, x))(f))


def test_unwrap_derivative_is_identity():
    p = np.array([0.0, 3.0, 6.2, -3.0, 0.5])
    np.testing.assert_allclose(fg.jacfwd(fnp.unwrap)(p), np.eye(5))


def test_errors_match_numpy():
    calls = [lambda m: m.vsplit(np.ones(3), 3), lambda m: m.block([[np.ones(2)], np.ones(2)]),
             lambda m: m.polyder(np.ones(3), -1), lambda m: m.asarray_chkfinite([1.0, np.nan]),
             lambda m: m.piecewise(np.ones(3), [np.ones(3, bool)] * 3, [1.0]),
             lambda m: m.apply_over_axes(lambda a, ax: a.sum(axis=ax), np.ones((2, 2)),
                                         [0]) if False else m.gradient(np.ones(1))]
    for call in calls:
        with pytest.raises(Exception) as want:
            call(np)
        with pytest.raises(want.type):
            call(fnp)
