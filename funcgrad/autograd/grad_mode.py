"""Grad modes: whether Tensor ops are recorded, per thread.

`no_grad`, `enable_grad`, `set_grad_enabled` and `inference_mode` work as context
managers and as decorators (with or without parentheses for the first two), as in
PyTorch. `set_grad_enabled(mode)` acts at once when called, and restores the
previous mode when used as a context manager.
"""
import functools
import inspect
import threading

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode",
           "is_grad_enabled", "is_inference_mode_enabled"]


class _State(threading.local):
    grad_enabled = True   # class attributes are each thread's initial values
    inference = False


state = _State()


def is_grad_enabled():
    """Whether grad mode is on in this thread (ops on tensors requiring grad are recorded).

    Returns
    -------
    bool
        False inside `no_grad` and `inference_mode`, True by default.
    """
    return state.grad_enabled


def is_inference_mode_enabled():
    """Whether this thread is inside `inference_mode`.

    Returns
    -------
    bool
    """
    return state.inference


class _DecoratorContext:
    """A context manager that can also decorate functions and generators."""

    def __call__(self, func):
        if inspect.isclass(func):
            raise RuntimeError(f"{type(self).__name__} cannot decorate a class")
        factory = self._fresh

        if inspect.isgeneratorfunction(func):
            @functools.wraps(func)
            def generator(*args, **kwargs):
                with factory():
                    yield from func(*args, **kwargs)
            return generator

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with factory():
                return func(*args, **kwargs)
        return wrapper

    def _fresh(self):
        return type(self)()


class _ModeSetter(_DecoratorContext):
    """Sets grad mode to `_mode` inside the block; usable bare as a decorator."""
    _mode = None

    def __new__(cls, func=None):
        self = super().__new__(cls)
        if func is not None and callable(func):   # bare decorator: @no_grad
            return self(func)
        return self

    def __init__(self, func=None):
        self.prev = None

    def __enter__(self):
        self.prev = state.grad_enabled
        if not state.inference:   # inference mode keeps recording off
            state.grad_enabled = self._mode

    def __exit__(self, *exc):
        state.grad_enabled = self.prev
        return False


class no_grad(_ModeSetter):
    """Context manager and decorator that turns graph recording off.

    Inside it, ops record no graph and their results have requires_grad False, even
    when their inputs require grad; in-place updates of leaves that require grad
    (parameter updates) are allowed. The previous mode is restored on exit.
    Thread-local, as in PyTorch.

    Parameters
    ----------
    func : callable, optional
        Used bare as a decorator (``@no_grad``), the function to wrap; it then returns
        the wrapped function. ``@no_grad()`` works too, also on generator functions.

    Examples
    --------
    >>> import funcgrad as fg
    >>> x = fg.ones(2, requires_grad=True)
    >>> with fg.no_grad():
    ...     y = x * 2
    >>> y.requires_grad
    False
    """
    _mode = False


class enable_grad(_ModeSetter):
    """Context manager and decorator that turns graph recording back on inside `no_grad`.

    It has no effect inside `inference_mode`, as in PyTorch.

    Parameters
    ----------
    func : callable, optional
        Used bare as a decorator (``@enable_grad``), the function to wrap.

    Examples
    --------
    >>> import funcgrad as fg
    >>> x = fg.ones(2, requires_grad=True)
    >>> with fg.no_grad():
    ...     with fg.enable_grad():
    ...         y = x * 2
    >>> y.requires_grad
    True
    """
    _mode = True


class set_grad_enabled(_DecoratorContext):
    """Set grad mode to `mode` now; as a context manager, restore the previous mode on exit.

    Calling it switches the mode at once (``set_grad_enabled(False)`` on a line of its
    own is a global switch for the thread). Used as a decorator, it leaves the
    current mode alone and sets `mode` while the decorated function runs.

    Parameters
    ----------
    mode : bool
        True to record graphs, False not to.

    Examples
    --------
    >>> import funcgrad as fg
    >>> x = fg.ones(2, requires_grad=True)
    >>> with fg.set_grad_enabled(False):
    ...     y = x * 2
    >>> y.requires_grad, fg.is_grad_enabled()
    (False, True)
    """

    def __init__(self, mode):
        self.prev = state.grad_enabled
        self.mode = bool(mode)
        state.grad_enabled = self.mode

    def __call__(self, func):
        state.grad_enabled = self.prev
        return super().__call__(func)

    def _fresh(self):
        return set_grad_enabled(self.mode)

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        state.grad_enabled = self.prev
        return False

    def __repr__(self):
        return f"{type(self).__module__}.{type(self).__qualname__}(mode={self.mode})"

    def clone(self):
        """A new `set_grad_enabled` with the same mode (which it sets at once).

        Returns
        -------
        set_grad_enabled
        """
        return set_grad_enabled(self.mode)


class inference_mode(_DecoratorContext):
    """Context manager and decorator for inference: no recording, and inference tensors.

    Like `no_grad`, and the tensors made inside are inference tensors: they have no
    version counter, cannot be modified in place outside inference mode, and cannot
    be saved for backward by a recording op. ``inference_mode(False)`` does nothing.

    Parameters
    ----------
    mode : bool, default True
        Whether to enable inference mode. Used bare as a decorator
        (``@inference_mode``), the function to wrap.

    Examples
    --------
    >>> import funcgrad as fg
    >>> with fg.inference_mode():
    ...     y = fg.ones(2) * 2
    >>> y.is_inference(), fg.is_inference_mode_enabled()
    (True, False)
    """

    def __new__(cls, mode=True):
        self = super().__new__(cls)
        if callable(mode) and not isinstance(mode, bool):   # bare decorator
            self.__init__(True)
            return self(mode)
        return self

    def __init__(self, mode=True):
        self.mode = bool(mode) if not callable(mode) else True
        self.prev = None

    def _fresh(self):
        return inference_mode(self.mode)

    def __enter__(self):
        self.prev = (state.grad_enabled, state.inference)
        if self.mode:
            state.grad_enabled = False
            state.inference = True

    def __exit__(self, *exc):
        state.grad_enabled, state.inference = self.prev
        return False
