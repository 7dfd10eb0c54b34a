"""fg.jit: trace a function once per input signature, optimize its tape, replay generated code.

    step = fg.jit(fg.grad(loss))
    g = step(w, x)             # first call: trace (real values), optimize, generate code
    g = step(w2, x2)           # same shapes/dtypes: runs the generated function only
    print(step.lower(w, x).as_text())     # the generated Python source
    step.cache_info(); step.clear_cache()

What is traced and what is static:
* numpy arrays, numpy scalars and Python floats/complex numbers are traced (their shape
  and dtype are part of the signature, their values are not);
* Python ints, bools, strings, None and other hashable leaves are static: their values
  are part of the signature (a new value traces again);
* `static_argnums` / `static_argnames` make whole arguments static (hashable values);
* funcgrad Tensors are traced through their arrays; outputs that were Tensors come back
  as Tensors.
A call whose arguments hold tracers of an enclosing transform (fg.grad(fg.jit(f)),
vmap, nested jit) runs f itself, so the enclosing transform sees every primitive (and any
custom_vjp rule) exactly as without jit. The same happens when f closes over such a tracer,
for arrays of other libraries (cupy: the generated code calls numpy), and while
fg.debug_nans is on (its checks read every value).

Traced once means: Python-level effects of f (printing, numpy.random, reading globals,
appending to lists) happen at the first call of each signature only; values f closes over
are constants of the compiled program. Static arguments are matched by position
(static_argnums) or by keyword (static_argnames) as they are passed.
"""
import functools
import time

import numpy as np

from funcgrad import tree
from funcgrad.debug import is_debug_nans as _debug_nans_on
from funcgrad.primitive import Boxed
from funcgrad.tracing import new_trace
from funcgrad.transforms import api as _transforms_api

from . import codegen, passes
from .cache import DEFAULT_CACHE_SIZE, ProgramCache
from .ir import abstractify
from .trace import ForeignValueError, JitTrace, JitTracer, raw

__all__ = ["jit", "Jitted", "Lowered"]


def jit(fun=None, *, static_argnums=(), static_argnames=(), cache_size=DEFAULT_CACHE_SIZE,
        optimize=True):
    """Compile a function: trace it once per input signature, then replay generated code.

    A signature is the pytree structure of the arguments, the shape and dtype of each
    traced leaf and the values of static ones. Traced leaves are numpy arrays, numpy
    scalars, Python floats and complex numbers, and funcgrad Tensors; Python ints, bools,
    strings and other hashable leaves are static. The first call of a signature traces
    fun on its real values, optimizes the tape and generates a Python function; later
    calls run only that function, so fun's Python side effects happen once per
    signature. Calls whose arguments (or closures) hold tracers of an enclosing transform,
    arrays of other libraries, or that run under `debug_nans`, run fun itself. Usable as
    a decorator, with or without arguments.

    Parameters
    ----------
    fun : callable, optional
        The function (pytrees in and out). Omitted, jit returns a decorator taking it.
    static_argnums : int or tuple of int, optional
        Positional arguments whose (hashable) values select the program instead of
        being traced.
    static_argnames : str or tuple of str, optional
        Keyword arguments treated the same way.
    cache_size : int or None, optional
        Programs kept per function, least recently used evicted first (None: unbounded).
    optimize : bool, optional
        Run the tape optimizations (dead code, common subexpressions, folding, fusion...);
        False replays the tape as traced.

    Returns
    -------
    Jitted or callable
        The compiled function, or a decorator when fun is omitted.

    Raises
    ------
    ConcretizationError
        When called, if fun needs a traced value as a Python value (bool, float, an
        index, a numpy conversion); the message names the user's line.
    TypeError
        When called, if a static argument is unhashable.
    ValueError
        If cache_size is not a positive int or None.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> step = fg.jit(fg.grad(lambda w: fnp.sum(fnp.tanh(w) ** 2)))
    >>> step(np.zeros(3))
    array([0., 0., 0.])
    >>> step(np.ones(3)).round(4)
    array([0.6397, 0.6397, 0.6397])
    >>> step.cache_info().traces
    1
    """
    if fun is None:
        return functools.partial(jit, static_argnums=static_argnums,
                                 static_argnames=static_argnames, cache_size=cache_size,
                                 optimize=optimize)
    return Jitted(fun, static_argnums, static_argnames, cache_size, optimize)


class _Entry:
    """One compiled signature: the program, how to rebuild outputs, and its tapes."""
    __slots__ = ("program", "out_tree", "out_tensor", "single", "traced", "optimized",
                 "takes_floats")

    def __init__(self, program, out_tree, out_tensor, traced, optimized):
        self.program, self.out_tree, self.out_tensor = program, out_tree, out_tensor
        self.takes_floats = program.scalar
        self.single = out_tree.kind == "leaf" and not out_tensor[0]
        self.traced, self.optimized = traced, optimized


def _tree_key(td):
    meta = td.meta
    if td.kind == "dict":
        meta = tuple(meta)
    return (td.kind, meta, tuple(_tree_key(c) for c in td.children))


def _normalize_argnums(nums):
    return tuple(nums) if isinstance(nums, (tuple, list)) else (nums,)


class Jitted:
    """A function compiled by `jit`: call it like the original.

    Made by `jit`; `lower` shows the compiled program, `cache_info` and `clear_cache`
    manage the programs kept per signature. Used as a method, it binds like a function.

    Parameters
    ----------
    fun : callable
        The function.
    static_argnums : int or tuple of int
        Positions of static arguments.
    static_argnames : str or tuple of str
        Names of static keyword arguments.
    cache_size : int or None
        Programs kept (LRU), None for unbounded.
    optimize : bool
        Whether to optimize the traced tapes.
    """

    def __init__(self, fun, static_argnums, static_argnames, cache_size, optimize):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.static_argnums = _normalize_argnums(static_argnums)
        self.static_argnames = tuple(_normalize_argnums(static_argnames))
        self.optimize = optimize
        self._cache = ProgramCache(getattr(fun, "__name__", repr(fun)), cache_size)

    def __get__(self, obj, objtype=None):  # methods: bind like a function
        return self if obj is None else functools.partial(self, obj)

    # ---- the call ----------------------------------------------------------------

    def __call__(self, *args, **kwargs):
        if _debug_nans_on():
            return self.fun(*args, **kwargs)
        key = None if (kwargs or self.static_argnums) else _fast_key(args)
        if key is not None:
            entry = self._cache.get(key)
            if entry is not None:
                if key[1] and not entry.takes_floats:   # Python floats -> 0-d arrays
                    args = [np.asarray(a) if type(a) is float else a for a in args]
                out = entry.program.fn(*args)
                return out[0] if entry.single else _rebuild(entry, out)
            kinds = tuple("pyscalar" if type(a) is float else "array" for a in args)
            return self._miss(key, list(args), kinds, args, kwargs)
        split = self._split(args, kwargs)
        if split is None:            # tracers of an enclosing transform: run f itself
            return self.fun(*args, **kwargs)
        key, leaves, kinds = split
        entry = self._cache.get(key)
        if entry is not None:
            out = entry.program.fn(*_traced_values(leaves, kinds))
            return out[0] if entry.single else _rebuild(entry, out)
        return self._miss(key, leaves, kinds, args, kwargs)

    def _miss(self, key, leaves, kinds, args, kwargs):
        started = time.perf_counter()
        try:
            entry, first = self._trace(leaves, kinds, args, kwargs)
        except ForeignValueError:    # f closes over a tracer of an enclosing transform
            return self.fun(*args, **kwargs)
        self._cache.put(key, entry, time.perf_counter() - started)
        return _rebuild(entry, first)

    # ---- signatures --------------------------------------------------------------

    def _static_positions(self, nargs):
        return {n % nargs for n in self.static_argnums if -nargs <= n < nargs}

    def _split(self, args, kwargs):
        """(signature key, flat leaves, leaf kinds) or None when a leaf is a foreign tracer."""
        static_pos = self._static_positions(len(args)) if self.static_argnums else ()
        dyn_args = tuple(a for k, a in enumerate(args) if k not in static_pos)
        dyn_kwargs = {k: v for k, v in kwargs.items() if k not in self.static_argnames}
        statics = (tuple((k, _hashable(args[k], k)) for k in sorted(static_pos)),
                   tuple(sorted((k, _hashable(v, k)) for k, v in kwargs.items()
                                if k in self.static_argnames)))
        leaves, treedef = tree.flatten((dyn_args, dyn_kwargs))
        kinds, parts = [], []
        for leaf in leaves:
            kind, part = _leaf_signature(leaf)
            if kind is None:
                return None
            kinds.append(kind)
            parts.append(part)
        return (_tree_key(treedef), tuple(parts), statics), leaves, kinds

    # ---- tracing -----------------------------------------------------------------

    def _rebuild_call(self, args, kwargs, leaves):
        """f's arguments with the traced leaves substituted (statics in place)."""
        static_pos = self._static_positions(len(args)) if self.static_argnums else ()
        dyn_args = tuple(a for k, a in enumerate(args) if k not in static_pos)
        dyn_kwargs = {k: v for k, v in kwargs.items() if k not in self.static_argnames}
        _, treedef = tree.flatten((dyn_args, dyn_kwargs))
        new_dyn_args, new_dyn_kwargs = tree.unflatten(treedef, leaves)
        it = iter(new_dyn_args)
        full = [a if k in static_pos else next(it) for k, a in enumerate(args)]
        new_kwargs = dict(kwargs)
        new_kwargs.update(new_dyn_kwargs)
        return full, new_kwargs

    def _trace(self, leaves, kinds, args, kwargs):
        traced_vals = _traced_values(leaves, kinds)
        with new_trace(JitTrace) as trace:
            tracers = [trace.new_input(v) for v in traced_vals]
            it = iter(tracers)
            wrap = _transforms_api.boundary["wrap_input"]
            sub = []
            for leaf, kind in zip(leaves, kinds):
                if kind == "static":
                    sub.append(leaf)
                else:
                    t = next(it)
                    sub.append(wrap(t, leaf) if (kind == "tensor" and wrap) else t)
            call_args, call_kwargs = self._rebuild_call(args, kwargs, sub)
            out = self.fun(*call_args, **call_kwargs)
        tape, out_tree, out_tensor, first = _finish_tape(trace, tracers, traced_vals, out)
        traced = abstractify(tape)
        optimized = passes.optimize(traced) if self.optimize else passes.finalize(traced)
        program = codegen.generate(optimized, _identifier(self.__name__))
        if trace.deferred:   # some traced values were left uncomputed: run the program
            first = program.fn(*traced_vals)
        return _Entry(program, out_tree, out_tensor, traced, optimized), first

    # ---- introspection -----------------------------------------------------------

    def lower(self, *args, **kwargs):
        """Give the compiled program for these arguments, tracing it now if it is not cached.

        Parameters
        ----------
        *args, **kwargs
            Arguments as for a call.

        Returns
        -------
        Lowered
            The traced and optimized tapes and the generated source.

        Raises
        ------
        TypeError
            If the arguments hold tracers of an enclosing transform.
        """
        key = None if (kwargs or self.static_argnums) else _fast_key(args)
        if key is not None:
            leaves = list(args)
            kinds = tuple("pyscalar" if type(a) is float else "array" for a in args)
        else:
            split = self._split(args, kwargs)
            if split is None:
                raise TypeError("fg.jit(...).lower: the arguments hold tracers of an "
                                "enclosing transform; call lower outside of it")
            key, leaves, kinds = split
        entry = self._cache.entries.get(key)
        if entry is None:
            self._miss(key, leaves, kinds, args, kwargs)
            entry = self._cache.entries[key]
        return Lowered(entry)

    def cache_info(self):
        """Report the cache's counters.

        Returns
        -------
        CacheInfo
            hits, misses, traces, evictions, currsize, maxsize and the total
            trace_seconds spent tracing and compiling.
        """
        return self._cache.info()

    def clear_cache(self):
        """Forget every compiled program (the counters are kept)."""
        self._cache.clear()

    def __repr__(self):
        return f"<fg.jit of {self.fun!r}>"


class Lowered:
    """What a jitted call runs for one signature; made by `Jitted.lower`.

    Parameters
    ----------
    entry : object
        The cache entry of the signature (internal).

    Attributes
    ----------
    tape : Tape
        The optimized tape.
    traced_tape : Tape
        The tape as traced, before the optimizations.
    source : str
        The generated Python source; ``repr`` shows it too.
    """

    def __init__(self, entry):
        self._entry = entry
        self.tape = entry.optimized
        self.traced_tape = entry.traced
        self.source = entry.program.source

    def as_text(self):
        """The generated Python source of the program (a str)."""
        return self.source

    def __repr__(self):
        return self.source


# ---- leaves ------------------------------------------------------------------------

_FLOAT_PART = ("p", float)


def _fast_key(args):
    """The signature of a call with only ndarrays and Python floats (the common case):
    ("fast", has floats, parts); None for anything else."""
    parts, floats = [], False
    for a in args:
        t = type(a)
        if t is np.ndarray:
            parts.append((a.shape, a.dtype))
        elif t is float:
            parts.append(_FLOAT_PART)
            floats = True
        else:
            return None
    return ("fast", floats, tuple(parts))


def _leaf_signature(leaf):
    """(kind, signature part) of one flattened argument; kind None for a foreign tracer."""
    if type(leaf) is np.ndarray:
        return "array", (leaf.shape, leaf.dtype)
    if isinstance(leaf, np.generic) and leaf.dtype.kind in "biufc":
        return "scalar", ("s", leaf.dtype)
    if isinstance(leaf, (float, complex)):
        return "pyscalar", ("p", type(leaf))
    if isinstance(leaf, Boxed):
        to_primal = _transforms_api.boundary["to_primal"]
        inner = to_primal(leaf) if to_primal is not None else leaf
        if inner is not leaf and type(inner) is np.ndarray:
            return "tensor", ("t", inner.shape, inner.dtype)
        return None, None
    if isinstance(leaf, np.ndarray):   # an ndarray subclass: traced as an ndarray
        return "array", (type(leaf), leaf.shape, leaf.dtype)
    if hasattr(leaf, "shape") and hasattr(leaf, "dtype"):   # another library's array (cupy)
        return None, None
    return "static", ("v", type(leaf), _hashable(leaf, "a leaf"))


def _hashable(value, where):
    try:
        hash(value)
    except TypeError:
        raise TypeError(f"fg.jit: static argument {where!r} has unhashable type "
                        f"{type(value).__name__}; static values select the compiled program, "
                        f"so they must be hashable (use a tuple instead of a list)") from None
    return value


def _traced_values(leaves, kinds):
    out = []
    for leaf, kind in zip(leaves, kinds):
        if kind == "array" or kind == "scalar":
            out.append(leaf)
        elif kind == "pyscalar":
            out.append(np.asarray(leaf))
        elif kind == "tensor":
            out.append(_transforms_api.boundary["to_primal"](leaf))
    return out


# ---- outputs -----------------------------------------------------------------------

def _finish_tape(trace, tracers, traced_vals, out):
    """Close the tape: (tape, out_tree, which outputs are Tensors, first-call outputs)."""
    out_flat, out_tree = tree.flatten(out)
    to_primal = _transforms_api.boundary["to_primal"]
    ids, vals, tensor = [], [], []
    for o in out_flat:
        inner = to_primal(o) if (to_primal is not None and isinstance(o, Boxed)
                                 and not isinstance(o, JitTracer)) else o
        tensor.append(inner is not o)
        if type(inner) is JitTracer and inner._trace is trace:
            ids.append(inner.aux)
            vals.append(raw(inner))
        elif isinstance(inner, Boxed):
            raise ForeignValueError("output")
        else:
            ids.append(None)
            vals.append(inner)
    tape = trace.tape
    tape.in_ids = tuple(t.aux for t in tracers)
    tape.in_vals = tuple(traced_vals)
    tape.out_ids, tape.out_vals = tuple(ids), tuple(vals)
    return tape, out_tree, tuple(tensor), tuple(vals)


def _rebuild(entry, flat):
    if any(entry.out_tensor):
        from funcgrad.tensors._core import make
        flat = [make(np.asarray(v), False, None) if t else v
                for v, t in zip(flat, entry.out_tensor)]
    return tree.unflatten(entry.out_tree, list(flat))


def _identifier(name):
    text = "".join(ch if ch.isalnum() else "_" for ch in str(name))
    return text if text and not text[0].isdigit() else f"f_{text}"
