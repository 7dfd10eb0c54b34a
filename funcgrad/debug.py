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

__all__ = ["debug_nans", "set_debug_nans", "is_debug_nans", "check", "check_arguments",
           "recording_site"]

_state = threading.local()
_threads_on = [0]  # how many threads have it on: when 0 the per-op check is one list read


def is_debug_nans():
    """Tell whether NaN/inf checking is on in this thread.

    Returns
    -------
    bool
        The current thread's setting (False in threads that never turned it on).
    """
    return _threads_on[0] > 0 and getattr(_state, "on", False)


def set_debug_nans(flag):
    """Turn NaN/inf checking on or off for the current thread.

    Other threads keep their own setting. Prefer the `debug_nans` context manager, which
    restores the previous setting.

    Parameters
    ----------
    flag : bool
        True to check every traced op's outputs (and, in reverse and forward mode, every
        cotangent and tangent its rules produce).

    Returns
    -------
    bool
        The previous setting.
    """
    previous = getattr(_state, "on", False)
    flag = bool(flag)
    if flag != previous:
        with _lock:
            _threads_on[0] += 1 if flag else -1
    _state.on = flag
    return previous


_lock = threading.Lock()


@contextlib.contextmanager
def debug_nans(flag=True):
    """Check for NaN and inf inside the `with` block (or the decorated function).

    While on, every op recorded or pushed forward by a transform checks its output, and
    reverse and forward mode check every cotangent and tangent; the first NaN or inf
    raises FloatingPointError naming the primitive, the phase (forward value, cotangent,
    tangent) and the user's source lines where the op was recorded. An input that
    already holds a NaN is reported as such. The setting is per thread and the previous
    one is restored on exit. Eager calls outside any transform are not checked. Off, it
    costs one flag test per op.

    Parameters
    ----------
    flag : bool, optional
        False turns checking off inside the block instead.

    Yields
    ------
    None
        The block runs with the setting in force.

    Raises
    ------
    FloatingPointError
        From inside the block, at the first op that produces a NaN or inf.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> with fg.debug_nans():
    ...     fg.grad(lambda x: fnp.sum(fnp.sqrt(x)))(np.array([0.0, 1.0]))
    Traceback (most recent call last):
    ...
    FloatingPointError: debug_nans: sqrt produced nan/inf in its cotangent (reverse mode) ...
    """
    previous = set_debug_nans(flag)
    try:
        yield
    finally:
        set_debug_nans(previous)


def _bad(value):
    """True if value (any backend's array, under any tracer or Tensor) holds a nan or inf.

    The test runs on the value's own device; only its one-boolean answer is read back."""
    from funcgrad.primitive import array_module_of, concrete
    v = concrete(value)
    dtype = getattr(v, "dtype", None)
    if dtype is None or dtype.kind not in "fc":
        return False
    xp = array_module_of(v)
    return not bool(xp.all(xp.isfinite(v)))


def recording_site():
    """Describe the user's stack where an op is being recorded.

    Returns
    -------
    str
        The last six frames outside funcgrad and its op library, formatted as a
        traceback.
    """
    frames = [f for f in traceback.extract_stack()[:-1]
              if "/funcgrad/" not in f.filename and "/primitives/" not in f.filename]
    return "".join(traceback.format_list(frames[-6:]))


def check(values, prim, phase, site=None, inputs=None):
    """Raise FloatingPointError if any of `values` holds a nan or inf.

    Parameters
    ----------
    values : sequence
        The op's outputs, cotangents or tangents (None entries are skipped), on any
        backend, possibly traced.
    prim : Primitive or str
        The op, named in the message.
    phase : str
        What `values` are ("forward value", "cotangent", "tangent").
    site : str, optional
        Where the op was recorded (`recording_site`), appended to the message.
    inputs : sequence, optional
        The values the op read: when one of them already held a nan/inf, the op did not
        create it, and the message says it came from an argument or a captured constant.

    Raises
    ------
    FloatingPointError
        At the first value holding a nan or inf.
    """
    for k, v in enumerate(values):
        if v is not None and _bad(v):
            name = getattr(prim, "name", prim)
            where = f"\nThe op was recorded at:\n{site}" if site else ""
            bad_in = [i for i, x in enumerate(inputs or ()) if x is not None and _bad(x)]
            if bad_in:
                raise FloatingPointError(
                    f"debug_nans: {name} received nan/inf in its input {bad_in[0]} ({phase}); no "
                    f"traced op produced it: it came from an argument of the transformed function "
                    f"or from a constant the function captured. Check them with "
                    f"numpy.isfinite.{where}")
            raise FloatingPointError(
                f"debug_nans: {name} produced nan/inf in its {phase} (output {k}).{where}")


def check_arguments(transform, values, what="argument"):
    """Check a transform's arguments before any op runs.

    Parameters
    ----------
    transform : str
        The transform's name, for the message.
    values : sequence
        The flattened arguments (None entries are skipped).
    what : str, optional
        What the values are ("argument", "cotangent", "tangent").

    Raises
    ------
    FloatingPointError
        Naming the first value (by its flattened position) holding a nan or inf.
    """
    for k, v in enumerate(values):
        if v is not None and _bad(v):
            raise FloatingPointError(
                f"debug_nans: {transform}: {what} {k} holds nan/inf before any op ran; "
                f"pass finite values (check with numpy.isfinite) or turn debug_nans off.")
