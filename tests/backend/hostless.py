"""A stand-in GPU backend for machines without one: numpy arrays that refuse the host.

`HostlessArray` wraps a numpy array the way a cupy array wraps device memory: it has
numpy's attributes, operators and methods, and the `hostless` namespace mirrors
numpy's functions (with `linalg`, `fft`, `random` submodules), but nothing converts
it to a numpy array implicitly: `numpy.asarray(h)`, `numpy.add(ndarray, h)` and
every numpy function handed one raise `HostConversionError`, as cupy raises on
`numpy.asarray(cupy_array)`. Reductions return 0-d arrays, not numpy scalars, as
cupy's do. Its functions refuse numpy arrays among their arguments, as cupy's do, so
copies to and from the host are explicit (`asnumpy`, `asarray`). Like cupy,
its ufuncs have no `.at` (cupy had none before v13), binary operators give way to
operands of higher `__array_priority__` (tracers, Tensors), and numpy's creation
functions called with `like=` a hostless array make hostless arrays (NEP 35). The
`missing=` argument of `install`/`installed` hides routines ("linalg.eig",
"scipy.special.iv"), as a cupy version that lacks them would.

Registering it (`install()`, or the `hostless_cuda` fixture in conftest.py) makes it
the backend for device type "cuda", so the GPU code paths — funcgrad's transforms on
device arrays, Tensor.to("cuda"), device reprs, mixing errors — run in the CPU suite.
"""
import contextlib
import dataclasses
import importlib
import types

import numpy

from funcgrad import backend as fb

__all__ = ["HostConversionError", "HostlessArray", "asarray", "asnumpy", "install",
           "installed", "module", "BACKEND"]


class HostConversionError(TypeError):
    """A hostless array met code that would copy it to the host implicitly."""


def _unwrap(v):
    if isinstance(v, HostlessArray):
        return v._a
    if type(v) in (list, tuple):
        return type(v)(_unwrap(x) for x in v)
    if type(v) is dict:
        return {k: _unwrap(x) for k, x in v.items()}
    return v


def _leaves(v):
    """The leaves of nested lists, tuples and dicts (arguments of a numpy-like call)."""
    if type(v) in (list, tuple):
        for x in v:
            yield from _leaves(x)
    elif type(v) is dict:
        yield from _leaves(list(v.values()))
    else:
        yield v


def _holds_hostless(v):
    return any(isinstance(x, HostlessArray) for x in _leaves(v))


def _wrap(v):
    if isinstance(v, numpy.ndarray):
        return HostlessArray(v)
    if isinstance(v, numpy.generic) and not isinstance(v, (numpy.str_, numpy.bytes_)):
        return HostlessArray(numpy.asarray(v))      # cupy reductions give 0-d arrays
    if type(v) in (list, tuple):
        return type(v)(_wrap(x) for x in v)
    if isinstance(v, tuple) and hasattr(v, "_fields"):  # namedtuple results (linalg)
        return type(v)(*(_wrap(x) for x in v))
    return v


def _host_array_in(v):
    """A numpy array (ndim > 0) among `v`'s leaves, or None: cupy's functions refuse
    them ("Unsupported type"), so host data must be copied to the device explicitly."""
    return next((x for x in _leaves(v) if isinstance(x, numpy.ndarray) and x.ndim > 0), None)


def _call(fn, args, kwargs, host_ok=False):
    host = None if host_ok else _host_array_in((args, kwargs))
    if host is not None:
        raise HostConversionError(
            f"{getattr(fn, '__name__', fn)}: a numpy array of shape {host.shape} passed to "
            "a device function; copy it to the device explicitly first")
    out = kwargs.get("out")
    result = fn(*_unwrap(args), **_unwrap(kwargs))
    return out if out is not None and result is _unwrap(out) else _wrap(result)


def _defers(other):
    """True for operands that take over binary operators (tracers, Tensors): cupy's
    ndarray returns NotImplemented to an operand of higher __array_priority__."""
    return (type(other) is not HostlessArray and not isinstance(other, numpy.ndarray)
            and getattr(other, "__array_priority__", 0) > 0)


def _binary(name):
    op = getattr(numpy.ndarray, name)

    def method(self, other):
        if _defers(other):
            return NotImplemented
        if isinstance(other, numpy.ndarray) and other.ndim > 0:
            raise HostConversionError(
                f"{name}: a hostless array met a numpy array of shape {other.shape}")
        return _wrap(op(self._a, _unwrap(other)))
    method.__name__ = name
    return method


class HostlessArray:
    """A numpy array behind a wall: explicit copies only, as on a GPU."""
    __slots__ = ("_a",)
    __array_ufunc__ = None          # numpy ufuncs refuse it (binary ops defer to it)

    def __array_function__(self, func, types, args, kwargs):
        if not _holds_hostless((args, kwargs)):
            # NEP 35 (numpy.eye(3, like=x)): numpy asks x's type to create the array,
            # and cupy answers with a device array; the arguments are host data
            return _call(func, args, kwargs, host_ok=True)
        raise HostConversionError(f"numpy.{func.__name__} called on a hostless array; "
                                  "code must call the array module it was given (xp)")

    def __init__(self, a):
        self._a = a if type(a) is numpy.ndarray else numpy.asarray(a)

    def __array__(self, *args, **kwargs):
        raise HostConversionError(
            "implicit conversion of a hostless (device) array to a numpy array; "
            "code must use the array module it was given, or copy explicitly")

    def __repr__(self):
        return f"hostless({self._a!r})"

    def __getattr__(self, name):        # shape, dtype, ndim, strides..., and methods
        if name.startswith("__"):       # no __array_interface__, __array_struct__...
            raise AttributeError(name)
        attr = getattr(self._a, name)
        if callable(attr):
            return lambda *a, **k: _call(attr, a, k)
        return _wrap(attr) if name in ("T", "real", "imag", "mT", "flat") else attr

    @property
    def device(self):
        return types.SimpleNamespace(id=0)

    def get(self):
        """An explicit copy to the host, as cupy's ndarray.get()."""
        return self._a.copy()

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        return (_wrap(x) for x in self._a)

    def __bool__(self):
        return bool(self._a)

    def __float__(self):
        return float(self._a)

    def __int__(self):
        return int(self._a)

    def __complex__(self):
        return complex(self._a)

    def __index__(self):
        return self._a.__index__()

    def __getitem__(self, index):
        return _wrap(self._a[_unwrap(index)])

    def __setitem__(self, index, value):
        if isinstance(value, numpy.ndarray) and value.ndim > 0:
            raise HostConversionError("setitem: a numpy array stored into a hostless array")
        self._a[_unwrap(index)] = _unwrap(value)

    def __neg__(self):
        return _wrap(-self._a)

    def __pos__(self):
        return _wrap(+self._a)

    def __abs__(self):
        return _wrap(abs(self._a))

    def __invert__(self):
        return _wrap(~self._a)

    def __dlpack__(self, *args, **kwargs):
        return self._a.__dlpack__(*args, **kwargs)

    def __dlpack_device__(self):
        return (2, 0)                   # kDLCUDA, device 0: what cupy reports


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul",
              "and", "or", "xor", "lshift", "rshift", "divmod"):
    for _n in (f"__{_name}__", f"__r{_name}__", f"__i{_name}__"):
        if hasattr(numpy.ndarray, _n):
            setattr(HostlessArray, _n, _binary(_n))
for _n in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
    setattr(HostlessArray, _n, _binary(_n))
HostlessArray.__hash__ = None


class _Ufunc:
    """numpy's ufunc with hostless arrays in and out, methods included."""

    def __init__(self, ufunc):
        self._u = ufunc
        self.__name__ = ufunc.__name__

    def __call__(self, *args, **kwargs):
        return _call(self._u, args, kwargs)

    def __getattr__(self, name):
        if name == "at":
            raise AttributeError(
                f"{self.__name__}.at: cupy before v13 has no ufunc.at; scatter-adds go "
                "through the backend record (funcgrad.backend.scatter_add_into)")
        attr = getattr(self._u, name)
        if callable(attr):
            return lambda *a, **k: _call(attr, a, k)
        return attr


def _namespace(name, source):
    ns = types.ModuleType(name, f"numpy's {source.__name__} for hostless arrays")
    cache = {}

    def lookup(attr):
        if attr in cache:
            return cache[attr]
        value = getattr(source, attr)
        if isinstance(value, numpy.ufunc):
            value = _Ufunc(value)
        elif isinstance(value, types.ModuleType):
            raise AttributeError(attr)
        elif callable(value) and not isinstance(value, type):
            fn = value
            value = lambda *a, **k: _call(fn, a, k)  # noqa: E731
            value.__name__ = attr
        cache[attr] = value
        return value
    ns.__getattr__ = lookup
    return ns


module = _namespace("hostless", numpy)
module.linalg = _namespace("hostless.linalg", numpy.linalg)
module.fft = _namespace("hostless.fft", numpy.fft)
module.random = _namespace("hostless.random", numpy.random)
module.ndarray = HostlessArray


def asarray(a, dtype=None):
    """An explicit copy of host data into a hostless array."""
    if isinstance(a, HostlessArray):
        return a if dtype is None else a.astype(dtype)
    return HostlessArray(numpy.array(a, dtype=dtype))


def asnumpy(a):
    """An explicit copy of a hostless array to the host."""
    return a._a.copy() if isinstance(a, HostlessArray) else numpy.asarray(a)


module.asarray = lambda a, dtype=None, **k: (                  # noqa: E731
    a if isinstance(a, HostlessArray) and dtype is None
    else _wrap(numpy.asarray(_unwrap(a), dtype=dtype, **k)))
module.array = lambda a, dtype=None, copy=True, **k: _wrap(   # noqa: E731
    numpy.array(_unwrap(a), dtype=dtype, copy=copy, **k))
module.asnumpy = asnumpy


def _scatter_add(out, index, values):
    numpy.add.at(out._a, _unwrap(index), _unwrap(values))


_scipy_namespaces = {}


def _scipy(name):
    """scipy.<name> for hostless arrays, as cupyx.scipy.<name> is for cupy arrays."""
    if name not in _scipy_namespaces:
        source = importlib.import_module("scipy." + name)
        _scipy_namespaces[name] = _namespace("hostless.scipy." + name, source)
    return _scipy_namespaces[name]


BACKEND = fb.Backend("hostless", "cuda", module, (HostlessArray,),
                     device_index=lambda a: 0, to_host=asnumpy,
                     from_host=lambda a, index=0: asarray(a), scatter_add=_scatter_add,
                     scipy=_scipy)


def install(missing=()):
    """Register the hostless backend as the "cuda" device; returns it.

    `missing` names routines to treat as absent ("linalg.eig", "scipy.special.iv"),
    standing in for a cupy version that lacks them.
    """
    backend = BACKEND if not missing else dataclasses.replace(
        BACKEND, missing=frozenset(missing))
    return fb.register(backend)


@contextlib.contextmanager
def installed(missing=()):
    """The hostless backend registered as "cuda" for the duration of a with-block."""
    backend = install(missing)
    try:
        yield backend
    finally:
        fb.unregister(backend)
