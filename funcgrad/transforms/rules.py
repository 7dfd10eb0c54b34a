"""Applying one primitive's derivative rules, with broadcasting and dtypes made explicit.

`apply_jvp` and `apply_vjp` are the only places that read a primitive's rules;
both interpreters (tape replay, JVP trace) and the Tensor facade's backward call
them. Contracts, for ans = prim(*xs):
    apply_jvp -> t_ans = Σ_i ∂ans/∂x_i · t_i, broadcast to ans's shape; None if all t_i are None.
    apply_vjp -> (g_i = gᵀ ∂ans/∂x_i summed to x_i's shape and cast to x_i's dtype) for i in `needed`.
A None tangent or cotangent is a symbolic zero and is never materialized.
"""
from funcgrad import backend as _backend
from funcgrad.primitive import bind, concrete
from funcgrad.primitives.arithmetic import add, multiply, negative
from funcgrad.primitives.complex import real
from funcgrad.primitives.creation import ones_like, zeros_like
from funcgrad.primitives.reductions import reduce_sum
from funcgrad.primitives.shape import astype, broadcast_to, reshape

__all__ = ["apply_jvp", "apply_vjp", "add_any", "unbroadcast", "UNIT"]


def add_any(a, b):
    """Add two cotangents or tangents where None is a symbolic zero.

    Parameters
    ----------
    a, b : array or None
        The terms.

    Returns
    -------
    array or None
        a + b, the other term when one is None, None when both are.
    """
    if a is None:
        return b
    if b is None:
        return a
    return add(a, b)


def _shape(x):
    return getattr(x, "shape", ())


def _dtype(x):
    return getattr(x, "dtype", None)


def unbroadcast(ct, x):
    """Fit a cotangent to its argument: sum it down to x's shape and cast it to x's dtype.

    Parameters
    ----------
    ct : array
        A cotangent of the broadcast shape.
    x : array
        The argument it belongs to.

    Returns
    -------
    array
        ct summed over the broadcast axes, in x's dtype (a complex cotangent of a real x
        becomes its real part, the transpose of ℝ ↪ ℂ).
    """
    try:
        if ct.shape == x.shape and ct.dtype == x.dtype:
            return ct
    except AttributeError:
        pass
    shape = _shape(x)
    ct_shape = _shape(ct)
    if ct_shape != shape:
        lead = len(ct_shape) - len(shape)
        axes = tuple(range(lead)) + tuple(
            lead + i for i, n in enumerate(shape) if n == 1 and ct_shape[lead + i] != 1)
        if axes:
            ct = reduce_sum(ct, axis=axes, keepdims=False)
        if _shape(ct) != shape:
            ct = reshape(ct, shape=shape)
    dtype = _dtype(x)
    if dtype is not None and _dtype(ct) != dtype and dtype.kind in "fc":
        if dtype.kind == "f" and getattr(_dtype(ct), "kind", None) == "c":
            ct = real(ct)  # the transpose of ℝ ↪ ℂ is Re (JAX's convention, primitives/complex.py)
        if _dtype(ct) != dtype:
            ct = astype(ct, dtype=dtype)
    return ct


def _fit_tangent(t, ans):
    if t is None:
        return None
    try:
        if t.shape == ans.shape and t.dtype == ans.dtype:
            return t
    except AttributeError:
        pass
    if _shape(t) != _shape(ans):
        t = broadcast_to(t, shape=_shape(ans))
    if _dtype(t) != _dtype(ans):
        t = astype(t, dtype=_dtype(ans))
    return t


def _scaled(t, partial):
    if type(partial) is int:
        return None if partial == 0 else (t if partial == 1 else negative(t) if partial == -1 else multiply(t, partial))
    return multiply(t, partial)


def _zero_filled(tangents, xs):
    return [zeros_like(x) if t is None else t for t, x in zip(tangents, xs)]


def apply_jvp(prim, params, xs, ans, tangents):
    """Apply a primitive's forward rule: the tangent of its output(s).

    Parameters
    ----------
    prim : Primitive
        The op.
    params : dict
        Its parameters.
    xs : sequence
        Its input values.
    ans : object
        Its output value(s).
    tangents : sequence
        One tangent per input, None for zero.

    Returns
    -------
    array, tuple or None
        The output tangent broadcast to ans's shape (a tuple for multiple results), None
        when every input tangent is zero.

    Raises
    ------
    NotImplementedError
        If prim has no forward rule.
    """
    for t in tangents:
        if t is not None:
            break
    else:
        return (None,) * len(ans) if prim.multiple_results else None
    if prim.partials is not None:
        total = None
        for d, t in zip(prim.partials, tangents):
            if t is not None:
                total = add_any(total, _scaled(t, d(ans, *xs, **params)))
        out = total
    elif prim.linear:
        out = bind(prim, *_zero_filled(tangents, xs), **params)
    elif prim.jvps is not None:
        out = None
        for rule, t in zip(prim.jvps, tangents):
            if t is not None:
                out = add_any(out, rule(t, ans, *xs, **params))
    elif prim.jvp is not None:
        out = prim.jvp(tuple(tangents), ans, *xs, **params)
    else:
        raise NotImplementedError(f"primitive {prim.name} has no forward-mode (jvp) rule")
    if prim.multiple_results:
        return tuple(_fit_tangent(t, a) for t, a in zip(out, ans))
    return _fit_tangent(out, ans)


class _Unit:
    """The seed cotangent 1 of a scalar output, kept symbolic: g·∂ans/∂x is then just the
    partial, so no multiply by one is recorded (which nested derivatives would differentiate)."""
    __slots__ = ()

    def __repr__(self):
        return "UNIT"


UNIT = _Unit()


def _unit_scaled(p, ans):
    if type(p) is int:
        return None if p == 0 else (ones_like(ans) if p == 1 else multiply(ones_like(ans), p))
    if _backend._active[0] and _on_host_only(p, ans):
        return multiply(ones_like(ans), p)    # a constant partial joins ans's device
    return p


def _on_host_only(p, ans):
    """True when partial p is a host constant while ans lives on another device."""
    return _backend.device_of(concrete(p)) != _backend.device_of(concrete(ans))


def apply_vjp(prim, params, xs, ans, g, needed):
    """Apply a primitive's reverse rule: the cotangents of the inputs that need one.

    Parameters
    ----------
    prim : Primitive
        The op.
    params : dict
        Its parameters.
    xs : sequence
        Its input values.
    ans : object
        Its output value(s).
    g : object
        The output cotangent (a tuple for multiple results); may be UNIT, the symbolic
        cotangent 1 of a scalar output.
    needed : sequence of int
        The input positions whose cotangents are wanted.

    Returns
    -------
    list
        One entry per input: the cotangent (summed to the input's shape and cast to its
        dtype) at the needed positions, None elsewhere or where it is zero.

    Raises
    ------
    NotImplementedError
        If prim has no reverse rule.
    """
    if prim.multiple_results:
        g = tuple(zeros_like(a) if gi is None else ones_like(a) if gi is UNIT else gi
                  for gi, a in zip(g, ans))
    elif g is UNIT and prim.partials is None:
        g = ones_like(ans)
    if prim.partials is not None:
        cts = [None] * len(xs)
        scale = _unit_scaled if g is UNIT else None
        for i in needed:
            p = prim.partials[i](ans, *xs, **params)
            cts[i] = scale(p, ans) if scale else _scaled(g, p)
    elif prim.vjps is not None:
        cts = [None] * len(xs)
        for i in needed:
            cts[i] = prim.vjps[i](g, ans, *xs, **params)
    elif prim.vjp is not None:
        if prim.vjp_takes_needed:
            full = prim.vjp(g, ans, *xs, needed=needed, **params)
        else:
            full = prim.vjp(g, ans, *xs, **params)
        cts = [full[i] if i in needed else None for i in range(len(xs))]
    elif prim.nondiff:
        return [None] * len(xs)
    else:
        raise NotImplementedError(f"primitive {prim.name} has no reverse-mode (vjp) rule")
    for i in needed:
        if cts[i] is not None:
            cts[i] = unbroadcast(cts[i], xs[i])
    return cts


def _register():
    import sys
    from funcgrad import tracing
    tracing._rules = sys.modules[__name__]


_register()
