"""The hostless test backend behaves like cupy where funcgrad's neutrality depends on it.

If the stand-in let something through that cupy refuses, the neutrality tests would
prove nothing; these tests pin the refusals and the cupy-like behaviours down.
"""
import numpy as np
import pytest

import funcgrad.numpy as fnp
from funcgrad import backend
from tests.backend import hostless

X = np.array([[1.0, 2.0], [3.0, 4.0]])


@pytest.fixture
def h(hostless_cuda):
    return hostless.asarray(X)


@pytest.mark.parametrize("convert", [
    np.asarray, np.array, np.sum, np.exp, lambda a: np.add(a, 1.0), lambda a: X + a,
    lambda a: a + X, lambda a: np.concatenate([a, a])],
    ids=["asarray", "array", "sum", "exp-ufunc", "add-ufunc", "ndarray+h", "h+ndarray",
         "concatenate"])
def test_every_implicit_host_conversion_is_refused(convert, h):
    with pytest.raises(TypeError):          # HostConversionError is a TypeError, as cupy's
        convert(h)


def test_the_module_computes_on_the_device(h):
    out = hostless.module.exp(h) + hostless.module.linalg.inv(h)
    assert isinstance(out, hostless.HostlessArray)
    np.testing.assert_allclose(hostless.asnumpy(out), np.exp(X) + np.linalg.inv(X))


def test_reductions_give_0d_device_arrays_as_cupy(h):
    total = hostless.module.sum(h)
    assert isinstance(total, hostless.HostlessArray) and total.shape == ()
    assert isinstance(h.sum(), hostless.HostlessArray)
    assert float(total) == 10.0                        # an explicit scalar read is fine


def test_ufuncs_have_no_at(h):
    with pytest.raises(AttributeError, match="no ufunc.at"):
        hostless.module.add.at(h, [0], 1.0)


def test_like_makes_device_arrays(h):
    made = np.eye(2, like=h)
    assert isinstance(made, hostless.HostlessArray)
    np.testing.assert_array_equal(hostless.asnumpy(made), np.eye(2))


def test_binary_operators_give_way_to_tracers(h):
    import funcgrad as fg
    g = fg.grad(lambda y: fnp.sum(h * y))(hostless.asarray(np.ones((2, 2))))  # h * tracer
    np.testing.assert_array_equal(hostless.asnumpy(g), X)


def test_missing_hides_routines_and_installed_restores():
    with hostless.installed(missing={"linalg.eig"}) as b:
        assert "linalg.eig" in b.missing
        assert backend.for_device("cuda") is b
    with pytest.raises(RuntimeError, match="cannot use device 'cuda'"):
        backend.for_device("cuda")


def test_module_functions_refuse_host_arrays_as_cupy_does():
    x = hostless.asarray(np.ones(3))
    with pytest.raises(hostless.HostConversionError, match="copy it to the device"):
        hostless.module.stack([x, np.ones(3)])
    with pytest.raises(hostless.HostConversionError):
        hostless.module.sum(np.ones(3))
    assert isinstance(hostless.module.add(x, np.float64(2.0)), hostless.HostlessArray)
    assert isinstance(hostless.module.asarray(np.ones(3)), hostless.HostlessArray)
