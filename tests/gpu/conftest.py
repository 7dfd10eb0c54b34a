"""GPU tests: they run where cupy imports and sees a CUDA device, and skip (never fail) elsewhere.

On a machine with an NVIDIA GPU: `pip install -e ".[test,gpu]"` (the gpu extra is
cupy-cuda12x; install cupy-cuda11x instead for CUDA 11), then
`python -m pytest -q tests/gpu`. Every test takes the `gpu` fixture, which skips the
test with the reason when cupy is missing or sees no device.

`FUNCGRAD_GPU_STANDIN=hostless python -m pytest -q tests/gpu` runs the same tests on
the hostless stand-in (tests/backend/hostless.py) instead, which checks the tests
themselves on a machine without a GPU.
"""
import os
from dataclasses import dataclass

import pytest

INSTALL = 'pip install -e ".[test,gpu]" on a machine with an NVIDIA GPU'


@dataclass(frozen=True)
class Gpu:
    """What the tests need to know about the device's array library."""
    xp: object              # the array module (cupy)
    array_type: type        # its array type
    to_host: object         # array -> numpy.ndarray, an explicit copy
    to_device: object       # numpy.ndarray -> array, an explicit copy


def _cupy():
    cupy = pytest.importorskip("cupy", reason=f"cupy is not installed ({INSTALL})")
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as exc:        # no driver, no runtime: cupy raises its own errors
        pytest.skip(f"cupy sees no CUDA device ({type(exc).__name__}: {exc})")
    if count < 1:
        pytest.skip("cupy sees no CUDA device")
    return Gpu(cupy, cupy.ndarray, cupy.asnumpy, cupy.asarray)


@pytest.fixture
def gpu():
    """The CUDA device's array library; skips the test when there is none."""
    if os.environ.get("FUNCGRAD_GPU_STANDIN") == "hostless":
        from tests.backend import hostless
        with hostless.installed():
            yield Gpu(hostless.module, hostless.HostlessArray, hostless.asnumpy, hostless.asarray)
        return
    yield _cupy()
