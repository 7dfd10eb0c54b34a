"""Traces and tracers: how a function's ops are seen by the transforms.

A transform makes a trace, wraps its inputs as `Tracer`s of that trace, and
runs the user's function on them with concrete values (so Python control flow
works). Every op reaches `bind`; with a tracer among its arguments, `bind`
hands the op to the innermost trace present, which
* `RecordTrace`: appends an `Eqn` to its tape (reverse mode, jacobians), or
* `JVPTrace`: computes the output's tangent at once (forward mode).
Either way the trace computes the output by binding the primitive again on the
unwrapped values, which may be tracers of an outer trace: that is how a nested
transform records the inner computation on the outer tape.

Each trace has a unique, increasing level. A trace treats values of other
traces as constants, so nested derivatives never confuse their perturbations.
The stack of active traces is per thread.
"""
import itertools
import threading

from . import debug as _debug
from .primitive import Boxed, bind, _dispatch
from .tape import SLIM_MIN_SIZE, Eqn, Tape, slim

__all__ = ["Tracer", "RecordTrace", "JVPTrace", "new_trace", "active_traces"]

_levels = itertools.count(1)
_state = threading.local()
fnp = None  # funcgrad.numpy, set when it is imported: tracers' operators use it
tensor_apply = None  # set by funcgrad.tensor: applies a primitive to Tensors


def active_traces():
    """The traces active in this thread, outermost first."""
    stack = getattr(_state, "stack", None)
    if stack is None:
        stack = _state.stack = []
    return stack


class new_trace:
    """Context manager: a fresh trace of `kind`, active for the `with` block.

    The trace gets the next nesting level and is pushed on this thread's stack of active
    traces; on exit it is removed and marked inactive, so a tracer that escapes the block
    raises RuntimeError when used.

    Parameters
    ----------
    kind : type
        A `Trace` subclass (RecordTrace, JVPTrace, BatchTrace, JitTrace), called with the
        level.
    """

    def __init__(self, kind):
        self.trace = kind(next(_levels))

    def __enter__(self):
        active_traces().append(self.trace)
        return self.trace

    def __exit__(self, *exc):
        stack = active_traces()
        stack.remove(self.trace)
        self.trace.active = False
        return False


def _is_inexact(value):
    try:
        return value.dtype.kind in "fc"
    except AttributeError:
        return False


class Trace:
    """Base of the traces: a nesting `level` (higher is inner) and whether it is still active."""
    __slots__ = ("level", "active")

    def __init__(self, level):
        self.level = level
        self.active = True

    def check_active(self, prim):
        """Raise RuntimeError if this trace's transform has returned (a tracer escaped it)."""
        if not self.active:
            raise RuntimeError(
                f"{prim.name}: a traced value escaped the transform that made it "
                f"(it was stored outside the function and used after the transform "
                f"returned). Return it as an output or auxiliary value instead.")


class RecordTrace(Trace):
    """Records every op on its inputs' descendants into a `Tape`."""
    __slots__ = ("tape",)

    def __init__(self, level):
        super().__init__(level)
        self.tape = Tape()

    def new_input(self, value):
        """A tracer for an input of the recorded function, with a fresh tape variable."""
        var = self.tape.new_var()
        return Tracer(self, value, var)

    def process(self, prim, args, params):
        """Bind prim on the unwrapped values and append an `Eqn` for it to the tape.

        Returns tracers for float and complex outputs; integer, boolean and nondiff
        outputs are returned plain and not recorded."""
        if not self.active:
            self.check_active(prim)
        ins, vals = [], []
        for a in args:
            if type(a) is Tracer and a._trace is self:
                ins.append(a.aux)
                vals.append(a.value)
            else:
                ins.append(None)
                vals.append(a)
        out = bind(prim, *vals, **params)
        if prim.nondiff:
            return out
        site = None
        if _debug._threads_on[0] and _debug.is_debug_nans():
            site = _debug.recording_site()
            _debug.check(out if prim.multiple_results else (out,), prim, "forward value", site,
                         inputs=vals)
        tape = self.tape
        if prim.multiple_results:
            outs = tuple(tape.new_var() if _is_inexact(o) else None for o in out)
            tape.eqns.append(Eqn(prim, params, tuple(ins), tuple(vals), outs, tuple(out), site))
            return tuple(o if i is None else Tracer(self, o, i) for i, o in zip(outs, out))
        if not _is_inexact(out):
            return out
        var = tape.n_vars
        tape.n_vars = var + 1
        use = prim.residual_use
        saved_out, saved_in = out, vals
        # keep only what the rules read; worth it only for large outputs (ops whose unread
        # inputs are large and output small, like reductions, read their inputs anyway)
        if use is not None and getattr(out, "size", 0) >= SLIM_MIN_SIZE:
            saved_out = out if use[0] else slim(out)
            saved_in = [v if (i is None or keep) else slim(v) for v, i, keep in zip(vals, ins, use[1])]
        tape.eqns.append(Eqn(prim, params, tuple(ins), tuple(saved_in), var, saved_out, site))
        return Tracer(self, out, var)

    def process_precomputed(self, prim, args, outs):
        """Record prim(*args) whose outputs `outs` were computed by the caller."""
        self.check_active(prim)
        ins = tuple(a.aux if type(a) is Tracer and a._trace is self else None for a in args)
        vals = tuple(a.value if type(a) is Tracer and a._trace is self else a for a in args)
        site = None
        if _debug.is_debug_nans():  # a custom_vjp/custom_jvp/checkpoint call's outputs
            site = _debug.recording_site()
            _debug.check(outs, prim, "forward value", site, inputs=vals)
        ids = tuple(self.tape.new_var() if _is_inexact(o) else None for o in outs)
        self.tape.eqns.append(Eqn(prim, {}, ins, vals, ids, tuple(outs), site))
        return tuple(o if i is None else Tracer(self, o, i) for i, o in zip(ids, outs))


class JVPTrace(Trace):
    """Carries a tangent beside every value and pushes it through each op."""
    __slots__ = ()

    def new_input(self, value, tangent):
        """A tracer for an input of the function, carrying its tangent."""
        return Tracer(self, value, tangent)

    def process(self, prim, args, params):
        """Bind prim on the unwrapped values and push the tangents through its jvp rule.

        Returns tracers carrying the output tangents (plain values for nondiff, integer
        and boolean outputs)."""
        if not self.active:
            self.check_active(prim)
        vals, tangents = [], []
        for a in args:
            if type(a) is Tracer and a._trace is self:
                vals.append(a.value)
                tangents.append(a.aux)
            else:
                vals.append(a)
                tangents.append(None)
        out = bind(prim, *vals, **params)
        if prim.nondiff:
            return out
        t_out = _rules.apply_jvp(prim, params, vals, out, tangents)
        if _debug._threads_on[0] and _debug.is_debug_nans():
            multiple = prim.multiple_results
            site = _debug.recording_site()
            _debug.check(out if multiple else (out,), prim, "forward value", site, inputs=vals)
            _debug.check(t_out if multiple else (t_out,), prim, "tangent", site, inputs=tangents)
        if prim.multiple_results:
            return tuple(Tracer(self, o, t) if _is_inexact(o) else o for o, t in zip(out, t_out))
        return Tracer(self, out, t_out) if _is_inexact(out) else out


def _dispatch_boxed(prim, args, params):
    top = None
    for a in args:
        if isinstance(a, Tracer):
            if top is None or a._trace.level > top.level:
                top = a._trace
        elif isinstance(a, Boxed):
            return tensor_apply(prim, args, params)
    return top.process(prim, args, params)


_dispatch[0] = _dispatch_boxed
_rules = None  # funcgrad.transforms.rules, which registers itself when imported


class Tracer(Boxed):
    """A value seen by a trace: array-like, with numpy's operators and methods."""
    __slots__ = ("_trace", "value", "aux")
    __array_priority__ = 1000

    def __init__(self, trace, value, aux):
        self._trace = trace
        self.value = value
        self.aux = aux  # the variable id (RecordTrace) or the tangent (JVPTrace)

    shape = property(lambda self: self.value.shape)
    dtype = property(lambda self: self.value.dtype)
    ndim = property(lambda self: self.value.ndim)
    size = property(lambda self: self.value.size)
    T = property(lambda self: fnp.transpose(self))
    real = property(lambda self: fnp.real(self))
    imag = property(lambda self: fnp.imag(self))

    def __repr__(self):
        return f"Tracer<level {self._trace.level}>({self.value!r})"

    def __len__(self):
        return len(self.value)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __bool__(self):
        return bool(self.value)

    def __float__(self):
        raise TypeError(
            "a traced value was converted to a Python float, which would drop its derivative "
            "(numpy does this when a traced value is stored into a plain array: y[i] = x). "
            "Build arrays with funcgrad.numpy (fnp.stack, fnp.concatenate, fnp.where), or use "
            "x.item() / funcgrad.stop_gradient(x) if a constant is intended.")

    def __int__(self):
        return int(self.value)

    def __index__(self):
        return self.value.__index__()

    def item(self):
        return self.value.item()

    def tolist(self):
        return self.value.tolist()

    def __hash__(self):
        return id(self)

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            "a traced value cannot be converted to a numpy array: that would drop its "
            "derivative. Use funcgrad.numpy (import funcgrad.numpy as np) functions on it, "
            "or funcgrad.stop_gradient(x) if the conversion is intended.")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method != "__call__" or kwargs.get("out") is not None:
            return NotImplemented
        fn = getattr(fnp, ufunc.__name__, None)
        if fn is None:
            return NotImplemented
        return fn(*inputs, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        fn = fnp.numpy_equivalent(func)
        if fn is None:
            return NotImplemented
        return fn(*args, **kwargs)

    def __array_namespace__(self, api_version=None):
        """funcgrad.numpy: code that asks a value for its namespace (the array API's
        ``x.__array_namespace__()``) gets the differentiable one, as Tensors do."""
        return fnp

    # operators
    def __add__(self, o): return fnp.add(self, o)
    def __radd__(self, o): return fnp.add(o, self)
    def __sub__(self, o): return fnp.subtract(self, o)
    def __rsub__(self, o): return fnp.subtract(o, self)
    def __mul__(self, o): return fnp.multiply(self, o)
    def __rmul__(self, o): return fnp.multiply(o, self)
    def __truediv__(self, o): return fnp.true_divide(self, o)
    def __rtruediv__(self, o): return fnp.true_divide(o, self)
    def __floordiv__(self, o): return fnp.floor_divide(self, o)
    def __rfloordiv__(self, o): return fnp.floor_divide(o, self)
    def __mod__(self, o): return fnp.remainder(self, o)
    def __rmod__(self, o): return fnp.remainder(o, self)
    def __pow__(self, o): return fnp.power(self, o)
    def __rpow__(self, o): return fnp.power(o, self)
    def __matmul__(self, o): return fnp.matmul(self, o)
    def __rmatmul__(self, o): return fnp.matmul(o, self)
    def __neg__(self): return fnp.negative(self)
    def __pos__(self): return self
    def __abs__(self): return fnp.abs(self)
    def __eq__(self, o): return fnp.equal(self, o)
    def __ne__(self, o): return fnp.not_equal(self, o)
    def __lt__(self, o): return fnp.less(self, o)
    def __le__(self, o): return fnp.less_equal(self, o)
    def __gt__(self, o): return fnp.greater(self, o)
    def __ge__(self, o): return fnp.greater_equal(self, o)
    # on boolean values (masks under vmap): numpy's & | ^ ~ on bools are the logical ops
    def __and__(self, o): return _boolean(fnp.logical_and, self, o)
    def __rand__(self, o): return _boolean(fnp.logical_and, o, self)
    def __or__(self, o): return _boolean(fnp.logical_or, self, o)
    def __ror__(self, o): return _boolean(fnp.logical_or, o, self)
    def __xor__(self, o): return _boolean(fnp.logical_xor, self, o)
    def __rxor__(self, o): return _boolean(fnp.logical_xor, o, self)
    def __invert__(self): return _boolean(fnp.logical_not, self)
    def __getitem__(self, index): return fnp.getitem(self, index)

    # methods mirroring ndarray's
    def sum(self, axis=None, keepdims=False, **kw): return fnp.sum(self, axis=axis, keepdims=keepdims, **kw)
    def mean(self, axis=None, keepdims=False, **kw): return fnp.mean(self, axis=axis, keepdims=keepdims, **kw)
    def prod(self, axis=None, keepdims=False, **kw): return fnp.prod(self, axis=axis, keepdims=keepdims, **kw)
    def max(self, axis=None, keepdims=False, **kw): return fnp.max(self, axis=axis, keepdims=keepdims, **kw)
    def min(self, axis=None, keepdims=False, **kw): return fnp.min(self, axis=axis, keepdims=keepdims, **kw)
    def var(self, axis=None, ddof=0, keepdims=False, **kw): return fnp.var(self, axis=axis, ddof=ddof, keepdims=keepdims, **kw)
    def std(self, axis=None, ddof=0, keepdims=False, **kw): return fnp.std(self, axis=axis, ddof=ddof, keepdims=keepdims, **kw)
    def argmax(self, axis=None, **kw): return fnp.argmax(self, axis=axis, **kw)
    def argmin(self, axis=None, **kw): return fnp.argmin(self, axis=axis, **kw)
    def dot(self, other): return fnp.dot(self, other)
    def clip(self, a_min=None, a_max=None): return fnp.clip(self, a_min, a_max)
    def conj(self): return fnp.conj(self)
    conjugate = conj
    def astype(self, dtype, **kw): return fnp.astype(self, dtype)
    def ravel(self): return fnp.ravel(self)
    flatten = ravel
    def squeeze(self, axis=None): return fnp.squeeze(self, axis)
    def swapaxes(self, a, b): return fnp.swapaxes(self, a, b)
    def cumsum(self, axis=None): return fnp.cumsum(self, axis)
    def diagonal(self, offset=0, axis1=0, axis2=1): return fnp.diagonal(self, offset, axis1, axis2)
    def trace(self, offset=0, axis1=0, axis2=1): return fnp.trace(self, offset, axis1, axis2)
    def repeat(self, repeats, axis=None): return fnp.repeat(self, repeats, axis)
    def cumprod(self, axis=None): return fnp.cumprod(self, axis)
    def argsort(self, axis=-1, **kw): return fnp.argsort(self, axis=axis, **kw)
    def take(self, indices, axis=None, **kw): return fnp.take(self, indices, axis=axis, **kw)
    def nonzero(self): return fnp.nonzero(self)
    def all(self, axis=None, keepdims=False, **kw): return fnp.all(self, axis, keepdims=keepdims, **kw)
    def any(self, axis=None, keepdims=False, **kw): return fnp.any(self, axis, keepdims=keepdims, **kw)

    def reshape(self, *shape, order="C"):
        return fnp.reshape(self, shape[0] if len(shape) == 1 else shape, order=order)

    def transpose(self, *axes):
        return fnp.transpose(self, axes[0] if len(axes) == 1 else (axes or None))


Tracer._raw = Tracer.__dict__["value"].__get__   # the stored value (see primitive.concrete)

# One line per ndarray-like member: what it mirrors and how it differentiates.
_TRACER_DOCS = {
    "shape": "The value's shape, as ndarray.shape (a plain tuple).",
    "dtype": "The value's dtype, as ndarray.dtype.",
    "ndim": "The value's number of axes, as ndarray.ndim.",
    "size": "The value's number of elements, as ndarray.size.",
    "T": "Mirror ndarray.T (axes reversed); differentiable, linear.",
    "real": "Mirror ndarray.real; differentiable (funcgrad.numpy.real).",
    "imag": "Mirror ndarray.imag; differentiable (funcgrad.numpy.imag).",
    "item": "Mirror ndarray.item: the plain Python scalar, a constant with no derivative.",
    "tolist": "Mirror ndarray.tolist: plain Python values, constants with no derivative.",
    "sum": "Mirror ndarray.sum(axis, keepdims); differentiable (funcgrad.numpy.sum).",
    "mean": "Mirror ndarray.mean(axis, keepdims); differentiable (funcgrad.numpy.mean).",
    "prod": "Mirror ndarray.prod(axis, keepdims); differentiable, exact where entries are 0.",
    "max": "Mirror ndarray.max(axis, keepdims); differentiable, tied maxima share the gradient.",
    "min": "Mirror ndarray.min(axis, keepdims); differentiable, tied minima share the gradient.",
    "var": "Mirror ndarray.var(axis, ddof, keepdims); differentiable (funcgrad.numpy.var).",
    "std": "Mirror ndarray.std(axis, ddof, keepdims); differentiable (funcgrad.numpy.std).",
    "argmax": "Mirror ndarray.argmax(axis): integer indices, a constant to every transform.",
    "argmin": "Mirror ndarray.argmin(axis): integer indices, a constant to every transform.",
    "dot": "Mirror ndarray.dot(other); differentiable in both operands (funcgrad.numpy.dot).",
    "clip": "Mirror ndarray.clip(a_min, a_max); differentiable, gradient 1 inside [a_min, a_max].",
    "conj": "Mirror ndarray.conj; differentiable, linear (funcgrad.numpy.conj).",
    "conjugate": "Mirror ndarray.conjugate (the same as conj); differentiable, linear.",
    "astype": "Mirror ndarray.astype(dtype), other keywords ignored; differentiable to float and "
              "complex dtypes (cotangents are cast back), a constant for integer or bool dtypes.",
    "ravel": "Mirror ndarray.ravel (C order); differentiable, linear.",
    "flatten": "Mirror ndarray.flatten (the same as ravel); differentiable, linear.",
    "squeeze": "Mirror ndarray.squeeze(axis); differentiable, linear.",
    "swapaxes": "Mirror ndarray.swapaxes(a, b); differentiable, linear.",
    "cumsum": "Mirror ndarray.cumsum(axis); differentiable, linear.",
    "diagonal": "Mirror ndarray.diagonal(offset, axis1, axis2); differentiable, linear.",
    "trace": "Mirror ndarray.trace(offset, axis1, axis2); differentiable, linear.",
    "repeat": "Mirror ndarray.repeat(repeats, axis); differentiable, linear.",
    "cumprod": "Mirror ndarray.cumprod(axis); differentiable (funcgrad.numpy.cumprod).",
    "argsort": "Mirror ndarray.argsort(axis, kind, stable): integer indices, a constant.",
    "take": "Mirror ndarray.take(indices, axis); differentiable in the values, not the indices.",
    "nonzero": "Mirror ndarray.nonzero: a tuple of integer index arrays, constants.",
    "all": "Mirror ndarray.all(axis, keepdims): booleans, a constant to every transform.",
    "any": "Mirror ndarray.any(axis, keepdims): booleans, a constant to every transform.",
    "reshape": "Mirror ndarray.reshape(*shape, order); differentiable, linear.",
    "transpose": "Mirror ndarray.transpose(*axes); differentiable, linear.",
}
for _name, _doc in _TRACER_DOCS.items():
    getattr(Tracer, _name).__doc__ = _doc   # functions and properties both take a __doc__
del _name, _doc


def _boolean(op, *args):
    """op on boolean operands; integer bit operations have no traced form."""
    for a in args:
        if isinstance(a, Tracer) and a.dtype != bool:
            raise TypeError("&, |, ^ and ~ on a traced value are defined for booleans only")
    return op(*args)
