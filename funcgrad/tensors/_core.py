"""The Tensor class: an array plus autograd state, with PyTorch's attribute semantics.

This module holds the state and the autograd attributes (requires_grad, grad,
grad_fn, is_leaf, retain_grad, hooks, detach, .data, version counter, views),
conversion (numpy, item, tolist, Python scalars) and printing. The ops are added
by the sibling modules (`_math`, `_shape`, `_inplace`).

State, per tensor (slots, set by `make`):
    _data           the array: a numpy (or cupy) array, or a Tracer inside fg.grad
    _requires_grad  True for a leaf requiring grad and for every recorded result
    _grad_fn        the graph node that produced it (None for leaves)
    _output_nr      which output of _grad_fn it is
    _grad           the accumulated gradient (a Tensor) or None
    _vc             the version counter, a one-element list shared by views and
                    detach() aliases (created lazily; absent means version 0)
    _base           the base tensor when this tensor is a view of it
    _acc            the leaf's AccumulateGrad node (which refers back to it weakly)
    _extra          None, or a dict of the rarely used state (hooks, view chain...)
"""
import warnings
import weakref

import numpy as np

from funcgrad import _tensor_str
from funcgrad._dtypes import MODULE, from_numpy_dtype, get_default_dtype
from funcgrad.autograd.grad_mode import state
from funcgrad.autograd.graph import (NO_EDGE, RemovableHandle, make_accumulator,
                                     make_view_node)
from funcgrad.primitive import Boxed

from . import _devices

__all__ = ["Tensor", "make", "Size", "device", "is_tensor"]

_object_new = object.__new__
_ndarray = np.ndarray


class Size(tuple):
    """A tensor's shape: a tuple that prints as funcgrad.Size([2, 3])."""

    def __repr__(self):
        return f"{MODULE}.Size([{', '.join(str(n) for n in self)}])"

    __str__ = __repr__

    def numel(self):
        n = 1
        for k in self:
            n *= k
        return n

    def __getitem__(self, item):
        out = tuple.__getitem__(self, item)
        return Size(out) if isinstance(item, slice) else out

    def __add__(self, other):
        return Size(tuple(self) + tuple(other))


_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip",
                 "ve", "fpga", "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia",
                 "privateuseone")


def _parse_device_string(text):
    kind, colon, index = text.partition(":")
    if kind not in _DEVICE_TYPES:
        raise RuntimeError(f"Expected one of {', '.join(_DEVICE_TYPES)} device type at start "
                           f"of device string: {text}")
    if colon and not (index.isdigit() and index.isascii() and (index == "0" or index[0] != "0")):
        raise RuntimeError(f"Invalid device string: '{text}'")
    return kind, int(index) if colon else None


class device:
    """Where a tensor lives: device('cpu'), device('cuda'), device('cuda:0'), device('cuda', 1).

    As torch.device: immutable, hashable, equal only to devices of the same type and
    index (not to strings); an int means that CUDA device.

    Parameters
    ----------
    type : str, int or device
        ``'cpu'``, ``'cuda'``, ``'cuda:1'``..., a CUDA index, or a device to copy.
    index : int, optional
        The device index, when `type` has none.

    Raises
    ------
    RuntimeError
        For an unknown device type, a malformed string, a negative index, or an index
        given twice.
    TypeError
        For arguments of other types.
    """
    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):
        if isinstance(type, device):
            kind, parsed = type.type, type.index
        elif isinstance(type, int) and not isinstance(type, bool):
            if type < 0:
                raise RuntimeError("Device index must not be negative")
            kind, parsed = "cuda", type
        elif isinstance(type, str):
            kind, parsed = _parse_device_string(type)
        else:
            raise TypeError(f"device(): argument 'type' must be str, int or {MODULE}.device, "
                            f"not {builtins_type(type).__name__}")
        if index is not None:
            if parsed is not None:
                raise RuntimeError(f"type (string) must not include an index because index was "
                                   f"passed explicitly: {type}")
            if not isinstance(index, int) or isinstance(index, bool):
                raise TypeError(f"device(): argument 'index' (position 2) must be int, not "
                                f"{builtins_type(index).__name__}")
            if index < 0:
                raise RuntimeError("Device index must not be negative")
            parsed = index
        object.__setattr__(self, "type", kind)
        object.__setattr__(self, "index", parsed)

    def __setattr__(self, name, value):
        raise AttributeError(f"attribute '{name}' of '{MODULE}.device' objects is not writable")

    def __repr__(self):
        return f"device(type='{self.type}')" if self.index is None else \
            f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if not isinstance(other, device):
            return False
        return (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (str(self),))

    def __enter__(self):
        """`with funcgrad.device("cuda"):` factories default to this device in the block."""
        from ._devices import _default, normalize
        target = normalize(self)        # raises, changing nothing, if the device is missing
        _DEVICE_STACK.append(_default[0])
        _default[0] = target
        return self

    def __exit__(self, *exc):
        from ._devices import _default
        _default[0] = _DEVICE_STACK.pop()
        return False


builtins_type = type
_DEVICE_STACK = []      # the default devices that `with device(...)` blocks replaced
device.__module__ = MODULE


_CPU = device("cpu")


def _not_writable(name):
    def setter(self, value):
        raise AttributeError(f"attribute '{name}' of '{MODULE}._C.TensorBase' objects is not "
                             f"writable")
    return setter


_NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information.")

_CPP_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half",
              "int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
              "uint8": "unsigned char", "bool": "bool", "complex64": "c10::complex<float>",
              "complex128": "c10::complex<double>"}
_SCALAR_TYPE_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half",
                      "int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char",
                      "uint8": "Byte", "bool": "Bool", "complex64": "ComplexFloat",
                      "complex128": "ComplexDouble"}


def _is_inexact(t):
    return t._data.dtype.kind in "fc"


class Tensor(Boxed):
    """A multi-dimensional array with PyTorch-style automatic differentiation.

    Make tensors with `funcgrad.tensor` and the other factories. A tensor made by the
    user is a leaf; with ``requires_grad=True`` the ops on it are recorded as a graph
    of nodes (``result.grad_fn``, named as PyTorch names them: ``MulBackward0``), and
    ``backward()`` fills the leaves' ``.grad``. In-place ops (``add_``, ``x[i] = v``)
    bump a version counter that views and ``detach()`` aliases share, so a backward
    needing an overwritten value raises. Every method documents the node it records
    and its derivative where it matters; the numbers, printouts and errors are
    PyTorch's. ``Tensor(...)`` itself is the legacy constructor (see ``__new__``).
    """
    __slots__ = ("_data", "_requires_grad", "_grad_fn", "_output_nr", "_grad", "_vc",
                 "_base", "_acc", "_extra", "__weakref__")
    __array_priority__ = 1000
    __hash__ = object.__hash__

    def __new__(cls, *args, **kwargs):
        """Legacy constructor: Tensor([1., 2.]) (default dtype) or Tensor(2, 3) (uninitialized).

        Parameters
        ----------
        *args
            The data to copy (with the default dtype), or the sizes of an
            uninitialized (zero) tensor; none gives an empty tensor, a Tensor is
            returned as it is.
        **kwargs
            Only ``device=``.

        Returns
        -------
        Tensor
            A new leaf that does not require grad.
        """
        from ._factories import legacy_new
        return legacy_new(cls, get_default_dtype(), args, kwargs)

    # ---- basic properties -------------------------------------------------

    @property
    def shape(self):
        return Size(self._data.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[dim]

    def dim(self):
        return self._data.ndim

    ndimension = dim

    @property
    def ndim(self):
        return self._data.ndim

    def numel(self):
        return int(self._data.size)

    nelement = numel

    def element_size(self):
        return self._data.dtype.itemsize

    @property
    def dtype(self):
        return from_numpy_dtype(self._data.dtype)

    @property
    def device(self):
        """The device holding the data: device(type='cpu') or device(type='cuda', index=0)."""
        data = self._data
        if type(data) is _ndarray:
            return _CPU
        name = _devices.device_name(data)
        return _CPU if name == "cpu" else device(name)

    @property
    def is_cuda(self):
        """True when the data lives on a CUDA device."""
        return type(self._data) is not _ndarray and self.device.type == "cuda"

    is_sparse = False
    is_quantized = False
    is_meta = False
    layout = "strided"

    def is_floating_point(self):
        return self._data.dtype.kind == "f"

    def is_complex(self):
        return self._data.dtype.kind == "c"

    def is_contiguous(self, memory_format=None):
        data = _devices.array_of(self._data)
        flags = getattr(data, "flags", None)
        return bool(flags.c_contiguous) if flags is not None else True

    def data_ptr(self):
        data = _devices.array_of(self._data)
        if isinstance(data, _ndarray):
            return data.__array_interface__["data"][0]
        return _devices.data_pointer(data)

    def stride(self, dim=None):
        strides = tuple(s // self._data.itemsize for s in self._data.strides)
        return strides if dim is None else strides[dim]

    def get_device(self):
        """-1 for a CPU tensor, else the index of its CUDA device."""
        index = self.device.index
        return -1 if index is None else index

    def type(self, dtype=None, non_blocking=False, **kwargs):
        if dtype is None:
            where = "cuda." if self.is_cuda else ""
            return f"{MODULE}.{where}{self.dtype.legacy}"
        if isinstance(dtype, str):
            name = dtype.rsplit(".", 1)[-1]
            where = "cuda" if dtype.rsplit(".", 2)[-2:-1] == ["cuda"] else "cpu"
            from funcgrad._dtypes import ALL
            for d in ALL:
                if d.legacy == name:
                    return self.to(where, d)
            raise ValueError(f"invalid type: '{dtype}'")
        return self.to(dtype)

    # ---- autograd attributes ------------------------------------------------

    @property
    def requires_grad(self):
        if self._base is not None:
            self._view_grad_fn()
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag):
        self._set_requires_grad(flag, "only Tensors of floating point and complex dtype can "
                                      "require gradients")

    def requires_grad_(self, requires_grad=True):
        self._set_requires_grad(requires_grad, "only Tensors of floating point dtype can "
                                               "require gradients")
        return self

    def _set_requires_grad(self, flag, dtype_message):
        flag = bool(flag)
        if not self.is_leaf:
            if not flag:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want "
                    "to use a computed variable in a subgraph that doesn't require "
                    "differentiation use var_no_grad = var.detach().")
            return
        if flag and not _is_inexact(self):
            raise RuntimeError(dtype_message)
        if flag and self._is_inference() and not state.inference:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside "
                               "InferenceMode is not allowed.")
        self._requires_grad = flag

    @property
    def grad_fn(self):
        if self._base is not None:
            return self._view_grad_fn()
        return self._grad_fn

    grad_fn = grad_fn.setter(_not_writable("grad_fn"))

    @property
    def is_leaf(self):
        return self.grad_fn is None

    is_leaf = is_leaf.setter(_not_writable("is_leaf"))

    @property
    def output_nr(self):
        return self._output_nr

    @property
    def retains_grad(self):
        return bool(self._extra and self._extra.get("retains_grad")) and not self.is_leaf

    def retain_grad(self):
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.is_leaf:
            return
        fn = self.grad_fn
        fn._extras().setdefault("retain", {})[self._output_nr] = weakref.ref(self)
        self._extras()["retains_grad"] = True

    @property
    def grad(self):
        g = self._grad
        if g is None and self._grad_fn is not None and self._requires_grad \
                and not self.retains_grad:
            warnings.warn(_NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return g

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad "
                                f"of type {type(value).__name__}")
            if tuple(value.shape) != tuple(self.shape):
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value.shape)}' to a "
                    f"tensor of size '{list(self.shape)}'. Please ensure that the gradient "
                    f"and the tensor are the same size")
            if value._data.dtype != self._data.dtype:
                got, want = value.dtype.name, self.dtype.name
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{_CPP_NAMES[got]}' to a "
                    f"tensor with grad_dtype '{_SCALAR_TYPE_NAMES[want]}'. The gradient must "
                    f"match the tensor's grad_dtype (defaults to the tensor's dtype). You can "
                    f"set the tensor's grad_dtype attribute with a specific dtype, or None to "
                    f"allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a "
                    f"tensor and its gradient may break downstream systems that assume they "
                    f"match.")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def _version(self):
        if self._is_inference():
            raise RuntimeError("Inference tensors do not track version counter.")
        vc = self._vc
        return vc[0] if vc is not None else 0

    def _bump(self):
        vc = self._vc
        if vc is None:
            self._vc = [1]
        else:
            vc[0] += 1

    def _counter(self):
        vc = self._vc
        if vc is None:
            vc = self._vc = [0]
        return vc

    def _extras(self):
        if self._extra is None:
            self._extra = {}
        return self._extra

    def _is_inference(self):
        return self._extra is not None and self._extra.get("inference", False)

    def is_inference(self):
        return self._is_inference()

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        from funcgrad.autograd import backward
        backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def register_hook(self, hook):
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        fn = self.grad_fn
        if fn is None:
            hooks = self._extras().setdefault("hooks", [])
        else:
            hooks = fn._extras().setdefault("tensor", {}).setdefault(self._output_nr, [])
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def register_post_accumulate_grad_hook(self, hook):
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf "
                               "tensors")
        hooks = self._extras().setdefault("post_accumulate", [])
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    # ---- graph edges, leaves and views -------------------------------------

    def _edge(self):
        """The (node, output_nr) gradients of this tensor flow into, or NO_EDGE."""
        fn = self._view_grad_fn() if self._base is not None else self._grad_fn
        if fn is not None:
            return (fn, self._output_nr)
        if self._requires_grad:
            return (self._accumulator(), 0)
        return NO_EDGE

    def _accumulator(self):
        acc = self._acc
        if acc is None:
            acc = self._acc = make_accumulator(self)
        return acc

    def _view_grad_fn(self):
        """A view's grad_fn, regenerated (AsStridedBackward0) if its base changed in place."""
        info = self._extra["view"]
        base = self._base
        version = base._vc[0]
        if info[1] != version:
            info[1] = version
            if base._requires_grad:
                self._grad_fn = make_view_node(base._edge(), info[0])
                self._output_nr = 0
                self._requires_grad = True
        return self._grad_fn

    def _is_view(self):
        return self._base is not None

    def detach(self):
        t = make(self._data, False, None)
        t._vc = self._counter()
        if self._is_inference():
            t._extras()["inference"] = True
        return t

    def detach_(self):
        if self._base is not None:
            raise RuntimeError(
                "Can't detach views in-place. Use detach() instead. If you are using "
                "DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set "
                "as True, gradients are views of DDP buckets, and hence detach_() cannot be "
                "called on these gradients. To fix this error, please refer to the "
                "Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.")
        self._grad_fn = None
        self._output_nr = 0
        self._requires_grad = False
        return self

    @property
    def data(self):
        return make(self._data, False, None)

    @data.setter
    def data(self, other):
        if not isinstance(other, Tensor):
            raise TypeError(f"data must be a Tensor, got {type(other).__name__}")
        if self._requires_grad and not _is_inexact(other):
            raise RuntimeError("data set to a tensor that requires gradients must be floating "
                               "point or complex dtype")
        self._data = other._data

    # ---- conversion -----------------------------------------------------------

    def numpy(self, force=False):
        data = self._data
        on_device = type(data) is not _ndarray and not _devices.is_cpu(data)
        if on_device and not force:     # PyTorch checks the device before requires_grad
            raise TypeError(f"can't convert {_devices.device_name(data)} device type tensor "
                            f"to numpy. Use Tensor.cpu() to copy the tensor to host memory "
                            f"first.")
        if self._requires_grad and state.grad_enabled and not force:   # as PyTorch
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        return _devices.to_host(data) if on_device else data

    def __array__(self, dtype=None, copy=None):
        data = self.numpy()
        if not isinstance(data, _ndarray):
            return np.asarray(data, dtype=dtype)
        if dtype is not None and np.dtype(dtype) != data.dtype:
            return data.astype(dtype)
        return data.copy() if copy else data

    def item(self):
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted "
                               f"to Scalar")
        return self._data.item() if isinstance(self._data, _ndarray) else self._data.item()

    def tolist(self):
        return self._data.tolist()

    def _scalar(self):
        if self._data.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return self._data.item() if isinstance(self._data, _ndarray) else self._data.item()

    def __float__(self):
        value = float(self._scalar())
        if self._requires_grad:
            from ._factories import warn_scalar_conversion
            warn_scalar_conversion(2)
        return value

    def __int__(self):
        return int(self._scalar())

    def __complex__(self):
        return complex(self._scalar())

    def __index__(self):
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an "
                            "index")
        return int(self._scalar())

    def __bool__(self):
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._data.reshape(()) if isinstance(self._data, _ndarray) else self._data)

    def __len__(self):
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __reduce_ex__(self, protocol):
        data = self._data
        if type(data) is _ndarray or isinstance(data, Boxed):
            return (_rebuild, (np.array(data), self._requires_grad))
        return (_rebuild, (_devices.to_host(data), self._requires_grad, str(self.device)))

    # ---- printing ---------------------------------------------------------------

    def __repr__(self, *, tensor_contents=None):
        data = self._data
        where = None
        if not isinstance(data, _ndarray):
            if isinstance(data, Boxed):
                return f"Tensor({data!r})"
            where = _devices.device_name(data)
            data = _devices.to_host(data)     # an explicit copy, as PyTorch prints
        fn = self.grad_fn
        return _tensor_str.format_tensor(
            data, dtype_name=self.dtype.name, default_dtype_name=get_default_dtype().name,
            grad_fn_name=type(fn).__name__ if fn is not None else None,
            requires_grad=self._requires_grad, device=where,
            is_parameter=self._is_parameter(), module=MODULE)

    __str__ = __repr__

    def _is_parameter(self):
        return False

    def __format__(self, spec):
        data = self._data
        if not isinstance(data, _ndarray):
            if isinstance(data, Boxed):
                return format(repr(self), spec)
            data = _devices.to_host(data)
        return _tensor_str.format_scalar(data, spec, self.__repr__)

    def __dir__(self):
        return sorted(set(dir(type(self))) - {"__weakref__"})


def _rebuild(data, requires_grad, where=None):
    if where is not None:
        data = _devices.place(data, where)
    return make(data, requires_grad, None)


def make(data, requires_grad=False, grad_fn=None, output_nr=0):
    """A Tensor around `data` (an array) with the given autograd state; no checks."""
    t = _object_new(Tensor)
    t._data = data
    t._requires_grad = requires_grad
    t._grad_fn = grad_fn
    t._output_nr = output_nr
    t._grad = None
    t._vc = None
    t._base = None
    t._acc = None
    t._extra = None
    return t


Tensor._make = staticmethod(make)
Tensor.__module__ = MODULE   # <class 'funcgrad.Tensor'>, as torch prints <class 'torch.Tensor'>


def is_tensor(obj):
    return isinstance(obj, Tensor)


from . import _core_docs  # noqa: E402  (the docstrings of the attributes above)

_core_docs.apply(Tensor, Size, is_tensor)
