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
    return state.grad_enabled


def is_inference_mode_enabled():
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
    """Ops inside record no graph: results have requires_grad=False."""
    _mode = False


class enable_grad(_ModeSetter):
    """Re-enable recording inside no_grad (not inside inference_mode)."""
    _mode = True


class set_grad_enabled(_DecoratorContext):
    """Set grad mode now; as a context manager, restore the previous mode on exit."""

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
        return set_grad_enabled(self.mode)


class inference_mode(_DecoratorContext):
    """Like no_grad, and the tensors made inside are inference tensors."""

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
