"""Every primitive's spec table, run on device arrays that refuse the host.

The spec tables of tests/primitives are imported as they are. Each spec's function is
ported to the device the way a user ports numpy code to cupy (tests/backend/port.py:
its `np` constants become device constants), its arguments are drawn as in the
primitive tests and copied to the hostless "cuda" device, and then:

* the forward values equal numpy's, and every array output is a device array;
* `check_grads` passes in both modes to the spec's order (second by default), with the
  random directions copied to the device explicitly.

A hostless array raises on any implicit conversion to numpy (numpy functions, ufuncs,
`numpy.asarray`, mixing with an ndarray), so a pass proves that funcgrad's engine,
wrappers and primitives only touch these arrays through the array module.
"""
import importlib
import pkgutil

import numpy as np
import pytest

import tests.primitives
from funcgrad import tree
from funcgrad.testing import check_grads
from tests.backend import hostless
from tests.backend.port import to_device_code
from tests.primitives.test_complex import draw_any


def _spec_tables():
    """(module name, spec) for every SPECS table under tests/primitives."""
    found = []
    for info in pkgutil.iter_modules(tests.primitives.__path__):
        if not info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"tests.primitives.{info.name}")
        for spec in getattr(module, "SPECS", None) or ():
            found.append((info.name[len("test_"):], spec))
    return found


SPECS = _spec_tables()
CASES = [pytest.param(spec, dtype, id=f"{family}:{spec.name}-{dtype}")
         for family, spec in SPECS for dtype in spec.dtypes]


def test_every_family_is_covered():
    families = {family for family, _ in SPECS}
    assert {"arithmetic", "elementwise", "reductions", "shape", "indexing", "selection",
            "products", "linalg", "fft", "complex", "special", "scans"} <= families
    assert len(SPECS) > 700


def _device_args(spec, dtype, seed=0):
    host = draw_any(spec, dtype, np.random.default_rng(seed))
    return host, tuple(hostless.asarray(a) for a in host)


def _assert_same_outputs(expected, got, dtype):
    exp_leaves, got_leaves = tree.leaves(expected), tree.leaves(got)
    assert len(exp_leaves) == len(got_leaves)
    rtol = 1e-12 if np.dtype(dtype).itemsize >= 8 and np.dtype(dtype).kind == "f" else 1e-5
    for e, g in zip(exp_leaves, got_leaves):
        if isinstance(e, (np.ndarray, np.generic)):
            assert isinstance(g, hostless.HostlessArray), f"a {type(g).__name__} left the device"
            assert (g.shape, g.dtype) == (np.shape(e), e.dtype)
            np.testing.assert_allclose(hostless.asnumpy(g), e, rtol=rtol, atol=rtol)
        else:
            assert g == e


@pytest.mark.parametrize("spec,dtype", CASES)
def test_spec_on_device(spec, dtype, hostless_cuda):
    host, device = _device_args(spec, dtype)
    fn = to_device_code(spec.fn, hostless.module, hostless.asarray)
    _assert_same_outputs(spec.fn(*host), fn(*device), dtype)
    check_grads(fn, device, modes=spec.modes, order=spec.order, tol=spec.tol.get(dtype))
