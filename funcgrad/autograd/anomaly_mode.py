"""Anomaly detection switches: `set_detect_anomaly(mode, check_nan=True)` and
`detect_anomaly()`. The flag is recorded; the engine's error texts follow it.
"""
import warnings

__all__ = ["detect_anomaly", "set_detect_anomaly", "is_anomaly_enabled",
           "is_anomaly_check_nan_enabled"]

_state = {"enabled": False, "check_nan": True}


def is_anomaly_enabled():
    """Whether anomaly detection is on.

    Returns
    -------
    bool
        True inside `detect_anomaly` or after ``set_detect_anomaly(True)``.
    """
    return _state["enabled"]


def is_anomaly_check_nan_enabled():
    """Whether anomaly detection also checks the backward functions' results for nan.

    Returns
    -------
    bool
    """
    return _state["check_nan"]


class set_detect_anomaly:
    """Turn anomaly detection on or off now; as a context manager, restore it on exit.

    The flags are recorded and readable with `is_anomaly_enabled`; the engine's
    error texts follow them.

    Parameters
    ----------
    mode : bool
        Enable (True) or disable (False) anomaly detection.
    check_nan : bool, default True
        Whether backward results are checked for nan while it is enabled.

    Examples
    --------
    >>> import funcgrad as fg
    >>> with fg.autograd.set_detect_anomaly(True):
    ...     fg.is_anomaly_enabled()
    True
    >>> fg.is_anomaly_enabled()
    False
    """

    def __init__(self, mode, check_nan=True):
        self.prev = dict(_state)
        _state["enabled"] = bool(mode)
        _state["check_nan"] = bool(check_nan)

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        _state.update(self.prev)
        return False


class detect_anomaly:
    """Context manager and decorator enabling anomaly detection inside the block.

    Creating one warns (UserWarning) that anomaly detection slows things down, as
    PyTorch does. The previous settings are restored on exit.

    Parameters
    ----------
    check_nan : bool, default True
        Whether backward results are checked for nan inside the block.

    Examples
    --------
    >>> import warnings
    >>> import funcgrad as fg
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     with fg.autograd.detect_anomaly():
    ...         enabled = fg.is_anomaly_enabled()
    >>> enabled
    True
    """

    def __init__(self, check_nan=True):
        self.check_nan = check_nan
        self.prev = None
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime "
                      "and should only be enabled for debugging.", UserWarning, stacklevel=2)

    def __enter__(self):
        self.prev = dict(_state)
        _state["enabled"] = True
        _state["check_nan"] = self.check_nan

    def __exit__(self, *exc):
        _state.update(self.prev)
        return False

    def __call__(self, func):
        import functools

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__(self.check_nan):
                return func(*args, **kwargs)
        return wrapper
