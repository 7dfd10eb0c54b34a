"""The small backend helpers the engine builds on: unwrapping, module lookup, copies."""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad import backend
from funcgrad.primitive import array_module_of, concrete
from tests.backend import hostless

X = np.array([1.0, 2.0, 3.0])


def test_concrete_looks_through_tracers_and_tensors(hostless_cuda):
    h = hostless.asarray(X)
    seen = []
    fg.grad(lambda x: (seen.append(concrete(x)), fnp.sum(x))[1])(h)
    assert seen[0] is h
    inner = []
    fg.grad(lambda x: fnp.sum(fg.grad(lambda y: (inner.append(concrete(y)), fnp.sum(y * x))[1])(x)))(h)
    assert isinstance(inner[0], hostless.HostlessArray)
    assert concrete(fg.tensor([1.0, 2.0]))[1] == 2.0
    assert concrete(X) is X


def test_concrete_reads_a_jit_tracer_without_concretizing():
    seen = []
    fg.jit(lambda x: (seen.append(type(concrete(x))), x * 2.0)[1])(X)
    assert seen == [np.ndarray]


def test_array_module_of_finds_the_device_module_under_tracers(hostless_cuda):
    h = hostless.asarray(X)
    modules = []
    fg.jvp(lambda x: (modules.append(array_module_of(x, 2.0)), x)[1], (h,), (h,))
    assert modules == [hostless.module]
    assert array_module_of(X, 1.0) is np
    assert array_module_of() is np


def test_host_values_resolve_to_numpy():
    assert array_module_of(X) is np
    assert backend.backend_of((X, 1.0)) is backend.NUMPY


def test_shape_of_arrays_scalars_and_lists(hostless_cuda):
    assert backend.shape_of(hostless.asarray(np.zeros((2, 3)))) == (2, 3)
    assert backend.shape_of(2.0) == ()
    assert backend.shape_of([[1, 2], [3, 4]]) == (2, 2)


def test_to_host_copies_device_arrays_and_passes_host_values(hostless_cuda):
    assert backend.to_host(X) is X
    host = backend.to_host(hostless.asarray(X))
    assert type(host) is np.ndarray and np.array_equal(host, X)
    assert backend.to_host(2.5).shape == ()


def test_for_module_maps_an_impls_xp_back_to_its_backend(hostless_cuda):
    assert backend.for_module(np) is backend.NUMPY
    assert backend.for_module(hostless.module) is hostless_cuda
    with pytest.raises(LookupError):
        backend.for_module(pytest)
