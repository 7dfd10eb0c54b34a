"""Routines a device library lacks, and the per-backend kernels.

cupy mirrors most of numpy, but not all of it (cupy.linalg.eig only from CuPy 14;
cupyx.scipy has no sqrtm, iv or ive). funcgrad looks each such routine up through the
backend (`funcgrad.backend.routine`) when an op runs; where the library lacks it, the op
raises NotImplementedError naming the funcgrad function, the missing routine and the
way out (move the inputs to the CPU). The hostless backend's `missing=` set simulates a
library without a routine, so that path runs here. Scatter-add, which numpy and cupy
spell differently, goes through the backend record.
"""
import dataclasses

import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
import funcgrad.scipy.linalg as fsla
import funcgrad.scipy.special as fsp
from funcgrad import backend
from funcgrad.tracing import active_traces
from tests.backend import hostless

A = np.array([[2.0, 1.0, 0.0], [0.5, 3.0, 0.2], [0.1, 0.0, 4.0]])

CASES = {
    "linalg.eig": ("funcgrad.numpy.linalg.eig", lambda a: fnp.linalg.eig(a)[0]),
    "linalg.svd": ("funcgrad.numpy.linalg.svd", lambda a: fnp.linalg.svd(a)[1]),
    "scipy.linalg.sqrtm": ("funcgrad.scipy.linalg.sqrtm", lambda a: fsla.sqrtm(a)),
    "scipy.special.iv": ("funcgrad.scipy.special.iv", lambda a: fsp.iv(0.5, a + 1.0)),
    "scipy.special.ive": ("funcgrad.scipy.special.ive", lambda a: fsp.ive(1.5, a + 1.0)),
}


@pytest.mark.parametrize("routine", sorted(CASES))
def test_a_missing_routine_names_the_function_the_routine_and_the_fix(routine):
    caller, fn = CASES[routine]
    with hostless.installed(missing={routine}):
        a = hostless.asarray(A)
        for run in (fn, lambda a: fg.grad(lambda a: fnp.sum(fnp.real(fn(a))))(a)):
            with pytest.raises(NotImplementedError) as info:
                run(a)
            message = str(info.value)
            assert caller in message and routine in message
            assert "device 'cuda'" in message
            assert "funcgrad.backend.to_device(x, 'cpu')" in message and "Tensor.cpu()" in message
            assert active_traces() == []


@pytest.mark.parametrize("routine", sorted(CASES))
def test_the_stated_fix_works(routine):
    _, fn = CASES[routine]
    with hostless.installed(missing={routine}):
        a = hostless.asarray(A)
        on_cpu = fn(backend.to_device(a, "cpu"))
        back = backend.to_device(on_cpu, "cuda")
        assert isinstance(back, hostless.HostlessArray)
        np.testing.assert_allclose(hostless.asnumpy(back), fn(A))


@pytest.mark.parametrize("routine", sorted(CASES))
def test_with_the_routine_present_the_op_runs_on_the_device(routine, hostless_cuda):
    _, fn = CASES[routine]
    out = fn(hostless.asarray(A))
    assert isinstance(out, hostless.HostlessArray)
    np.testing.assert_allclose(hostless.asnumpy(out), fn(A), rtol=1e-12)


def test_numpy_never_meets_the_missing_set():
    with hostless.installed(missing=set(CASES)):
        np.testing.assert_allclose(fsla.sqrtm(A) @ fsla.sqrtm(A), A, atol=1e-12)


def test_routine_reports_an_unknown_module():
    with pytest.raises(LookupError, match="no funcgrad backend"):
        backend.routine(object(), "linalg.eig", "f")


def test_routine_lookups_are_forgotten_when_a_backend_goes():
    with hostless.installed(missing={"linalg.svd"}):
        with pytest.raises(NotImplementedError):
            fnp.linalg.svd(hostless.asarray(A))
    with hostless.installed():
        s = fnp.linalg.svd(hostless.asarray(A))[1]
        assert isinstance(s, hostless.HostlessArray)


def test_scatter_add_goes_through_the_backend_record():
    calls = []

    def counting_scatter_add(out, index, values):
        calls.append(index)
        hostless.BACKEND.scatter_add(out, index, values)

    counting = dataclasses.replace(hostless.BACKEND, scatter_add=counting_scatter_add)
    backend.register(counting)
    try:
        x = hostless.asarray(np.array([1.0, 2.0, 3.0]))
        idx = np.array([0, 2, 0, 0])               # an index may be a host array
        weights = hostless.asarray(np.array([1.0, 2.0, 3.0, 4.0]))
        g = fg.grad(lambda x: fnp.sum(x[idx] * weights))(x)
    finally:
        backend.unregister(counting)
    assert calls, "the gradient of x[idx] did not use the backend's scatter-add"
    assert isinstance(g, hostless.HostlessArray)
    np.testing.assert_array_equal(hostless.asnumpy(g), [8.0, 0.0, 2.0])  # repeats accumulate


def test_scatter_add_into_accumulates_repeats_on_each_backend(hostless_cuda):
    for make in (np.zeros, lambda n: hostless.asarray(np.zeros(n))):
        out = make(3)
        backend.scatter_add_into(out, (np.array([1, 1, 2]),), make(3) + 1.0)
        np.testing.assert_array_equal(backend.to_host(out), [0.0, 2.0, 1.0])


# what cupy 13 lacks among the routines funcgrad's primitives call (docs/gpu.md's table)
CUPY_13_LACKS = {"linalg.eig": "cupy.linalg.eig", "scipy.linalg.sqrtm": "cupyx.scipy.linalg.sqrtm",
                 "scipy.special.iv": "cupyx.scipy.special.iv",
                 "scipy.special.ive": "`ive`"}


def test_the_gpu_page_lists_what_cupy_lacks():
    import pathlib
    page = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "gpu.md").read_text()
    for routine, name in CUPY_13_LACKS.items():
        assert name in page, f"docs/gpu.md does not list {name}"
        assert routine in CASES


def test_a_cupy_13_stand_in_refuses_each_and_runs_the_rest():
    with hostless.installed(missing=set(CUPY_13_LACKS)):
        a = hostless.asarray(A)
        for routine in CUPY_13_LACKS:
            with pytest.raises(NotImplementedError, match=routine.replace(".", r"\.")):
                CASES[routine][1](a)
        assert isinstance(fnp.linalg.eigh(a + a.T)[0], hostless.HostlessArray)
