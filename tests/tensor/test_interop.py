"""Zero-copy interop of the Tensor facade: DLPack both ways (torch, numpy, device arrays),
the CUDA array interface, and `__array_namespace__`.

"Shares memory" is checked by writing through one side and reading through the other.
"""
import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from tests.backend import hostless

torch = pytest.importorskip("torch")


def test_torch_reads_and_writes_a_funcgrad_tensor_in_place():
    x = fg.tensor([1.0, 2.0, 3.0])
    t = torch.from_dlpack(x)
    assert t.dtype == torch.float32 and t.tolist() == [1.0, 2.0, 3.0]
    t[0] = 10.0                       # torch writes, funcgrad sees it
    assert x.tolist() == [10.0, 2.0, 3.0]
    x.add_(1)                         # funcgrad writes, torch sees it
    assert t.tolist() == [11.0, 3.0, 4.0]


def test_funcgrad_reads_and_writes_a_torch_tensor_in_place():
    t = torch.arange(6, dtype=torch.float64).reshape(2, 3)
    x = fg.from_dlpack(t)
    assert x.dtype == fg.float64 and x.shape == fg.Size([2, 3])
    assert not x.requires_grad and x.is_leaf and x.device == fg.device("cpu")
    x[1, 2] = -1.0
    assert t[1, 2].item() == -1.0
    t.mul_(2)
    assert x.tolist() == [[0.0, 2.0, 4.0], [6.0, 8.0, -2.0]]


def test_round_trip_with_torch_keeps_the_address():
    x = fg.arange(4, dtype=fg.int32)
    back = fg.from_dlpack(torch.from_dlpack(x))
    assert back.data_ptr() == x.data_ptr()
    assert torch.from_dlpack(x).data_ptr() == x.data_ptr()


def test_strided_views_cross_without_copies():
    base = fg.arange(12.0).reshape(3, 4)
    view = base.t()[1:]
    t = torch.from_dlpack(view)
    assert t.shape == (3, 3) and t.stride() == view.stride()
    t.zero_()
    assert base[:, 1:].sum().item() == 0.0 and base[:, 0].tolist() == [0.0, 4.0, 8.0]


def test_numpy_arrays_and_dlpack_of_numpy():
    a = np.arange(3.0)
    x = fg.from_dlpack(a)
    x[0] = 7.0
    assert a[0] == 7.0
    y = np.from_dlpack(fg.tensor([1, 2, 3]))
    assert y.dtype == np.int64 and y.tolist() == [1, 2, 3]


def test_tensors_requiring_grad_are_not_exported_as_torch():
    x = fg.ones(2, requires_grad=True)
    with pytest.raises(BufferError) as ours:
        x.__dlpack__()
    with pytest.raises(BufferError) as theirs:
        torch.ones(2, requires_grad=True).__dlpack__()
    assert str(ours.value) == str(theirs.value)
    torch.from_dlpack(x.detach())       # detach() is the fix the message names


def test_cpu_dlpack_device_and_stream_as_torch():
    x = fg.ones(2)
    assert x.__dlpack_device__() == tuple(int(v) for v in torch.ones(2).__dlpack_device__())
    with pytest.raises(BufferError, match="stream"):
        x.__dlpack__(stream=1)


def test_from_dlpack_refuses_non_producers():
    with pytest.raises(TypeError, match="__dlpack__"):
        fg.from_dlpack([1.0, 2.0])


def test_from_dlpack_of_a_tensor_shares_it():
    x = fg.ones(2, requires_grad=True)
    y = fg.from_dlpack(x)
    assert not y.requires_grad and y.data_ptr() == x.data_ptr()


class _Producer:
    """A DLPack producer that is nothing but the protocol (as a foreign library's array)."""

    def __init__(self, array, device):
        self._array, self._device = array, device

    def __dlpack__(self, **kwargs):
        return self._array.__dlpack__(**kwargs)

    def __dlpack_device__(self):
        return self._device


def test_from_dlpack_reads_the_producer_device():
    a = np.arange(3.0)
    assert fg.from_dlpack(_Producer(a, (1, 0))).device == fg.device("cpu")
    with pytest.raises(AssertionError, match="funcgrad.cuda.is_available"):
        fg.from_dlpack(_Producer(a, (2, 0)))       # CUDA memory, no CUDA backend here
    with pytest.raises(BufferError, match="DLPack device type 8"):
        fg.from_dlpack(_Producer(a, (8, 0)))


def test_cuda_tensors_speak_dlpack_and_the_cuda_array_interface(hostless_cuda):
    x = fg.tensor([1.0, 2.0, 3.0], device="cuda")
    assert x.__dlpack_device__() == (2, 0)           # kDLCUDA, device 0
    y = fg.from_dlpack(x._data)                      # a device array: shared, not copied
    assert y.device == fg.device("cuda:0") and y.data_ptr() == x.data_ptr()
    face = x.__cuda_array_interface__
    assert face == {"typestr": "<f4", "shape": (3,), "strides": None,
                    "data": (x.data_ptr(), False), "version": 2}
    view = fg.arange(6.0, device="cuda").reshape(2, 3).t()
    assert view.__cuda_array_interface__["strides"] == (4, 12)
    with pytest.raises(RuntimeError, match="requires grad"):
        x.requires_grad_().__cuda_array_interface__


def test_from_dlpack_of_a_device_producer_asks_the_cuda_backend(hostless_cuda, monkeypatch):
    seen = []

    def device_from_dlpack(obj):
        seen.append(obj.__dlpack_device__())
        return hostless.asarray(np.from_dlpack(_Producer(obj._array, (1, 0))))
    monkeypatch.setattr(hostless.module, "from_dlpack", device_from_dlpack, raising=False)
    x = fg.from_dlpack(_Producer(np.arange(2.0), (2, 0)))
    assert seen == [(2, 0)] and x.device == fg.device("cuda:0")


def test_array_namespace_is_funcgrad_numpy_and_records():
    x = fg.tensor([0.5, 1.5], requires_grad=True)
    xp = x.__array_namespace__()
    assert xp is fnp
    y = xp.sum(xp.sin(x) * x)
    assert isinstance(y, fg.Tensor)
    y.backward()
    tx = torch.tensor([0.5, 1.5], requires_grad=True)
    (torch.sin(tx) * tx).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), tx.grad.numpy(), rtol=1e-6)


def test_utils_dlpack_capsules_cross_to_torch_and_back():
    x = fg.arange(3.0)
    t = torch.utils.dlpack.from_dlpack(fg.utils.dlpack.to_dlpack(x))
    t[0] = 5.0
    assert x.tolist() == [5.0, 1.0, 2.0]
    y = fg.utils.dlpack.from_dlpack(t)
    assert y.data_ptr() == x.data_ptr()
    with pytest.raises(BufferError, match="tensor.detach()"):
        fg.utils.dlpack.to_dlpack(fg.ones(1, requires_grad=True))
