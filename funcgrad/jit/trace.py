"""JitTrace: record a whole program, every primitive, onto a tape that can be replayed.

Like `RecordTrace`, a `JitTrace` runs the function on the first call's real values and
appends an `Eqn` for every primitive, so the first call returns real results. It differs
in two ways:

1. Every output is traced, also those of non-differentiable primitives (comparisons,
   argmax, integer results): they depend on the inputs and must stay symbolic.
2. A traced value refuses to become a Python value. `bool()`, `float()`, `int()`,
   `__index__`, `.item()`, `.tolist()`, using it as an index or a shape, a boolean mask
   made from it, and any rule that reads its concrete value to pick a formula all raise
   `ConcretizationError`, naming the operation and the user's source line, because the
   replayed tape would silently reuse the first call's decision.

A `JitTracer`'s concrete value is stored in the slot `Tracer.value` and read only by the
trace itself (`raw`); the public `value` attribute is the guarded property above, which is
what every unwrapping helper in funcgrad reads (`_lower`, `_concrete`, `static_value`).

Rules that pick a formula from values (audit of `_concrete` / `Boxed` in primitives/):
* `prod`'s derivative (reductions.py `_divides_exactly`: ans / x when no product is 0),
* `eigh`/`svd`/`eig` derivatives (linalg.py `inverse_gaps`: which eigenvalue gaps count as
  degenerate; `_pivots`: which eigenvector component LAPACK made real).
Under jit their `_concrete(x)` reads the guarded `value` and raises ConcretizationError,
so a first call's choice is never baked into the replayed tape. Both have
value-independent formulas (the product tree; masks built with funcgrad ops) that the
primitives could use when the value is unavailable; until they do, jit of the gradient
of prod or of an eigendecomposition is refused with that error (the forward values jit
fine). The funcgrad.numpy helpers that read values for argument checks or static
parameters (`checkable_value`, `static_value`, `normalize_index` for masks and index
arrays) raise the same way.
"""
import traceback

from funcgrad.primitive import Boxed, bind
from funcgrad.tape import Eqn, Tape
from funcgrad.tracing import Trace, Tracer

from .lazy import Deferred

__all__ = ["JitTrace", "JitTracer", "ConcretizationError", "ForeignValueError", "raw"]

_VALUE_SLOT = Tracer.__dict__["value"]   # the slot descriptor under the guarded property
raw = _VALUE_SLOT.__get__                 # raw(tracer): its concrete value, for the trace only


class ConcretizationError(TypeError):
    """A traced value was needed as a concrete Python value inside fg.jit."""


class ForeignValueError(Exception):
    """A value of an outer transform reached the jit trace (a closure over a tracer): the
    call is run without jit instead (internal; never reaches the user)."""


def user_line():
    """'file:line in function: code' of the innermost frame outside funcgrad."""
    for frame in reversed(traceback.extract_stack()[:-1]):
        if "/funcgrad/" not in frame.filename and "/primitives/" not in frame.filename:
            return f"{frame.filename}:{frame.lineno} in {frame.name}: {frame.line}"
    return "<unknown>"


def _inside_backward():
    return any(f.name == "backward" and ("/autograd/" in f.filename or "/tensors/" in f.filename)
               for f in traceback.extract_stack())


def concretization_error(operation):
    if _inside_backward():
        return ConcretizationError(
            f"fg.jit: Tensor.backward() inside a jitted function is not supported (the "
            f"Tensor facade's graph runs on concrete values).\n  at {user_line()}\nReturn "
            f"gradients computed with fg.grad (or fg.value_and_grad) instead, or leave this "
            f"function un-jitted.")
    return ConcretizationError(
        f"fg.jit: {operation} needs the concrete value of a traced array, but a jitted "
        f"function is traced once and replayed, so the first call's value would be baked "
        f"in.\n  at {user_line()}\nTo proceed: compute with funcgrad.numpy instead of Python "
        f"control flow (fnp.where(cond, a, b) for an if, masks as multiplications), mark "
        f"the argument static (fg.jit(f, static_argnums=...) / static_argnames=...), or "
        f"leave this function un-jitted.")


def _refuse(operation):
    def method(self, *args, **kwargs):
        raise concretization_error(operation)
    method.__name__ = operation
    method.__doc__ = f"Refused under fg.jit: {operation} raises ConcretizationError."
    return method


def _guarded_value(self):
    raise concretization_error("reading the value (as an index, a shape, a boolean mask, a "
                               "numpy conversion, or a rule that picks a formula from values)")


class JitTracer(Tracer):
    """A value seen by a JitTrace: its shape and dtype are known, its value is not."""
    __slots__ = ()

    value = property(_guarded_value, doc="Refused: reading the value raises ConcretizationError.")
    shape = property(lambda self: raw(self).shape, doc="The traced array's shape (known).")
    dtype = property(lambda self: raw(self).dtype, doc="The traced array's dtype (known).")
    ndim = property(lambda self: raw(self).ndim, doc="The traced array's number of axes.")
    size = property(lambda self: raw(self).size, doc="The traced array's number of elements.")

    def __repr__(self):
        v = raw(self)
        return f"JitTracer(shape={tuple(v.shape)}, dtype={v.dtype})"

    def __len__(self):
        shape = raw(self).shape
        if not shape:
            raise TypeError("len() of unsized object")
        return shape[0]

    __bool__ = _refuse("bool() (an if, while, and/or or assert on a traced value)")
    __float__ = _refuse("float()")
    __int__ = _refuse("int()")
    __complex__ = _refuse("complex()")
    __index__ = _refuse("__index__ (a traced value used as a Python index, length or shape)")
    item = _refuse(".item()")
    tolist = _refuse(".tolist()")

    def __array__(self, dtype=None, copy=None):
        raise concretization_error("conversion to a numpy array (np.asarray, or storing into "
                                   "a plain array)")


def _new_tracer(trace, value, var):
    tracer = object.__new__(JitTracer)
    tracer._trace = trace
    _VALUE_SLOT.__set__(tracer, value)
    tracer.aux = var
    return tracer


class JitTrace(Trace):
    """Records every primitive applied to its tracers' descendants, outputs all traced.

    Unlike `RecordTrace` it records integer, boolean and nondiff results too (the program
    must compute them), and may defer large elementwise results (see funcgrad.jit.lazy).

    Parameters
    ----------
    level : int
        The trace's nesting level.
    """
    __slots__ = ("tape", "deferred")

    def __init__(self, level):
        super().__init__(level)
        self.tape = Tape()
        self.deferred = Deferred()   # large elementwise results left uncomputed (lazy.py)

    def new_input(self, value):
        """A JitTracer for an input of the jitted function, with a fresh tape variable."""
        return _new_tracer(self, value, self.tape.new_var())

    def process(self, prim, args, params):
        """Record prim on the tape and return JitTracers of its outputs.

        Raises ForeignValueError (internal: the call then runs without jit) when an
        argument is a tracer of another transform."""
        if not self.active:
            self.check_active(prim)
        ins, vals = [], []
        for a in args:
            if type(a) is JitTracer and a._trace is self:
                ins.append(a.aux)
                vals.append(raw(a))
            elif isinstance(a, Boxed):
                raise ForeignValueError(prim.name)
            else:
                ins.append(None)
                vals.append(a)
        tape = self.tape
        out = self.deferred.try_defer(prim, ins, vals, params)
        if out is not None:
            var = tape.new_var()
            eqn = Eqn(prim, params, tuple(ins), tuple(vals), var, out)
            tape.eqns.append(eqn)
            self.deferred.record(var, eqn)
            return _new_tracer(self, out, var)
        if self.deferred and not self.deferred.shape_only(prim):
            vals = self.deferred.force(ins, vals)
        out = bind(prim, *vals, **params)
        if prim.multiple_results:
            outs = tuple(tape.new_var() for _ in out)
            tape.eqns.append(Eqn(prim, params, tuple(ins), tuple(vals), outs, tuple(out)))
            return tuple(_new_tracer(self, o, i) for i, o in zip(outs, out))
        var = tape.new_var()
        tape.eqns.append(Eqn(prim, params, tuple(ins), tuple(vals), var, out))
        return _new_tracer(self, out, var)

    def process_precomputed(self, prim, args, outs):
        """Refuse a custom rule's precomputed call: it cannot be replayed (ConcretizationError)."""
        raise ConcretizationError(f"fg.jit: {prim.name} (a custom rule recorded with "
                                  f"precomputed values) cannot be replayed")
