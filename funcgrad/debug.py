"""NaN/inf detection for the functional transforms: name the first op that produced one.

    with fg.debug_nans():
        fg.grad(f)(x)      # FloatingPointError naming the primitive and where it was called

When on (per thread), every traced op checks its output and, in reverse and forward
mode, every cotangent and tangent its rules produce. A backward-pass error shows the
user's source lines where the failing op was recorded. Off, it costs one flag test per op.
"""
import contextlib
import threading
import traceback

import numpy as np

__all__ = ["debug_nans", "set_debug_nans", "is_debug_nans", "check", "recording_site"]

_state = threading.local()


def is_debug_nans():
    return getattr(_state, "on", False)


def set_debug_nans(flag):
    """Turn NaN/inf checking on or off for this thread; returns the previous setting."""
    previous = is_debug_nans()
    _state.on = bool(flag)
    return previous


@contextlib.contextmanager
def debug_nans(flag=True):
    """Context manager (and decorator, via contextlib) enabling NaN/inf checks."""
    previous = set_debug_nans(flag)
    try:
        yield
    finally:
        set_debug_nans(previous)


def _concrete(value):
    from funcgrad.primitive import Boxed
    while isinstance(value, Boxed):
        value = value.value if hasattr(value, "value") else value.detach().numpy()
    return value


def _bad(value):
    v = _concrete(value)
    dtype = getattr(v, "dtype", None)
    if dtype is None or dtype.kind not in "fc":
        return False
    return not bool(np.all(np.isfinite(np.asarray(v))))


def recording_site():
    """The user's stack where an op is being recorded (funcgrad's own frames left out)."""
    frames = [f for f in traceback.extract_stack()[:-1]
              if "/funcgrad/" not in f.filename and "/primitives/" not in f.filename]
    return "".join(traceback.format_list(frames[-6:]))


def check(values, prim, phase, site=None):
    """Raise FloatingPointError if any of `values` holds a nan or inf."""
    for k, v in enumerate(values):
        if v is not None and _bad(v):
            where = f"\nThe op was recorded at:\n{site}" if site else ""
            raise FloatingPointError(
                f"debug_nans: {prim.name} produced nan/inf in its {phase} (output {k}).{where}")
