"""numpy interop and the functional transforms' view of Tensors.

* `np.sin(t)`, `np.sum(t)`... run funcgrad.numpy's version on the Tensor, so the
  result is a Tensor and is recorded (`__array_ufunc__`, `__array_function__`).
* `fg.grad(f)(t)`: the transform sees `t`'s array (`boundary["to_primal"]`), and `f`
  receives a Tensor wrapping the transform's tracer (`boundary["wrap_input"]`), so
  Tensor code inside `f` is traced.
* Zero-copy exchange with other array libraries: `from_dlpack`, `Tensor.__dlpack__` /
  `__dlpack_device__` (DLPack), `Tensor.__cuda_array_interface__` on CUDA tensors.
  `Tensor.__array_namespace__()` is `funcgrad.numpy`: its functions take Tensors and
  give recorded Tensors, so array-API code written against `xp` runs on Tensors.
"""
import warnings

import numpy as np

from funcgrad import numpy as fnp
from funcgrad.transforms import api

from funcgrad import backend as fb
from funcgrad.primitive import Boxed

from . import _devices
from ._core import Tensor, make

__all__ = ["install", "from_dlpack"]

_DL_CPU, _DL_CUDA, _DL_CUDA_HOST, _DL_CUDA_MANAGED = 1, 2, 3, 13


def _array_ufunc(self, ufunc, method, *inputs, **kwargs):
    if method != "__call__" or kwargs.get("out") is not None:
        lowered = [i.numpy() if isinstance(i, Tensor) else i for i in inputs]
        return getattr(ufunc, method)(*lowered, **kwargs)
    fn = getattr(fnp, ufunc.__name__, None)
    if fn is None:
        lowered = [i.numpy() if isinstance(i, Tensor) else i for i in inputs]
        return make(np.asarray(ufunc(*lowered, **kwargs)))
    return fn(*inputs, **kwargs)


def _array_function(self, func, types, args, kwargs):
    fn = fnp.numpy_equivalent(func)
    if fn is None:
        return NotImplemented
    return fn(*args, **kwargs)


def _to_primal(x):
    return x._data if isinstance(x, Tensor) else x


def _wrap_input(tracer, original):
    if isinstance(original, Tensor):
        return make(tracer, False, None)
    return tracer


def _volatile(self):
    """Always False: ``volatile`` was removed in PyTorch (reading it warns)."""
    warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning,
                  stacklevel=2)
    return False


# ---- DLPack and the CUDA array interface -----------------------------------------------


def from_dlpack(ext_tensor):
    """A Tensor sharing memory with `ext_tensor`, any object with `__dlpack__`.

    Parameters
    ----------
    ext_tensor : object
        A torch tensor, numpy or cupy array, funcgrad Tensor... on the CPU or a CUDA
        device (then the cupy backend must be usable).

    Returns
    -------
    Tensor
        A leaf not requiring grad, on the producer's device; writes through either
        side are seen by the other.

    Raises
    ------
    BufferError
        When the producer's device is one funcgrad cannot hold (the message names it).
    """
    if isinstance(ext_tensor, Tensor):
        return make(ext_tensor._data, False, None)
    if fb.is_array(ext_tensor) and not isinstance(ext_tensor, (np.ndarray, np.generic)):
        return make(ext_tensor, False, None)       # already a device array funcgrad holds
    if not hasattr(ext_tensor, "__dlpack__"):
        raise TypeError(f"from_dlpack expects an object with __dlpack__ (a DLPack producer), "
                        f"got {type(ext_tensor).__name__}")
    kind, index = ext_tensor.__dlpack_device__()
    if kind == _DL_CPU or kind == _DL_CUDA_HOST:
        return make(np.from_dlpack(ext_tensor), False, None)
    if kind in (_DL_CUDA, _DL_CUDA_MANAGED):
        xp = _devices.module_for(_devices.normalize(f"cuda:{int(index)}"))
        return make(xp.from_dlpack(ext_tensor), False, None)
    raise BufferError(f"from_dlpack: the producer's data is on DLPack device type {int(kind)}; "
                      f"funcgrad holds CPU (1) and CUDA (2) memory only. Copy it to the CPU "
                      f"with the producer's library first.")


def _exportable(self, what):
    if self._requires_grad:
        raise BufferError("Can't export tensors that require gradient, use tensor.detach()")
    if isinstance(self._data, Boxed):
        raise BufferError(f"Can't export a traced tensor ({what}) inside a funcgrad transform")
    return self._data


def _dlpack(self, *, stream=None, max_version=None, dl_device=None, copy=None):
    """Export the data as a DLPack capsule (no copy); refuses tensors requiring grad."""
    data = _exportable(self, "__dlpack__")
    if type(data) is np.ndarray and stream is not None and stream != -1:
        raise BufferError("stream should be None on cpu.")
    options = {"stream": stream, "max_version": max_version, "dl_device": dl_device,
               "copy": copy}
    return data.__dlpack__(**{k: v for k, v in options.items() if v is not None})


def _dlpack_device(self):
    """(DLPack device type, index): (1, 0) on the CPU, (2, index) on a CUDA device."""
    data = _devices.array_of(self._data)
    kind, index = data.__dlpack_device__()
    return int(kind), int(index)


def _cuda_array_interface(self):
    """The CUDA array interface (version 2) of a CUDA tensor's memory."""
    if not self.is_cuda:
        raise AttributeError(
            f"Can't get __cuda_array_interface__ on non-CUDA tensor type: {self.type()} If "
            f"CUDA data is required use tensor.cuda() to copy tensor to device memory.")
    if self._requires_grad:
        raise RuntimeError(
            "Can't get __cuda_array_interface__ on Variable that requires grad. If gradients "
            "aren't required, use var.detach() to get Variable that doesn't require grad.")
    data = _devices.array_of(self._data)
    native = getattr(type(data), "__cuda_array_interface__", None)
    if native is not None:
        return data.__cuda_array_interface__
    itemsize = data.dtype.itemsize
    strides = None if self.is_contiguous() else tuple(s * itemsize for s in self.stride())
    pointer = self.data_ptr() if data.size else 0
    return {"typestr": data.dtype.str, "shape": tuple(data.shape), "strides": strides,
            "data": (pointer, False), "version": 2}


def _array_namespace(self, api_version=None):
    """funcgrad.numpy: array-API code given Tensors calls it and gets recorded Tensors."""
    return fnp


def install():
    """Give Tensor the interop protocols (DLPack, numpy, array API) and the transforms' hooks."""
    Tensor.__dlpack__ = _dlpack
    Tensor.__dlpack_device__ = _dlpack_device
    Tensor.__cuda_array_interface__ = property(_cuda_array_interface)
    Tensor.__array_namespace__ = _array_namespace
    Tensor.__array_ufunc__ = _array_ufunc
    Tensor.__array_function__ = _array_function
    Tensor.volatile = property(_volatile)
    api.boundary["to_primal"] = _to_primal
    api.boundary["wrap_input"] = _wrap_input
