"""Transforms of functions of device arrays give device arrays, equal to the CPU's results;
arrays of two devices in one operation are an error, never an implicit copy."""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.backend import DeviceMismatchError, device_of, to_device

pytestmark = pytest.mark.gpu

X = np.array([-0.7, 0.2, 0.9, 1.4])


def loss(x):
    return fnp.sum(fnp.tanh(x) ** 2 * fnp.sin(x))


def vector(x):
    return fnp.exp(x) * fnp.cos(x[::-1])


TRANSFORMS = {
    "grad": lambda x: fg.grad(loss)(x),
    "jacfwd": lambda x: fg.jacfwd(vector)(x),
    "jacrev": lambda x: fg.jacrev(vector)(x),
    "hessian": lambda x: fg.hessian(loss)(x),
    "vmap-grad": lambda x: fg.vmap(fg.grad(lambda r: fnp.sum(fnp.sin(r) * r)))(
        fnp.reshape(x, (2, 2))),
    "jvp": lambda x: fg.jvp(vector, (x,), (x * 0 + 1,))[1],
    "vjp": lambda x: fg.vjp(vector, x)[1](x * 0 + 1)[0],
}


@pytest.mark.parametrize("name", TRANSFORMS)
def test_transforms_of_device_arrays_return_device_arrays(gpu, name):
    transform = TRANSFORMS[name]
    out = transform(to_device(X, "cuda"))
    assert isinstance(out, gpu.array_type), type(out)
    assert device_of(out) == "cuda:0"
    np.testing.assert_allclose(gpu.to_host(out), transform(X), rtol=1e-10, atol=1e-12)


def test_a_host_array_in_a_device_operation_is_an_error_naming_both(gpu):
    with pytest.raises(DeviceMismatchError, match="cuda:0.*cpu|cpu.*cuda:0"):
        fnp.add(to_device(X, "cuda"), X)
    with pytest.raises(DeviceMismatchError):
        fg.grad(lambda x: fnp.sum(x * X))(to_device(X, "cuda"))


def test_to_device_copies_both_ways(gpu):
    on_device = to_device(X, "cuda")
    assert isinstance(on_device, gpu.array_type)
    back = to_device(on_device, "cpu")
    assert isinstance(back, np.ndarray) and np.array_equal(back, X)
