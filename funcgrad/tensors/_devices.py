"""Devices in the Tensor facade: where a tensor's array lives, moving it, PyTorch's errors.

A tensor's device is its array's (nothing else is stored): numpy arrays are on "cpu",
arrays of the backend registered for "cuda" (cupy, or the test suite's hostless
stand-in) on "cuda:<index>". Factories make their values with numpy and copy them
once onto the requested device (`place`); `Tensor.to(device)` copies explicitly
(`funcgrad.backend.to_device`). Ops never copy: a GPU tensor meeting a CPU tensor
that is not 0-d is PyTorch's "Expected all tensors to be on the same device" error.
"""
import numpy as np

from funcgrad import backend as fb
from funcgrad.primitive import Boxed

__all__ = ["DeviceUnavailableError", "array_of", "device_name", "xp_of", "is_cpu",
           "normalize", "place", "move", "mismatch_error", "check_same", "unavailable",
           "to_host", "data_pointer", "module_for", "find_mismatch",
           "set_default_device", "get_default_device", "alongside",
           "sparse_indices"]

_ndarray = np.ndarray


class DeviceUnavailableError(AssertionError, RuntimeError):
    """A device was asked for that this machine cannot serve.

    An AssertionError, as PyTorch built without CUDA raises ("Torch not compiled with
    CUDA enabled"), and a RuntimeError, as `funcgrad.backend.for_device` raises.
    """


def array_of(data):
    """The concrete array under `data` (a functional transform's tracer holds one)."""
    while isinstance(data, Boxed):
        inner = getattr(data, "value", None)
        if inner is None:
            inner = getattr(data, "_data", None)      # a Tensor (rules under create_graph)
        if inner is None:
            return data
        data = inner
    return data


def device_name(data):
    """'cpu' or 'cuda:<index>' for a tensor's data."""
    if type(data) is _ndarray:
        return "cpu"
    return fb.device_of(array_of(data))


def is_cpu(data):
    """True when a tensor's data lives in host memory."""
    return type(data) is _ndarray or device_name(data) == "cpu"


def xp_of(data):
    """The array module (numpy, cupy...) serving a device array; numpy for anything else
    (numpy arrays, and Tensors or tracers, which numpy's functions hand to funcgrad.numpy)."""
    if type(data) is _ndarray or not fb.is_array(data):
        return np
    return fb.backend_of((data,)).module


def unavailable(device, reason=None):
    """The error for a device that cannot be used here, naming the fix."""
    kind = str(device).split(":")[0]
    if kind == "cuda":
        why = reason or ("cupy is not installed (pip install 'funcgrad[gpu]')"
                         if not _cuda_registered() else "no CUDA device is visible")
        return DeviceUnavailableError(
            f"funcgrad cannot use device '{device}': {why}. Check "
            f"funcgrad.cuda.is_available() before asking for CUDA, or use device='cpu'.")
    return DeviceUnavailableError(
        f"funcgrad cannot use device '{device}': funcgrad runs on 'cpu' (numpy) and 'cuda' "
        f"(cupy) only. Use device='cpu'.")


def _cuda_registered():
    return any(b.device_type == "cuda" for b in fb.backends())


def normalize(device):
    """A device argument (None, str, int, funcgrad.device) as 'cpu' / 'cuda:<index>'.

    None stays None. 'cuda' means the current CUDA device. Raises PyTorch's errors for
    malformed names and `DeviceUnavailableError` for devices this machine lacks.
    """
    if device is None:
        return None
    if type(device) is str and device == "cpu":
        return "cpu"
    from ._core import device as device_class
    d = device if isinstance(device, device_class) else device_class(device)
    if d.type == "cpu":
        return "cpu"
    if d.type != "cuda":
        raise unavailable(str(d))
    index = d.index if d.index is not None else _current_cuda_index()
    name = f"cuda:{index}"
    try:
        fb.for_device(name)
    except RuntimeError:
        raise unavailable(str(d)) from None
    _mark_cuda_used()
    if index >= _cuda_device_count():
        raise DeviceUnavailableError(
            f"funcgrad cannot use device '{name}': this machine has "
            f"{_cuda_device_count()} CUDA device(s). Use an index below the count "
            f"funcgrad.cuda.device_count() reports.")
    return name


def _current_cuda_index():
    from funcgrad import cuda
    return cuda.current_device_index()


def _mark_cuda_used():
    from funcgrad import cuda
    cuda._state["initialized"] = True


def _cuda_device_count():
    from funcgrad import cuda
    return cuda.device_count()


def module_for(target):
    """The array module serving the normalized device `target` ('cpu', 'cuda:0')."""
    return fb.for_device(target).module


_default = [None]      # set_default_device: where factories put tensors by default


def set_default_device(device):
    """Make factories (tensor, zeros, rand...) put their results on `device` when they are
    given no device=, as torch.set_default_device.

    Parameters
    ----------
    device : str, int, funcgrad.device or None
        The device; None goes back to the CPU.
    """
    _default[0] = None if device is None else normalize(device)


def get_default_device():
    """The device factories use when given none."""
    from ._core import device
    return device(_default[0] or "cpu")


def place(array, device):
    """A freshly made numpy `array` moved onto `device` (None: the default device)."""
    target = normalize(device) if device is not None else _default[0]
    if target is None or target == "cpu":
        return array
    return fb.to_device(array, target)


def move(data, target):
    """An explicit copy of a tensor's data onto the normalized device `target`."""
    if device_name(data) == target:
        return data
    return fb.to_device(data, target)


def alongside(array, data):
    """`array` (an index or mask made on the host) on the device of a tensor's `data`."""
    if type(data) is _ndarray or not fb.is_array(data) or not isinstance(array, _ndarray):
        return array
    return fb.to_device(array, device_name(data))


def sparse_indices(xp, shape):
    """numpy.indices(shape, sparse=True) for any array module (cupy's has no `sparse`)."""
    k = len(shape)
    return [xp.arange(n).reshape((1,) * i + (n,) + (1,) * (k - i - 1))
            for i, n in enumerate(shape)]


def mismatch_error(first, second):
    """PyTorch's error for tensors of two devices meeting in one op."""
    return RuntimeError(f"Expected all tensors to be on the same device, but found at least "
                        f"two devices, {first} and {second}!")


def check_same(datas):
    """Raise PyTorch's error if arrays among `datas` live on two devices.

    0-d CPU arrays and Python scalars join any device, as CPU scalars do in PyTorch.
    """
    error = find_mismatch(datas)
    if error is not None:
        raise error


def find_mismatch(datas):
    """PyTorch's error for the first two devices met among `datas`, or None."""
    first = None
    for d in datas:
        if type(d) is _ndarray:
            if d.ndim == 0:
                continue
            name = "cpu"
        elif isinstance(d, Boxed) or fb.is_array(d):
            a = array_of(d)
            if isinstance(a, (_ndarray, np.generic)) and np.ndim(a) == 0:
                continue
            name = fb.device_of(a)
        else:
            continue
        if first is None:
            first = name
        elif name != first:
            return mismatch_error(first, name)
    return None


def to_host(data):
    """An explicit copy of device data to a numpy array (numpy data as it is)."""
    data = array_of(data)
    if isinstance(data, (_ndarray, np.generic)):
        return np.asarray(data)
    return fb.to_device(data, "cpu")


def data_pointer(array):
    """The address of a device array's first element."""
    memory = getattr(array, "data", None)
    pointer = getattr(memory, "ptr", None)        # cupy: a MemoryPointer
    if pointer is None:
        pointer = array.ctypes.data               # numpy-like arrays behind a wall
    return int(pointer)
