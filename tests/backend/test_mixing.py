"""The mixing rule: one op never combines arrays of two devices, constants join any device.

A hostless array (device "cuda:0") and a numpy array of rank ≥ 1 in one funcgrad op is a
`DeviceMismatchError` naming both arguments' positions and devices and the fix; Python
numbers, numpy scalars and 0-d numpy arrays are constants and are promoted. A failed op
leaves no trace active, and explicit copies (`to_device`) are how data moves.
"""
import dataclasses

import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad import backend
from funcgrad.backend import DeviceMismatchError
from funcgrad.tracing import active_traces
from tests.backend import hostless

X = np.array([1.0, -2.0, 3.0])


@pytest.fixture
def h(hostless_cuda):
    return hostless.asarray(X)


@pytest.mark.parametrize("op", [fnp.add, fnp.multiply, fnp.maximum, fnp.arctan2])
def test_device_then_host_names_both_positions_and_devices(op, h):
    with pytest.raises(DeviceMismatchError) as info:
        op(h, np.ones(3))
    message = str(info.value)
    assert "arguments 0 and 1" in message
    assert "argument 0 is a tests.backend.hostless.HostlessArray on cuda:0" in message
    assert "argument 1 is a numpy.ndarray on cpu" in message
    assert "funcgrad.backend.to_device(x, device)" in message


def test_host_then_device_names_the_device_argument_first(h):
    with pytest.raises(DeviceMismatchError, match=r"arguments 1 and 0 .* argument 1 is .*on "
                                                 r"cuda:0, argument 0 is a numpy.ndarray on cpu"):
        fnp.matmul(np.eye(3), h)


def test_a_host_condition_is_refused_too(h):
    with pytest.raises(DeviceMismatchError, match="argument 1 is .*cuda:0.*argument 0 is a "
                                                  "numpy.ndarray on cpu"):
        fnp.where(np.array([True, False, True]), h, 0.0)


def test_mixing_is_a_type_error_for_code_that_catches_those(h):
    assert issubclass(DeviceMismatchError, TypeError)


@pytest.mark.parametrize("constant", [2.0, 3, np.float32(2.0), np.float64(0.5), np.array(1.5),
                                      True, 1 + 0j])
def test_scalars_and_0d_numpy_values_are_promoted(constant, h):
    out = fnp.multiply(h, constant)
    assert isinstance(out, hostless.HostlessArray)
    np.testing.assert_array_equal(hostless.asnumpy(out), np.multiply(X, constant))
    out = fnp.add(constant, h)
    assert isinstance(out, hostless.HostlessArray)
    np.testing.assert_array_equal(hostless.asnumpy(out), np.add(constant, X))


def test_constants_are_promoted_inside_transforms(h):
    g = fg.grad(lambda x: fnp.sum(x * np.float32(2.0) + np.array(1.0)))(h)
    assert isinstance(g, hostless.HostlessArray)
    np.testing.assert_array_equal(hostless.asnumpy(g), [2.0, 2.0, 2.0])


@pytest.mark.parametrize("transform", [
    lambda f, x: fg.grad(f)(x),
    lambda f, x: fg.jvp(f, (x,), (x,)),
    lambda f, x: fg.vjp(f, x),
    lambda f, x: fg.jacfwd(f)(x),
    lambda f, x: fg.hessian(f)(x),
    lambda f, x: fg.vmap(fg.grad(f))(fnp.stack([x, x])),
], ids=["grad", "jvp", "vjp", "jacfwd", "hessian", "vmap-grad"])
def test_a_failed_op_inside_a_transform_leaves_no_trace_active(transform, h):
    def f(x):
        return fnp.sum(x * np.ones(3))     # a host array captured by the function
    with pytest.raises(DeviceMismatchError, match="cuda:0.*numpy.ndarray on cpu"):
        transform(f, h)
    assert active_traces() == []
    assert isinstance(fg.grad(lambda x: fnp.sum(x * x))(h), hostless.HostlessArray)


def test_explicit_copies_move_data_both_ways(h):
    host = backend.to_device(h, "cpu")
    assert type(host) is np.ndarray
    np.testing.assert_array_equal(host, X)
    back = backend.to_device(host, "cuda")
    assert isinstance(back, hostless.HostlessArray)
    assert backend.to_device(back, "cuda:0") is back            # already there: no copy
    np.testing.assert_array_equal(backend.to_host(back), X)
    assert backend.device_of(back) == "cuda:0" and backend.device_of(host) == "cpu"


def test_like_copies_host_constants_next_to_a_reference(h):
    placed = backend.like(np.arange(3.0), h)
    assert isinstance(placed, hostless.HostlessArray)
    assert backend.like(h, h) is h
    plain = np.arange(3.0)
    assert backend.like(plain, X) is plain


def test_after_copying_the_op_runs_on_the_device(h):
    out = fnp.add(h, backend.to_device(np.ones(3), "cuda"))
    assert isinstance(out, hostless.HostlessArray)
    np.testing.assert_array_equal(hostless.asnumpy(out), X + 1.0)


def test_host_values_reaching_numpy_functions_are_refused_by_the_test_backend(h):
    # the hostless array itself refuses every implicit conversion, which is what makes
    # the neutrality tests meaningful
    for convert in (np.asarray, np.sum, lambda a: np.add(a, 1.0), lambda a: X + a):
        with pytest.raises((hostless.HostConversionError, TypeError)):
            convert(h)


class _OnSecondDevice(hostless.HostlessArray):
    """A hostless array that says it lives on device 1."""
    __slots__ = ()


def test_arrays_on_two_gpus_are_a_mismatch():
    two_gpus = dataclasses.replace(
        hostless.BACKEND, array_types=(hostless.HostlessArray, _OnSecondDevice),
        device_index=lambda a: 1 if type(a) is _OnSecondDevice else 0)
    backend.register(two_gpus)
    try:
        a0, a1 = hostless.asarray(X), _OnSecondDevice(X.copy())
        assert (backend.device_of(a0), backend.device_of(a1)) == ("cuda:0", "cuda:1")
        with pytest.raises(DeviceMismatchError, match="argument 0 is .* on cuda:0, argument 1 "
                                                      "is .* on cuda:1"):
            fnp.add(a0, a1)
        assert isinstance(fnp.add(a1, a1), hostless.HostlessArray)
    finally:
        backend.unregister(two_gpus)


def test_a_host_tangent_or_cotangent_for_device_values_is_named(h):
    with pytest.raises(DeviceMismatchError, match=r"jvp: tangent 0 is on cpu but its primal "
                                                  r"is on cuda:0.*to_device\(x, 'cuda:0'\)"):
        fg.jvp(fnp.sin, (h,), (np.ones(3),))
    _, pullback = fg.vjp(fnp.sin, h)
    with pytest.raises(DeviceMismatchError, match="vjp: cotangent 0 is on cpu but output 0 "
                                                  "is on cuda:0"):
        pullback(np.ones(3))
    assert active_traces() == []
    _, t = fg.jvp(fnp.sin, (h,), (backend.to_device(np.ones(3), "cuda"),))
    assert isinstance(t, hostless.HostlessArray)
