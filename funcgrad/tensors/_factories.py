"""Making tensors: `tensor`, `zeros`/`ones`/`full`/`empty`, ranges, random tensors, `*_like`.

dtype inference follows PyTorch: Python floats take the default dtype (float32),
ints int64, bools bool, complex the default complex dtype; numpy arrays and numpy
scalars keep their dtype. Random tensors come from funcgrad's own numpy Generator,
seeded by `manual_seed` (the numbers differ from PyTorch's).
"""
import builtins
import warnings

import numpy as np

from funcgrad import _dtypes
from funcgrad._dtypes import as_dtype, from_numpy_dtype, promote_types
from funcgrad.autograd.grad_mode import state

from . import _devices
from ._core import Tensor, make

__all__ = ["tensor", "as_tensor", "from_numpy", "zeros", "ones", "full", "empty", "eye",
           "arange", "linspace", "rand", "randn", "randint", "randperm", "zeros_like",
           "ones_like", "full_like", "empty_like", "rand_like", "randn_like", "randint_like",
           "manual_seed", "seed", "initial_seed", "Generator", "legacy_new",
           "FloatTensor", "DoubleTensor", "LongTensor", "IntTensor", "BoolTensor",
           "HalfTensor", "ByteTensor", "logspace", "scalar_tensor"]

_REQUIRES_GRAD_DTYPE = "Only Tensors of floating point and complex dtype can require gradients"


def _finish(data, requires_grad, device=None):
    """A leaf around `data` (a numpy array, or an array already on a device), placed on
    `device` (None: where it is)."""
    if requires_grad and data.dtype.kind not in "fc":
        raise RuntimeError(_REQUIRES_GRAD_DTYPE)
    if device is not None or _devices._default[0] is not None:
        data = _devices.place(data, device)
    t = make(data, bool(requires_grad), None)
    if state.inference:
        t._extra = {"inference": True}
    return t


def _np_dtype(dtype):
    return None if dtype is None else as_dtype(dtype).np


# ---- tensor(data) ----------------------------------------------------------------


_INT64 = (-2 ** 63, 2 ** 63 - 1)


_scalar_warned = [False]   # PyTorch warns once per process


def warn_scalar_conversion(stacklevel):
    """float(t) or tensor([t]) for a t requiring grad: PyTorch's one-time warning."""
    if not _scalar_warned[0]:
        _scalar_warned[0] = True
        warnings.warn("Converting a tensor with requires_grad=True to a scalar may lead to "
                      "unexpected behavior.\nConsider using tensor.detach() first.",
                      UserWarning, stacklevel=stacklevel + 1)


def _scalar_kind(x, warned=None):
    """The dtype a scalar element contributes, or raise PyTorch's error."""
    if isinstance(x, Tensor):
        if x._requires_grad:
            warn_scalar_conversion(5)
        return from_numpy_dtype(x._data.dtype)
    if isinstance(x, np.generic):
        return from_numpy_dtype(x.dtype)
    if isinstance(x, builtins.bool):
        return _dtypes.bool_
    if isinstance(x, builtins.int):
        if not _INT64[0] <= x <= _INT64[1]:
            raise ValueError("Overflow when unpacking long long")
        return _dtypes.int64
    if isinstance(x, builtins.float):
        return _dtypes.default_float()
    if isinstance(x, builtins.complex):
        return _dtypes.default_complex()
    raise RuntimeError(f"Could not infer dtype of {type(x).__name__}")


def _scan(data):
    """(shape, dtype, plain nested data) of a nested sequence, checking it is not ragged."""
    shape = []
    dtype = None
    warned = [False]   # PyTorch warns once per call about tensors requiring grad

    def visit(obj, depth):
        nonlocal dtype
        if isinstance(obj, Tensor) and obj._data.ndim > 0:
            obj = _devices.to_host(obj._data).tolist()
        if isinstance(obj, np.ndarray) and obj.ndim > 0:
            obj = obj.tolist()
        if isinstance(obj, (list, tuple)):
            n = len(obj)
            if depth == len(shape):
                shape.append(n)
            elif shape[depth] != n:
                raise ValueError(f"expected sequence of length {shape[depth]} at dim {depth} "
                                 f"(got {n})")
            return [visit(o, depth + 1) for o in obj]
        if depth < len(shape):
            raise TypeError("not a sequence")
        if isinstance(obj, str):
            raise ValueError(f"too many dimensions '{type(obj).__name__}'")
        kind = _scalar_kind(obj, warned)
        dtype = kind if dtype is None else promote_types(dtype, kind)
        if isinstance(obj, Tensor):
            return obj._data.item()
        return obj

    try:
        plain = visit(data, 0)
    finally:
        visit = None   # breaks the visit <-> closure-cell cycle (no garbage per call)
    return tuple(shape), dtype, plain


def _from_data(data, dtype):
    """A fresh numpy array holding `data` with PyTorch's dtype rules."""
    if isinstance(data, np.ndarray):
        from_numpy_dtype(data.dtype)   # refuses unsupported dtypes
        return np.array(data, dtype=_np_dtype(dtype), copy=True)
    if isinstance(data, str):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    if isinstance(data, np.generic):
        return np.array(data, dtype=_np_dtype(dtype) or data.dtype)
    shape, inferred, plain = _scan(data)
    target = as_dtype(dtype) if dtype is not None else (inferred or _dtypes.default_float())
    with np.errstate(over="ignore", invalid="ignore"):
        if builtins.any(n == 0 for n in shape):
            return np.zeros(shape, dtype=target.np)
        return np.array(plain, dtype=target.np)


def tensor(data, dtype=None, device=None, requires_grad=False, pin_memory=False):
    if isinstance(data, Tensor):
        warnings.warn("To copy construct from a tensor, it is recommended to use "
                      "sourceTensor.detach().clone() or sourceTensor.detach().clone()"
                      ".requires_grad_(True), rather than torch.tensor(sourceTensor).",
                      UserWarning, stacklevel=2)
        xp = _devices.xp_of(data._data)
        arr = xp.array(data._data, dtype=_np_dtype(dtype), copy=True)
    else:
        arr = _from_data(data, dtype)
    return _finish(arr, requires_grad, device)


def scalar_tensor(s, dtype=None, device=None, requires_grad=False):
    target = as_dtype(dtype) if dtype is not None else _dtypes.default_float()
    return _finish(np.array(s, dtype=target.np), requires_grad, device)


def as_tensor(data, dtype=None, device=None):
    if isinstance(data, Tensor):
        return data.to(device=device, dtype=dtype)
    if isinstance(data, np.ndarray) and (dtype is None or as_dtype(dtype).np == data.dtype):
        t = from_numpy(data)
        return t if device is None else t.to(device)
    if _devices.xp_of(data) is not np and not isinstance(data, (list, tuple)):
        return _as_tensor_from_device_array(data, dtype, device)
    return tensor(data, dtype=dtype, device=device)


def _as_tensor_from_device_array(data, dtype, device):
    """as_tensor of a cupy (device) array: shares its memory when dtype and device match."""
    from funcgrad import backend as fb
    if not fb.is_array(data):
        return tensor(data, dtype=dtype, device=device)
    from_numpy_dtype(data.dtype)
    t = make(data, False, None)
    return t.to(device=device, dtype=dtype)


def from_numpy(array):
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    from_numpy_dtype(array.dtype)
    return _finish(array, False, "cpu")


# ---- shapes and fills --------------------------------------------------------------


def size_of(args):
    """zeros(2, 3), zeros((2, 3)), zeros([2, 3]) and zeros(Size([2, 3])) are all (2, 3)."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = args[0]
    return tuple(int(a) for a in args)


def _fill(shape, value, dtype, requires_grad, default, device=None):
    target = as_dtype(dtype) if dtype is not None else default
    where = _devices.normalize(device) if device is not None else _devices._default[0]
    if where is not None and where != "cpu":     # filled on the device: nothing to copy
        data = _devices.module_for(where).full(shape, value, dtype=target.np)
        return _finish(_devices.move(data, where), requires_grad, where)
    return _finish(np.full(shape, value, dtype=target.np), requires_grad, where)


def zeros(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    return _fill(size_of(size), 0, dtype, requires_grad, _dtypes.default_float(), device)


def ones(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    return _fill(size_of(size), 1, dtype, requires_grad, _dtypes.default_float(), device)


def empty(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None,
          memory_format=None):
    return _fill(size_of(size), 0, dtype, requires_grad, _dtypes.default_float(), device)


def full(size, fill_value, dtype=None, device=None, requires_grad=False, out=None, layout=None):
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    default = _scalar_kind(fill_value)
    return _fill(size_of((size,)), fill_value, dtype, requires_grad, default, device)


def eye(n, m=None, dtype=None, device=None, requires_grad=False, out=None):
    target = as_dtype(dtype) if dtype is not None else _dtypes.default_float()
    return _finish(np.eye(n, n if m is None else m, dtype=target.np), requires_grad, device)


def _number(x):
    return x.item() if isinstance(x, (Tensor, np.generic)) else x


def arange(start, end=None, step=1, dtype=None, device=None, requires_grad=False, out=None):
    start, end, step = _number(start), _number(end), _number(step)
    if end is None:
        start, end = 0, start
    if dtype is None:
        floating = builtins.any(isinstance(v, builtins.float) for v in (start, end, step))
        dtype = _dtypes.default_float() if floating else _dtypes.int64
    target = as_dtype(dtype)
    if step == 0:
        raise RuntimeError("step must be nonzero")
    count = builtins.max(0, int(np.ceil((end - start) / step)))
    values = start + np.arange(count, dtype=np.float64 if target.kind in "fc" else np.int64) * step
    return _finish(values.astype(target.np), requires_grad, device)


def linspace(start, end, steps, dtype=None, device=None, requires_grad=False, out=None):
    target = as_dtype(dtype) if dtype is not None else _dtypes.default_float()
    start, end = _number(start), _number(end)
    values = np.linspace(start, end, int(steps), dtype=np.float64)
    half = int(steps) // 2
    if steps > 1:   # PyTorch fills the second half backward from `end`
        step = (end - start) / (steps - 1)
        values[half:] = end - step * (steps - 1 - np.arange(half, steps))
    return _finish(values.astype(target.np), requires_grad, device)


def logspace(start, end, steps, base=10.0, dtype=None, device=None, requires_grad=False):
    exps = linspace(start, end, steps, dtype=_dtypes.float64)._data
    target = as_dtype(dtype) if dtype is not None else _dtypes.default_float()
    return _finish((base ** exps).astype(target.np), requires_grad, device)


# ---- random ------------------------------------------------------------------------


class Generator:

    def __init__(self, device="cpu"):
        self._seed = 67280421310721
        self.rng = np.random.default_rng(self._seed)

    def manual_seed(self, seed):
        self._seed = int(seed)
        self.rng = np.random.default_rng(self._seed & (2 ** 64 - 1))
        return self

    def initial_seed(self):
        return self._seed

    def seed(self):
        return self.manual_seed(np.random.SeedSequence().entropy % 2 ** 63)._seed

    def get_state(self):
        return self.rng.bit_generator.state

    def set_state(self, new_state):
        self.rng.bit_generator.state = new_state
        return self


default_generator = Generator()
cuda_generator = Generator("cuda")   # random tensors made for a CUDA device draw from it


def _rng(generator, device):
    """The numpy Generator a random factory draws from (CUDA devices have their own seed)."""
    if generator is not None:
        return generator.rng
    where = _devices.normalize(device) if device is not None else _devices._default[0]
    if where is not None and where != "cpu":
        return cuda_generator.rng
    return default_generator.rng


def manual_seed(seed):
    cuda_generator.manual_seed(seed)        # as torch.manual_seed: every device's stream
    return default_generator.manual_seed(seed)


def seed():
    chosen = default_generator.seed()
    cuda_generator.manual_seed(chosen)
    return chosen


def initial_seed():
    return default_generator.initial_seed()


_KERNEL_NAMES = {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char",
                 "uint8": "Byte", "bool": "Bool"}


def _random_float(size, dtype, requires_grad, kernel, draw, generator, device):
    target = as_dtype(dtype) if dtype is not None else _dtypes.default_float()
    if target.kind not in "fc":
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{_KERNEL_NAMES[target.name]}'")
    rng = _rng(generator, device)
    if target.is_complex:
        real = draw(rng, size) / np.sqrt(2) if kernel == "normal_kernel_cpu" else draw(rng, size)
        imag = draw(rng, size) / np.sqrt(2) if kernel == "normal_kernel_cpu" else draw(rng, size)
        values = real + 1j * imag
    else:
        values = draw(rng, size)
    return _finish(np.asarray(values).astype(target.np), requires_grad, device)


def rand(*size, dtype=None, device=None, requires_grad=False, generator=None, out=None):
    return _random_float(size_of(size), dtype, requires_grad, "check_uniform_bounds",
                         lambda rng, s: rng.random(s), generator, device)


def randn(*size, dtype=None, device=None, requires_grad=False, generator=None, out=None):
    return _random_float(size_of(size), dtype, requires_grad, "normal_kernel_cpu",
                         lambda rng, s: rng.standard_normal(s), generator, device)


def randint(low, high=None, size=None, dtype=None, device=None, requires_grad=False,
            generator=None):
    if size is None:
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    target = as_dtype(dtype) if dtype is not None else _dtypes.int64
    values = _rng(generator, device).integers(int(low), int(high), size=size_of((size,)))
    return _finish(values.astype(target.np), requires_grad, device)


def randperm(n, dtype=None, device=None, requires_grad=False, generator=None):
    target = as_dtype(dtype) if dtype is not None else _dtypes.int64
    values = _rng(generator, device).permutation(int(n))
    return _finish(values.astype(target.np), requires_grad, device)


# ---- *_like ------------------------------------------------------------------------


def _like(x, dtype):
    return x.dtype if dtype is None else dtype


def _like_device(x, device):
    """A *_like result's device: the one asked for, else x's."""
    return device if device is not None else x.device


def zeros_like(x, dtype=None, device=None, requires_grad=False, layout=None, memory_format=None):
    return zeros(tuple(x.shape), dtype=_like(x, dtype), requires_grad=requires_grad,
                device=_like_device(x, device))


def ones_like(x, dtype=None, device=None, requires_grad=False, layout=None, memory_format=None):
    return ones(tuple(x.shape), dtype=_like(x, dtype), requires_grad=requires_grad,
               device=_like_device(x, device))


def empty_like(x, dtype=None, device=None, requires_grad=False, layout=None, memory_format=None):
    return empty(tuple(x.shape), dtype=_like(x, dtype), requires_grad=requires_grad,
                device=_like_device(x, device))


def full_like(x, fill_value, dtype=None, device=None, requires_grad=False, layout=None,
              memory_format=None):
    return full(tuple(x.shape), fill_value, dtype=_like(x, dtype), requires_grad=requires_grad,
                device=_like_device(x, device))


def rand_like(x, dtype=None, device=None, requires_grad=False, layout=None, memory_format=None):
    return rand(tuple(x.shape), dtype=_like(x, dtype), requires_grad=requires_grad,
               device=_like_device(x, device))


def randn_like(x, dtype=None, device=None, requires_grad=False, layout=None, memory_format=None):
    return randn(tuple(x.shape), dtype=_like(x, dtype), requires_grad=requires_grad,
                device=_like_device(x, device))


def randint_like(x, low=0, high=None, dtype=None, device=None, requires_grad=False):
    if high is None:
        low, high = 0, low
    return randint(low, high, tuple(x.shape), dtype=_like(x, dtype), requires_grad=requires_grad,
                   device=_like_device(x, device))


# ---- legacy constructors -------------------------------------------------------------


def legacy_new(cls, dtype, args, kwargs):
    """Tensor(data) copies data with `dtype`; Tensor(2, 3) is an uninitialized 2x3 tensor."""
    device = kwargs.pop("device", None) or getattr(cls, "default_device", None)
    if kwargs:
        raise TypeError(f"new() received an invalid combination of arguments - got "
                        f"({', '.join(kwargs)})")
    if len(args) == 1 and isinstance(args[0], Tensor):
        return args[0]
    return _finish(_legacy_data(cls, dtype, args), False, device)


def _legacy_data(cls, dtype, args):
    if not args:
        return np.zeros((0,), dtype=dtype.np)
    if builtins.all(isinstance(a, (builtins.int, np.integer)) and not isinstance(a, builtins.bool)
                    for a in args):
        return np.zeros(tuple(int(a) for a in args), dtype=dtype.np)
    if len(args) == 1 and isinstance(args[0], tuple) and builtins.all(
            isinstance(a, builtins.int) for a in args[0]) and cls is not Tensor:
        return np.zeros(args[0], dtype=dtype.np)
    return _from_data(args[0], dtype)


class _LegacyType(type):
    """Metaclass of FloatTensor & co: isinstance checks the dtype and the device type."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype and \
            obj.is_cuda == (cls.default_device == "cuda")

    def __repr__(cls):
        return f"<class '{cls.__module__}.{cls.__name__}'>"


def _legacy_class(name, dtype, device=None):
    """FloatTensor & co (device="cuda": funcgrad.cuda.FloatTensor & co)."""
    def __new__(cls, *args, **kwargs):
        return legacy_new(cls, dtype, args, kwargs)
    module = _dtypes.MODULE + (".cuda" if device == "cuda" else "")
    cls = _LegacyType(name, (), {"__new__": __new__, "dtype": dtype, "default_device": device,
                                 "__module__": module})
    from . import _factories_docs
    cls.__doc__ = _factories_docs.legacy_doc(cls)
    return cls


FloatTensor = _legacy_class("FloatTensor", _dtypes.float32)
DoubleTensor = _legacy_class("DoubleTensor", _dtypes.float64)
HalfTensor = _legacy_class("HalfTensor", _dtypes.float16)
LongTensor = _legacy_class("LongTensor", _dtypes.int64)
IntTensor = _legacy_class("IntTensor", _dtypes.int32)
ByteTensor = _legacy_class("ByteTensor", _dtypes.uint8)
BoolTensor = _legacy_class("BoolTensor", _dtypes.bool_)


from . import _factories_docs  # noqa: E402  (the docstrings of the factories above)

_factories_docs.apply(globals())
