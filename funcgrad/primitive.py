"""A primitive is one piece of data holding an op's forward and derivative rules.

Declare a primitive as a class body decorated with `@primitive`; the decorator
turns it into a `Primitive` instance and registers it::

    @primitive
    class Exp:
        "ans = exp(x), elementwise."
        def impl(xp, x):         return xp.exp(x)
        def d_x(ans, x):         return ans          # ∂ans/∂x, elementwise

Rules are written with funcgrad ops, so derivatives of derivatives come for free.
The names of the positional arguments of `impl` (after `xp`) name the rules:

* ``d_<arg>(ans, *args, **params)``: elementwise partial derivative ∂ans/∂arg.
  Forward and reverse mode follow: t_ans = Σ d_arg · t_arg and g_arg = g · d_arg.
  May return the Python number 1 or -1 (no multiplication is done).
* ``vjp_<arg>(g, ans, *args, **params)``: cotangent of one argument, g_arg = g·∂ans/∂arg,
  or one ``vjp(g, ans, *args, **params)`` returning a tuple (None for a zero); if it
  has a ``needed`` keyword it receives the positions whose cotangents are wanted.
* ``jvp_<arg>(t, ans, *args, **params)``: tangent contribution ∂ans/∂arg · t,
  or one ``jvp(tangents, ans, *args, **params)`` with None for zero tangents,
  or ``linear = True``: the op applied to the tangents is the tangent.
* ``nondiff = True``: the outputs are constants to every transform.
* ``elementwise = True`` (implied by d_ rules): vmap batches the op by broadcasting;
  otherwise ``batch(xs, batched, **params)`` gives the vmap rule (batch axis first),
  and without either vmap loops over the batch.

Broadcasting and dtypes are handled once by the drivers: a cotangent is summed
back to its argument's shape and cast to its dtype; a tangent is broadcast to
the output's shape. Rule authors never write unbroadcast code.

`bind(prim, *args, **params)` is the single entry point of every op. With no
traced value among the arguments it calls `impl` directly (the eager fast path).
"""
import dis
import inspect

import sys

import numpy

from . import backend as _backend

_modules = sys.modules
_backend_active = _backend._active   # [True] once a backend other than numpy is registered
_lazy = _backend.LAZY_MODULE        # a library that registers itself once imported (cupy)

__all__ = ["Primitive", "primitive", "bind", "registry", "Boxed", "concrete",
           "array_module_of"]

registry = {}


class Boxed:
    """Base of the values `bind` must not hand to `impl` (tracers and Tensors)."""
    __slots__ = ()


class Primitive:
    """An op: its implementation and its derivative rules, as data.

    Usually made by the `primitive` decorator from a class body; calling an instance
    binds it (``prim(*args, **params)`` is ``bind(prim, *args, **params)``). The
    instance's docstring is the op's maths contract.

    Parameters
    ----------
    name : str
        The registry name, shown on tapes and in errors.
    impl : callable
        ``impl(xp, *args, **params)``, computing the output with array module xp.
    doc : str, optional
        The contract (becomes the instance's ``__doc__``).
    nondiff : bool, optional
        Outputs are constants to every transform.
    linear : bool, optional
        The op applied to the tangents is the tangent (only a reverse rule is given).
    multiple_results : bool, optional
        impl returns a tuple of outputs.
    partials : tuple of callable, optional
        ``d_<arg>(ans, *args, **params)``, one elementwise partial derivative per argument.
    vjps : tuple of callable, optional
        ``vjp_<arg>(g, ans, *args, **params)``, one reverse rule per argument.
    vjp : callable, optional
        A combined reverse rule returning one cotangent (or None) per argument; with a
        ``needed`` keyword it receives the positions whose cotangents are wanted.
    jvps : tuple of callable, optional
        ``jvp_<arg>(t, ans, *args, **params)``, one forward rule per argument.
    jvp : callable, optional
        A combined forward rule ``jvp(tangents, ans, *args, **params)``.
    arg_names : tuple of str, optional
        impl's positional argument names (after xp).
    variadic : bool, optional
        impl takes ``*args``.
    elementwise : bool, optional
        Outputs broadcast from inputs value by value (vmap batches by broadcasting).
    batch : callable, optional
        The vmap rule ``batch(xs, batched, **params)``, batch axis first.
    """

    def __init__(self, name, impl, doc="", nondiff=False, linear=False,
                 multiple_results=False, partials=None, vjps=None, vjp=None,
                 jvps=None, jvp=None, arg_names=(), variadic=False,
                 elementwise=False, batch=None):
        self.name = name
        self.impl = impl
        self.__doc__ = doc
        self.nondiff = nondiff
        self.linear = linear
        self.multiple_results = multiple_results
        self.partials = partials      # tuple of d_<arg> functions, or None
        self.vjps = vjps              # tuple of vjp_<arg> functions, or None
        self.vjp = vjp                # combined vjp rule, or None
        # a combined vjp that takes `needed` computes only those arguments' cotangents
        self.vjp_takes_needed = vjp is not None and "needed" in inspect.signature(vjp).parameters
        self.jvps = jvps              # tuple of jvp_<arg> functions, or None
        self.jvp = jvp                # combined jvp rule, or None
        self.arg_names = arg_names
        self.variadic = variadic
        self.elementwise = elementwise  # outputs broadcast from inputs, value by value
        self.batch = batch            # vmap rule: batch(xs, batched, **params), or None
        # which residuals the rules read: (uses ans, uses each argument); None = all of them
        self.residual_use = None if nondiff else _residual_use(self)

    def __repr__(self):
        return f"<primitive {self.name}>"



_LOADS = ("LOAD_FAST", "LOAD_DEREF", "LOAD_CLOSURE", "LOAD_FAST_CHECK", "LOAD_FAST_AND_CLEAR")


def _loaded_names(fn):
    """Local names a function reads (bytecode scan; closures and comprehensions count)."""
    code = fn.__code__
    names = set(code.co_cellvars)
    for ins in dis.get_instructions(fn):
        if ins.opname.startswith(_LOADS):
            names.update(ins.argval if isinstance(ins.argval, tuple) else (ins.argval,))
    return names


def _rule_reads(fn, skip, n_args):
    """(reads ans, reads each of the n_args arguments) for a rule fn(<skip leading>, ans, *args)."""
    params = list(inspect.signature(fn).parameters.values())
    loaded = _loaded_names(fn)
    ans = params[skip - 1].name if len(params) >= skip else None
    positional = [p for p in params[skip:] if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    star = next((p.name for p in params if p.kind is p.VAR_POSITIONAL), None)
    args = [positional[k].name in loaded if k < len(positional) else star in loaded
            for k in range(n_args)]
    return ans in loaded, args


def _residual_use(prim):
    """Which saved values (the output, each input) any rule of prim reads, or None if unknown.

    Reverse mode keeps only these; the others are replaced by their shape and dtype,
    so memory held between the forward and backward passes is what the rules need.
    """
    # a linear op's forward rule fills missing tangents with zeros of its arguments'
    # shapes, unless it has one argument (then that argument's tangent is the given one)
    if (prim.linear and len(prim.arg_names) != 1) or prim.multiple_results or prim.variadic:
        return None
    rules = [(f, 1) for f in prim.partials or ()] + [(f, 2) for f in prim.vjps or ()]
    rules += [(f, 2) for f in prim.jvps or ()] + [(f, 2) for f in (prim.vjp, prim.jvp) if f]
    if not rules:
        return None
    n = len(prim.arg_names)
    uses_ans, uses_args = False, [False] * n
    try:
        for fn, skip in rules:
            a, args = _rule_reads(fn, skip, n)
            uses_ans = uses_ans or a
            uses_args = [u or v for u, v in zip(uses_args, args)]
    except (TypeError, ValueError):
        return None
    return uses_ans, tuple(uses_args)


def _snake(name):
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and not name[i - 1].isupper():
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def _impl_args(impl):
    params = list(inspect.signature(impl).parameters.values())[1:]  # drop xp
    names = tuple(p.name for p in params
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
    variadic = any(p.kind is p.VAR_POSITIONAL for p in params)
    return names, variadic


def _per_arg(body, prefix, names):
    rules = tuple(body.get(prefix + n) for n in names)
    if not any(rules):
        return None
    missing = [n for n, r in zip(names, rules) if r is None]
    return rules if not missing else ("missing", missing)


def primitive(cls):
    """Turn a class body of rules into a registered `Primitive` (a class decorator).

    The class body holds ``impl(xp, *args, **params)`` and the rules named after impl's
    positional arguments (see the module docstring): ``d_<arg>``, ``vjp_<arg>`` /
    ``jvp_<arg>``, a combined ``vjp`` / ``jvp``, or the flags ``linear``, ``nondiff``,
    ``elementwise``, ``multiple_results`` and a ``batch`` rule. The name is the class name
    in snake_case unless the body sets ``name``; the class docstring is the contract.

    Parameters
    ----------
    cls : type
        The class body.

    Returns
    -------
    Primitive
        The registered primitive, bound to the class's name in its module.

    Raises
    ------
    TypeError
        If impl is missing, per-argument rules are given for some arguments only, or the
        op is neither nondiff nor has both a reverse and a forward rule.
    ValueError
        If a primitive of that name is already registered.

    Examples
    --------
    >>> import numpy as np
    >>> from funcgrad.primitive import primitive, registry
    >>> @primitive
    ... class CubeExample:
    ...     "ans = x³;  ∂/∂x = 3x²."
    ...     def impl(xp, x): return x ** 3
    ...     def d_x(ans, x): return 3 * x * x
    >>> CubeExample(np.array(2.0))
    np.float64(8.0)
    >>> del registry["cube_example"]
    """
    body = {k: v for k, v in vars(cls).items() if not k.startswith("__")}
    name = body.pop("name", _snake(cls.__name__))
    if "impl" not in body:
        raise TypeError(f"primitive {name}: needs an impl(xp, ...)")
    names, variadic = _impl_args(body["impl"])
    rules = {k: _per_arg(body, k + "_", names) for k in ("d", "vjp", "jvp")}
    for kind, r in rules.items():
        if isinstance(r, tuple) and r and r[0] == "missing":
            raise TypeError(f"primitive {name}: {kind}_ rules missing for {r[1]}; "
                            f"give one per argument of impl or none")
    nondiff = body.get("nondiff", False)
    linear = body.get("linear", False)
    has_rev = rules["d"] or rules["vjp"] or "vjp" in body
    has_fwd = rules["d"] or rules["jvp"] or "jvp" in body or linear
    if not nondiff and not (has_rev and has_fwd):
        raise TypeError(f"primitive {name}: declare nondiff = True, d_<arg> rules, "
                        f"or both a reverse (vjp) and a forward (jvp or linear) rule")
    prim = Primitive(
        name, body["impl"], doc=cls.__doc__ or "", nondiff=nondiff, linear=linear,
        multiple_results=body.get("multiple_results", False), partials=rules["d"],
        vjps=rules["vjp"], vjp=body.get("vjp"), jvps=rules["jvp"], jvp=body.get("jvp"),
        arg_names=names, variadic=variadic,
        elementwise=body.get("elementwise", bool(rules["d"])), batch=body.get("batch"))
    if name in registry:
        raise ValueError(f"primitive {name} is already registered")
    registry[name] = prim
    return prim


def concrete(value):
    """Give the array under any tracer or Tensor layers of a value.

    Reads a tracer's stored value directly (`Tracer._raw`), so it also works on jit's
    tracers, whose public `value` refuses to be read.

    Parameters
    ----------
    value : object
        A tracer, a Tensor, an array or anything else.

    Returns
    -------
    object
        The innermost value (value itself if it has no layers).
    """
    while isinstance(value, Boxed):
        raw = getattr(type(value), "_raw", None)
        value = raw(value) if raw is not None else value._data
    return value


def array_module_of(*values):
    """Find the array module (numpy, cupy...) of the arrays among `values`, through tracers.

    Engine code makes new arrays (seeds, bases, zeros) with it.

    Parameters
    ----------
    *values : object
        Values, possibly traced or Tensors.

    Returns
    -------
    module
        numpy when no value lives on another backend.

    Raises
    ------
    DeviceMismatchError
        When arrays of two devices are mixed.
    """
    if not _backend_active[0] and _lazy not in _modules:
        return numpy
    return _backend.backend_of([concrete(v) for v in values]).module


_dispatch = [None]  # set by funcgrad.tracing: handles Boxed arguments


def bind(prim, *args, **params):
    """Apply a primitive: record it on the innermost trace, or run it eagerly.

    The single entry point of every op. With no tracer or Tensor among the arguments it
    calls ``prim.impl`` with the arguments' array module (the eager fast path);
    otherwise the innermost trace among them processes it.

    Parameters
    ----------
    prim : Primitive
        The op.
    *args : object
        Its positional arguments (arrays, tracers, Tensors, Python numbers).
    **params : object
        Its keyword parameters (axis=, shape=, ...), in canonical form.

    Returns
    -------
    object
        The output (a tuple for multiple results), traced when an argument was.

    Raises
    ------
    DeviceMismatchError
        When arrays of two devices are mixed.
    """
    for a in args:
        if isinstance(a, Boxed):
            return _dispatch[0](prim, args, params)
    if _backend_active[0] or _lazy in _modules:
        b = _backend.backend_of(args)
        return prim.impl(b.module, *_backend.promote_constants(b, args), **params)
    return prim.impl(numpy, *args, **params)


Primitive.__call__ = bind  # calling a primitive binds it
