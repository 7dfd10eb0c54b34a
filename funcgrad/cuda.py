"""funcgrad.cuda: CUDA devices for the Tensor facade, as torch.cuda (served by cupy).

`funcgrad.cuda.is_available()` is True when a backend serves device type "cuda": cupy
with a visible GPU (`pip install 'funcgrad[gpu]'`), or a test stand-in registered
through `funcgrad.backend.register`. Without one, the functions that need a device
raise the error PyTorch built without CUDA raises (an AssertionError, here also a
RuntimeError) with a message naming the fix. Random tensors made for a CUDA device
draw from their own generator, seeded by `manual_seed` / `manual_seed_all`.
"""
from funcgrad import backend as _backend
from funcgrad import _dtypes
from funcgrad.tensors import _devices, _factories

__all__ = ["is_available", "device_count", "current_device", "set_device", "synchronize",
           "manual_seed", "manual_seed_all", "seed", "initial_seed", "get_device_name",
           "is_initialized", "init", "device", "empty_cache", "memory_allocated",
           "FloatTensor", "DoubleTensor", "HalfTensor", "LongTensor", "IntTensor", "ByteTensor", "BoolTensor", "default_generators"]

_state = {"current": 0, "initialized": False}


def _served():
    """The backend serving "cuda", or None when no usable one is registered."""
    try:
        return _backend.for_device("cuda")
    except RuntimeError:
        return None


def _require():
    """The backend serving "cuda"; DeviceUnavailableError naming the fix when there is none."""
    served = _served()
    if served is None:
        raise _devices.unavailable("cuda")
    _state["initialized"] = True
    return served


def is_available():
    """True when funcgrad can put tensors on a CUDA device.

    Returns
    -------
    bool
        Whether a backend (cupy, or a registered stand-in) serves device type "cuda"
        and sees a device.
    """
    return _served() is not None


def device_count():
    """The number of visible CUDA devices.

    Returns
    -------
    int
        The devices cupy's runtime sees (1 for a registered stand-in backend, 0 when
        no CUDA device can be used), as torch.cuda.device_count.
    """
    served = _served()
    if served is None:
        return 0
    runtime = getattr(getattr(served.module, "cuda", None), "runtime", None)
    if runtime is None:          # a stand-in backend: one device
        return 1
    return int(runtime.getDeviceCount())


def current_device():
    """The index of the device `device="cuda"` means.

    Returns
    -------
    int
        The current CUDA device's index (0 until `set_device` changes it).

    Raises
    ------
    AssertionError (DeviceUnavailableError)
        When no CUDA device can be used, as PyTorch built without CUDA.
    """
    _require()
    return _state["current"]


def current_device_index():
    """current_device() without the availability check.

    Returns
    -------
    int
        The current CUDA device's index (0 until `set_device` is called), even when no
        device can be used.
    """
    return _state["current"]


def _index(device):
    if device is None:
        return _state["current"]
    if isinstance(device, int) and not isinstance(device, bool):
        return device
    from funcgrad.tensors._core import device as device_class
    d = device if isinstance(device, device_class) else device_class(device)
    if d.type != "cuda":
        raise ValueError(f"Expected a cuda device, but got: {d}")
    return _state["current"] if d.index is None else d.index


def set_device(device):
    """Make `device` the current CUDA device (the one ``device="cuda"`` means).

    Parameters
    ----------
    device : int, str or funcgrad.device
        An index, ``'cuda:1'`` or ``funcgrad.device('cuda', 1)``; ``'cuda'`` without an
        index keeps the current one.

    Raises
    ------
    AssertionError (DeviceUnavailableError)
        When no CUDA device can be used, or the index is not below `device_count()`.
    ValueError
        For a device that is not a CUDA one.
    """
    served = _require()
    index = _index(device)
    if not 0 <= index < device_count():
        raise _devices.DeviceUnavailableError(
            f"funcgrad cannot use device 'cuda:{index}': this machine has {device_count()} "
            f"CUDA device(s). Pick an index below funcgrad.cuda.device_count().")
    cuda_api = getattr(served.module, "cuda", None)
    if cuda_api is not None and hasattr(cuda_api, "Device"):
        cuda_api.Device(index).use()
    _state["current"] = index


def synchronize(device=None):
    """Wait for every queued kernel on a CUDA device to finish.

    Parameters
    ----------
    device : int, str or funcgrad.device, optional
        The device; the current one by default.

    Raises
    ------
    AssertionError (DeviceUnavailableError)
        When no CUDA device can be used.
    """
    served = _require()
    cuda_api = getattr(served.module, "cuda", None)
    if cuda_api is not None and hasattr(cuda_api, "Device"):
        cuda_api.Device(_index(device)).synchronize()


def get_device_name(device=None):
    """The name of a CUDA device.

    Parameters
    ----------
    device : int, str or funcgrad.device, optional
        The device; the current one by default.

    Returns
    -------
    str
        The name the CUDA runtime reports (a stand-in backend names itself).

    Raises
    ------
    AssertionError (DeviceUnavailableError)
        When no CUDA device can be used.
    """
    served = _require()
    index = _index(device)
    runtime = getattr(getattr(served.module, "cuda", None), "runtime", None)
    if runtime is None:
        return f"{served.name} (funcgrad stand-in device {index})"
    name = runtime.getDeviceProperties(index)["name"]
    return name.decode() if isinstance(name, bytes) else str(name)


def _memory_pool():
    served = _served()
    pool = getattr(served.module, "get_default_memory_pool", None) if served else None
    return pool() if pool is not None else None


def empty_cache():
    """Give the device memory cupy's pool holds but no array uses back to the driver.

    A no-op without a CUDA device (or on a backend without a memory pool), as in
    PyTorch.
    """
    pool = _memory_pool()
    if pool is not None:
        pool.free_all_blocks()


def memory_allocated(device=None):
    """Bytes of device memory held by arrays right now.

    Parameters
    ----------
    device : int, str or funcgrad.device, optional
        Accepted for PyTorch compatibility; cupy's default memory pool is read.

    Returns
    -------
    int
        The bytes cupy's memory pool has handed to live arrays; 0 without a CUDA device
        or on a backend without a pool.
    """
    pool = _memory_pool()
    return int(pool.used_bytes()) if pool is not None else 0


def is_initialized():
    """Whether a CUDA device has been used in this process.

    Returns
    -------
    bool
        True once a function needing a device (`init`, `set_device`...) has found one.
    """
    return _state["initialized"]


def init():
    """Initialize CUDA: check that a device can be used.

    Raises
    ------
    AssertionError (DeviceUnavailableError)
        When no CUDA device can be used, as PyTorch built without CUDA.
    """
    _require()


default_generators = (_factories.cuda_generator,)


def manual_seed(seed):
    """Seed the generator random tensors made on CUDA devices draw from.

    As in torch, it works (and does nothing else) when no device is available.
    `manual_seed_all` is the same function.

    Parameters
    ----------
    seed : int
        The seed.
    """
    _factories.cuda_generator.manual_seed(seed)


manual_seed_all = manual_seed


def seed():
    """Seed the CUDA generator from fresh entropy (`initial_seed` then reports it)."""
    _factories.cuda_generator.seed()


def initial_seed():
    """The seed of the CUDA generator.

    Returns
    -------
    int
        The seed it was last seeded with (by `manual_seed` or `seed`).
    """
    return _factories.cuda_generator.initial_seed()


class device:
    """A context manager: ``with funcgrad.cuda.device(1):`` makes device 1 the current
    CUDA device inside the block and restores the previous one after it.

    Parameters
    ----------
    device : int, str or funcgrad.device
        The device to make current.
    """

    def __init__(self, device):
        self.index = _index(device)
        self._previous = None

    def __enter__(self):
        self._previous = _state["current"]
        set_device(self.index)
        return self

    def __exit__(self, *exc):
        set_device(self._previous)
        return False


FloatTensor = _factories._legacy_class("FloatTensor", _dtypes.float32, "cuda")
DoubleTensor = _factories._legacy_class("DoubleTensor", _dtypes.float64, "cuda")
HalfTensor = _factories._legacy_class("HalfTensor", _dtypes.float16, "cuda")
LongTensor = _factories._legacy_class("LongTensor", _dtypes.int64, "cuda")
IntTensor = _factories._legacy_class("IntTensor", _dtypes.int32, "cuda")
ByteTensor = _factories._legacy_class("ByteTensor", _dtypes.uint8, "cuda")
BoolTensor = _factories._legacy_class("BoolTensor", _dtypes.bool_, "cuda")
