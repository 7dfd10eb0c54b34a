"""Which array library holds a value: numpy on the CPU, cupy on NVIDIA GPUs.

This is the only engine module that names numpy or cupy. Primitives receive the
array module as their `xp` argument and never import either library themselves.

A *backend* is an array library plus the few things funcgrad needs that the
library's numpy-like namespace does not say: which device an array lives on, how
to copy between that device and the host, and how to scatter-add. numpy is always
registered; cupy registers itself the first time a lookup finds `cupy` imported
(so `import funcgrad` never imports cupy, and code that never touches cupy pays
one dictionary lookup per op). Tests register a third backend whose arrays refuse
every implicit host conversion, which is how the CPU suite proves that the engine
and the primitives never touch numpy behind the array module's back.

Rules every op follows (`array_module`):

* the backend comes from the array arguments; Python scalars and 0-d numpy
  arrays/scalars join any backend (they are constants, promoted as numpy does);
* arrays of two different devices in one op are an error naming both devices:
  funcgrad never copies between host and device implicitly.
"""
import importlib
import sys
from dataclasses import dataclass, field

import numpy

__all__ = ["Backend", "DeviceMismatchError", "array_module", "backend_of", "backends",
           "default_float", "device_of", "for_device", "for_module", "is_array", "like",
           "numpy", "promote_constants", "register", "routine", "scatter_add_into",
           "shape_of", "to_device", "to_host", "unregister"]


class DeviceMismatchError(TypeError):
    """Arrays on different devices met in one operation."""


@dataclass(eq=False)
class Backend:
    """An array library funcgrad can run primitives on.

    Parameters
    ----------
    name : str
        The library's name ("numpy", "cupy").
    device_type : str
        The device type its arrays live on ("cpu", "cuda"), as PyTorch names them.
    module : module
        The numpy-like namespace primitives call as `xp`.
    array_types : tuple of type
        The types of its arrays.
    device_index : callable
        array -> int, the index of the device holding the array (0 on the CPU).
    to_host : callable
        array -> numpy.ndarray, an explicit copy to host memory.
    from_host : callable
        (numpy.ndarray, index) -> array, an explicit copy onto device `index`.
    scatter_add : callable
        (out, index, values) -> None, `out[index] += values` accumulating where an
        advanced index repeats a place.
    is_available : callable
        () -> bool, whether a device of this type can be used right now.
    scipy : callable
        name -> module: the library's counterpart of ``scipy.<name>`` ("special",
        "linalg"): scipy itself for numpy, ``cupyx.scipy.<name>`` for cupy.
    missing : frozenset of str
        Routines (dotted paths such as "linalg.eig" or "scipy.special.iv") to treat as
        absent even if the module has them; tests use it to exercise the error a user
        meets on a library version that lacks one.
    """
    name: str
    device_type: str
    module: object
    array_types: tuple
    device_index: object
    to_host: object
    from_host: object
    scatter_add: object
    is_available: object = field(default=lambda: True)
    scipy: object = field(default=lambda name: importlib.import_module("scipy." + name))
    missing: frozenset = frozenset()

    def device(self, array):
        """Name the device holding one of this backend's arrays.

        Parameters
        ----------
        array : array
            An array of this backend.

        Returns
        -------
        str
            "cpu" for CPU backends, else "<device_type>:<index>" such as "cuda:0".
        """
        if self.device_type == "cpu":
            return "cpu"
        return f"{self.device_type}:{self.device_index(array)}"

    def __repr__(self):
        return f"<funcgrad backend {self.name} ({self.device_type})>"


def _numpy_scatter_add(out, index, values):
    numpy.add.at(out, index, values)


NUMPY = Backend("numpy", "cpu", numpy, (numpy.ndarray, numpy.generic),
                device_index=lambda a: 0, to_host=lambda a: a,
                from_host=lambda a, index=0: a, scatter_add=_numpy_scatter_add)

LAZY_MODULE = "cupy"    # registers itself once imported: bind's fast path checks sys.modules
_by_module = {id(numpy): NUMPY}  # id(array module) -> Backend, for `routine`
_registered = [NUMPY]          # numpy first, then others in registration order
_by_type = {}                  # array type -> Backend, for the non-numpy backends
_by_device_type = {"cpu": NUMPY}
_active = [False]              # True once a non-numpy backend is registered


def register(backend):
    """Add a backend so ops on its arrays run on its module.

    Registering a backend for a device type that already has one replaces it
    (tests use this to stand a host-only backend in for "cuda").

    Parameters
    ----------
    backend : Backend
        The backend to add.

    Returns
    -------
    Backend
        `backend` itself.
    """
    old = _by_device_type.get(backend.device_type)
    if old is not None and old is not NUMPY:
        unregister(old)
    _registered.append(backend)
    for t in backend.array_types:
        _by_type[t] = backend
    _by_device_type[backend.device_type] = backend
    _by_module[id(backend.module)] = backend
    _routines.clear()
    _active[0] = True
    return backend


def unregister(backend):
    """Remove a backend added by `register` (nothing happens if it is not registered).

    Parameters
    ----------
    backend : Backend
        The backend to remove.
    """
    if backend in _registered:
        _registered.remove(backend)
    for t in backend.array_types:
        if _by_type.get(t) is backend:
            del _by_type[t]
    if _by_device_type.get(backend.device_type) is backend:
        del _by_device_type[backend.device_type]
    if _by_module.get(id(backend.module)) is backend:
        del _by_module[id(backend.module)]
    _routines.clear()
    _active[0] = len(_registered) > 1


def backends():
    """List the registered backends.

    Returns
    -------
    tuple of Backend
        numpy first, then the others in registration order (cupy once it is imported).
    """
    _ensure_cupy()
    return tuple(_registered)


def _cupy_backend(cupy):
    def scatter_add(out, index, values):
        import cupyx
        cupyx.scatter_add(out, index, values)

    def from_host(a, index=0):
        with cupy.cuda.Device(index):
            return cupy.asarray(a)

    def available():
        try:
            return cupy.cuda.runtime.getDeviceCount() > 0
        except Exception:
            return False
    def scipy(name):
        return importlib.import_module("cupyx.scipy." + name)
    return Backend("cupy", "cuda", cupy, (cupy.ndarray,),
                   device_index=lambda a: a.device.id, to_host=cupy.asnumpy,
                   from_host=from_host, scatter_add=scatter_add, is_available=available,
                   scipy=scipy)


_cupy_import_failed = []


def _ensure_cupy(load=False):
    """Register cupy if it is imported (or, with load=True, importable)."""
    if "cuda" in _by_device_type:
        return
    cupy = sys.modules.get(LAZY_MODULE)
    if cupy is None and load and not _cupy_import_failed:
        try:
            import cupy
        except Exception:       # not installed, or installed without a working CUDA
            _cupy_import_failed.append(True)    # once: a failed import is slow to repeat
            return
    if cupy is not None:
        register(_cupy_backend(cupy))


def _is_constant(v):
    """Python scalars and 0-d numpy values: constants that join any backend."""
    return isinstance(v, numpy.generic) or (isinstance(v, numpy.ndarray) and v.ndim == 0)


def backend_of(values):
    """Find the backend of the arrays among `values`.

    Python scalars and 0-d numpy values join any backend.

    Parameters
    ----------
    values : sequence
        An op's arguments.

    Returns
    -------
    Backend
        The backend of the non-constant arrays (numpy when there are none).

    Raises
    ------
    DeviceMismatchError
        When arrays of two devices are mixed; the message names both arguments.
    """
    if not _active[0]:
        if LAZY_MODULE not in sys.modules:
            return NUMPY
        _ensure_cupy()
        if not _active[0]:
            return NUMPY
    found, found_dev, first_numpy = None, None, None
    for i, v in enumerate(values):
        b = _by_type.get(type(v))
        if b is None:
            if first_numpy is None and isinstance(v, numpy.ndarray) and v.ndim > 0:
                first_numpy = i
            continue
        dev = b.device(v)
        if found is None:
            found, found_dev, found_i = b, dev, i
        elif dev != found_dev:
            _mismatch(values, found_i, i)
    if found is None:
        return NUMPY
    if first_numpy is not None:
        _mismatch(values, found_i, first_numpy)
    return found


def _describe(v):
    return f"a {type(v).__module__}.{type(v).__name__} on {device_of(v)}"


def _mismatch(values, i, j):
    raise DeviceMismatchError(
        f"arguments {i} and {j} are on different devices: argument {i} is "
        f"{_describe(values[i])}, argument {j} is {_describe(values[j])}. funcgrad never "
        "copies between devices implicitly; move one first with "
        "funcgrad.backend.to_device(x, device) (or Tensor.to(device) in the Tensor API).")


def array_module(values):
    """Find the array module (numpy, cupy, ...) for the arrays among `values`.

    Parameters
    ----------
    values : sequence
        An op's arguments.

    Returns
    -------
    module
        ``backend_of(values).module``.

    Raises
    ------
    DeviceMismatchError
        As `backend_of`.
    """
    return backend_of(values).module


def promote_constants(backend, values):
    """Turn 0-d numpy arrays among `values` into numpy scalars, which every backend accepts.

    (cupy refuses 0-d numpy arrays as operands but takes numpy scalars.)

    Parameters
    ----------
    backend : Backend
        The backend the op runs on; for numpy nothing changes.
    values : sequence
        The op's arguments.

    Returns
    -------
    sequence
        `values` itself for numpy, else a tuple with the 0-d arrays replaced.
    """
    if backend is NUMPY:
        return values
    return tuple(v[()] if isinstance(v, numpy.ndarray) and v.ndim == 0 else v
                 for v in values)


def is_array(value):
    """Tell whether a value is an array funcgrad can compute with.

    Parameters
    ----------
    value : object
        Any value.

    Returns
    -------
    bool
        True for an ndarray of any registered backend or a numpy scalar (not for
        Python numbers, lists or tracers).
    """
    if isinstance(value, (numpy.ndarray, numpy.generic)):
        return True
    if not _active[0]:
        _ensure_cupy()
    return type(value) in _by_type


def device_of(value):
    """Name the device holding a value.

    Parameters
    ----------
    value : object
        An array of any backend, or a numpy value or Python scalar.

    Returns
    -------
    str
        "cpu" for numpy values and Python scalars, else e.g. "cuda:0".
    """
    b = _by_type.get(type(value)) if _active[0] else None
    return "cpu" if b is None else b.device(value)


def _parse_device(device):
    device = str(device)
    kind, _, index = device.partition(":")
    if kind not in ("cpu", "cuda", "mps", "meta", "xpu") or (index and not index.isdigit()):
        raise RuntimeError(
            f"Expected one of cpu, cuda device type at start of device string: {device}")
    return kind, int(index) if index else None


def for_device(device):
    """Find the backend serving a device.

    Parameters
    ----------
    device : str or device
        "cpu", "cuda" or "cuda:<index>" (anything whose ``str`` is such a name).

    Returns
    -------
    Backend
        The backend registered for the device type (cupy is imported for "cuda").

    Raises
    ------
    RuntimeError
        For a malformed name, or a device type with no registered, available backend
        (the message says whether cupy is missing or no device is visible).
    """
    kind, _ = _parse_device(device)
    if kind != "cpu":
        _ensure_cupy(load=True)
    b = _by_device_type.get(kind)
    if b is None or not b.is_available():
        why = ("cupy is not installed: pip install 'funcgrad[gpu]'"
               if kind == "cuda" and "cupy" not in sys.modules
               else "no device of this type is visible")
        raise RuntimeError(f"funcgrad cannot use device '{device}': {why}. "
                           "Use device='cpu', or check funcgrad.cuda.is_available() first.")
    return b


def to_device(value, device):
    """Copy a value onto a device, explicitly.

    Parameters
    ----------
    value : array or scalar
        An array of any backend, or host data (numpy values, Python scalars).
    device : str
        The target, as for `for_device`.

    Returns
    -------
    array
        `value` itself when it is already there, else a copy on the target device
        (through host memory for device-to-device copies).

    Raises
    ------
    RuntimeError
        As `for_device`.
    """
    target = for_device(device)
    kind, index = _parse_device(device)
    src = _by_type.get(type(value), NUMPY) if _active[0] else NUMPY
    if src is target and (kind == "cpu" or index is None
                          or src.device_index(value) == index):
        return value
    host = src.to_host(value) if src is not NUMPY else numpy.asarray(value)
    return host if target is NUMPY else target.from_host(host, index or 0)


def default_float():
    """Give the float dtype Python scalars take.

    Returns
    -------
    type
        numpy.float64.
    """
    return numpy.float64


def _has_array_index(index):
    return any(not isinstance(i, (int, slice, type(None), type(Ellipsis))) for i in index)


def scatter_add_into(out, index, values):
    """Add values into an array in place, accumulating where an index repeats a place.

    Parameters
    ----------
    out : array
        The array to update (any backend).
    index : index or tuple
        A basic or advanced index into `out`.
    values : array
        What to add, broadcastable to ``out[index]``.
    """
    index = index if isinstance(index, tuple) else (index,)
    if not _has_array_index(index):
        out[index] += values
        return
    (NUMPY if isinstance(out, numpy.ndarray) else backend_of((out,))).scatter_add(
        out, index, values)


# ---- explicit copies and routines a library may lack ------------------------------

def to_host(value):
    """Copy a value into host memory, explicitly.

    Parameters
    ----------
    value : array or scalar
        An array of any backend, a numpy value or a Python scalar.

    Returns
    -------
    numpy.ndarray
        numpy values as they are (no copy); Python scalars as 0-d arrays; device arrays
        copied to the host.
    """
    b = _by_type.get(type(value)) if _active[0] else None
    return numpy.asarray(value) if b is None else b.to_host(value)


def like(host_value, reference):
    """Copy host data onto the device holding `reference`, explicitly.

    Parameters
    ----------
    host_value : numpy.ndarray or scalar
        The data (an array already of reference's backend passes through).
    reference : array
        An array on the target device.

    Returns
    -------
    array
        `host_value` unchanged when `reference` is a numpy value (or host_value is
        already a device array), else a copy on reference's device.
    """
    b = _by_type.get(type(reference)) if _active[0] else None
    if b is None or _by_type.get(type(host_value)) is b:
        return host_value               # already there (a device array passes through)
    return b.from_host(numpy.asarray(host_value), b.device_index(reference))


def shape_of(value):
    """Give the shape of a value without converting it.

    Parameters
    ----------
    value : object
        An array of any backend, a tracer, a Python scalar or a nested list.

    Returns
    -------
    tuple of int
        Its shape (() for a scalar).
    """
    shape = getattr(value, "shape", None)
    return tuple(shape) if shape is not None else numpy.shape(value)


def for_module(xp):
    """Find the backend whose array module is `xp` (as primitives receive it).

    Parameters
    ----------
    xp : module
        An array module (numpy, cupy, ...).

    Returns
    -------
    Backend
        Its backend.

    Raises
    ------
    LookupError
        If no registered backend has that module.
    """
    b = _by_module.get(id(xp))
    if b is None:
        _ensure_cupy()
        b = _by_module.get(id(xp))
    if b is None:
        raise LookupError(f"no funcgrad backend has the array module {xp!r}")
    return b


_routines = {}                  # (id(module), path) -> function, found by `routine`


def routine(xp, path, caller):
    """Look up a routine of an array module, with an error naming the op when it is missing.

    Paths are dotted and relative to the module ("linalg.eig"); paths starting with
    "scipy." look in the backend's scipy counterpart ("scipy.special.iv"). Lookups are
    cached.

    Parameters
    ----------
    xp : module
        The array module an impl received.
    path : str
        The routine's dotted name, relative to the array module.
    caller : str
        The funcgrad function that needs it, named in the error.

    Returns
    -------
    callable
        The routine.

    Raises
    ------
    NotImplementedError
        When the backend's library does not provide the routine: the message names
        `caller`, the missing routine, and how to run the op on the CPU instead.
    """
    key = (id(xp), path)
    fn = _routines.get(key)
    if fn is not None:
        return fn
    b = for_module(xp)
    fn = None if path in b.missing else _lookup(b, path)
    if fn is None:
        raise NotImplementedError(_missing_message(b, path, caller))
    _routines[key] = fn
    return fn


def _lookup(b, path):
    """The routine, or None if the library lacks it. On the CPU a missing scipy is an
    ImportError of its own (install scipy), not a missing routine."""
    parts = path.split(".")
    try:
        obj = b.scipy(parts[1]) if parts[0] == "scipy" else b.module
        for part in parts[2:] if parts[0] == "scipy" else parts:
            obj = getattr(obj, part)
    except ImportError:
        if b is NUMPY:
            raise
        return None
    except AttributeError:
        return None
    return obj


def _library_name(b, path):
    if path.startswith("scipy."):
        return ("cupyx." + path) if b.name == "cupy" else f"{b.name}'s {path}"
    return f"{b.name}.{path}"


def _missing_message(b, path, caller):
    return (f"{caller} cannot run on device '{b.device_type}': {_library_name(b, path)} "
            f"is not available in the installed {b.name}. Move the inputs to the CPU "
            f"first with funcgrad.backend.to_device(x, 'cpu') (Tensor.cpu() in the "
            f"Tensor API), and the result back with to_device(y, '{b.device_type}').")
