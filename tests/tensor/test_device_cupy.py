"""The Tensor facade on a real GPU (cupy): the device tests' ops, a training step, DLPack.

Skipped, never failed, without cupy and a visible CUDA device (the `gpu` marker). The
same paths run on every machine through the hostless stand-in (test_device.py); this
file checks that nothing there relied on the stand-in being numpy underneath.
`FUNCGRAD_GPU_STANDIN=hostless` runs the first tests here on the stand-in, as for
tests/gpu.
"""
import os

import numpy as np
import pytest

import funcgrad as fg
from tests.tensor.test_device import OPS, _run

pytestmark = pytest.mark.gpu

STANDIN = os.environ.get("FUNCGRAD_GPU_STANDIN") == "hostless"


@pytest.fixture
def gpu_array():
    """The device's array type (cupy.ndarray); skips without cupy and a CUDA device."""
    if STANDIN:
        from tests.backend import hostless
        with hostless.installed():
            yield hostless.HostlessArray
        return
    cupy = pytest.importorskip("cupy", reason="cupy is not installed")
    if not fg.cuda.is_available():
        pytest.skip("cupy sees no CUDA device")
    yield cupy.ndarray


@pytest.fixture
def cupy(gpu_array):
    if STANDIN:
        pytest.skip("needs cupy itself")
    import cupy
    return cupy


def on_gpu(t, array_type):
    return isinstance(t._data, array_type) and t.device == fg.device("cuda:0")


@pytest.mark.parametrize("expr", OPS)
def test_op_on_the_gpu_matches_cpu(gpu_array, expr):
    y_cpu, g_cpu = _run(expr, "cpu")
    y_gpu, g_gpu = _run(expr, "cuda")
    if isinstance(y_cpu, fg.Tensor):
        assert on_gpu(y_gpu, gpu_array) and y_gpu.dtype == y_cpu.dtype
        np.testing.assert_allclose(y_gpu.detach().cpu().numpy(), y_cpu.detach().numpy(),
                                   rtol=1e-5, atol=1e-6)
    else:
        assert y_gpu == y_cpu
    if g_cpu is not None:
        assert on_gpu(g_gpu, gpu_array)
        np.testing.assert_allclose(g_gpu.cpu().numpy(), g_cpu.numpy(), rtol=1e-5, atol=1e-6)


def test_training_step_on_the_gpu(gpu_array):
    fg.manual_seed(0)
    net = fg.nn.Linear(3, 1).cuda()
    x, y = fg.randn(16, 3, device="cuda"), fg.randn(16, 1, device="cuda")
    losses = []
    for _ in range(20):
        net.zero_grad()
        loss = fg.nn.functional.mse_loss(net(x), y)
        loss.backward()
        with fg.no_grad():
            for p in net.parameters():
                p -= 0.1 * p.grad
        losses.append(loss.item())
    assert losses[-1] < losses[0] and on_gpu(net.weight.grad, gpu_array)


def test_cupy_arrays_cross_without_copies(cupy):
    a = cupy.arange(4, dtype=cupy.float32)
    x = fg.from_dlpack(a)
    x[0] = 9.0
    assert float(a[0]) == 9.0 and x.__dlpack_device__() == (2, 0)
    face = x.__cuda_array_interface__
    assert face["data"][0] == a.data.ptr and x.data_ptr() == a.data.ptr
    b = cupy.from_dlpack(x)
    b[1] = 7.0
    assert x[1].item() == 7.0


def test_torch_cuda_round_trip_shares_memory(cupy):
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("torch without CUDA")
    t = torch.arange(4.0, device="cuda")
    x = fg.from_dlpack(t)
    x[0] = 5.0
    assert t[0].item() == 5.0 and torch.from_dlpack(x).data_ptr() == t.data_ptr()
