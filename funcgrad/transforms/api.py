"""The user-facing transforms: vjp, grad, value_and_grad, jvp, linearize, jacrev,
jacfwd, jacobian, hessian, hvp, make_tape.

Each is a small function over tracing plus one interpreter. Inputs and outputs
are pytrees; `argnums` picks the differentiated positional arguments; `has_aux`
lets the function return (output, auxiliary data).
"""
import numbers

from funcgrad import debug, tree
from funcgrad.backend import DeviceMismatchError, device_of, is_array, shape_of
from funcgrad.backend import _active as _backend_active
from funcgrad.primitive import Boxed, array_module_of, concrete
from funcgrad.primitives.creation import ones_like, zeros_like
from funcgrad.tracing import JVPTrace, RecordTrace, Tracer, new_trace

from .batching import vmap
from .interpreters import backward_pass, forward_pass
from .rules import UNIT

__all__ = ["vjp", "grad", "value_and_grad", "jvp", "linearize", "jacrev", "jacfwd",
           "jacobian", "hessian", "hvp", "make_tape"]

# hooks the Tensor facade fills in: Tensor <-> traced value at a transform's boundary
boundary = {"to_primal": None, "wrap_input": None}


# ---- checking and preparing inputs -------------------------------------------

def _check_callable(f, transform):
    if not callable(f):
        raise TypeError(f"{transform}: the function to transform must be callable, got "
                        f"{type(f).__name__} {f!r:.40}; pass the function itself, e.g. "
                        f"fg.{transform}(f)(x), not fg.{transform}(f(x))")


def _describe(transform, position):
    return f"{transform}: argument {position}"


def _as_primal(x, where):
    """A differentiable input as an inexact array (Python floats become float64 arrays)."""
    if boundary["to_primal"] is not None:
        x = boundary["to_primal"](x)
    if isinstance(x, Boxed):
        return x
    if isinstance(x, (bool, numbers.Integral)):
        raise TypeError(f"{where} is the integer {x!r}; only float or complex inputs can be "
                        f"differentiated. Pass a float (e.g. {float(x)!r}) or exclude it with argnums.")
    if isinstance(x, (float, complex)):
        return array_module_of().asarray(x)       # a 0-d host constant
    if not is_array(x):
        raise TypeError(f"{where} has type {type(x).__name__}; differentiated inputs must be "
                        f"arrays or floats (or pytrees of them). Exclude it with argnums or convert "
                        f"it with funcgrad.numpy.asarray.")
    if x.dtype.kind not in "fc":
        raise TypeError(f"{where} has dtype {x.dtype}; only float or complex inputs can be "
                        f"differentiated. Convert it with x.astype(float) or exclude it with argnums.")
    return x


def _flatten_inputs(args, transform, positions):
    flat, treedef = tree.flatten(tuple(args))
    # name each leaf by its argument position for error messages
    owners = []
    for pos, a in zip(positions, args):
        owners += [pos] * len(tree.leaves(a))
    return [_as_primal(x, _describe(transform, p)) for x, p in zip(flat, owners)], treedef


def _check_argnums(argnums, nargs, transform):
    many = isinstance(argnums, (tuple, list))
    nums = tuple(argnums) if many else (argnums,)
    for n in nums:
        if not isinstance(n, numbers.Integral):
            raise TypeError(f"{transform}: argnums must be an int or a tuple of ints, got {argnums!r}")
        if not -nargs <= n < nargs:
            raise ValueError(f"{transform}: argnums={argnums!r} is out of range for a call with "
                             f"{nargs} positional argument(s)")
    return tuple(int(n) % nargs for n in nums), many


def _split_aux(out, transform):
    if not (isinstance(out, (tuple, list)) and len(out) == 2):
        raise TypeError(f"{transform}: has_aux=True needs the function to return a pair "
                        f"(output, aux), got {type(out).__name__}")
    return out[0], out[1]


def _unbox(value, trace):
    """Strip `trace`'s layer from a value (other traces' values pass unchanged)."""
    if type(value) is Tracer and value._trace is trace:
        return value.value
    if boundary["to_primal"] is not None and not isinstance(value, Tracer):
        inner = boundary["to_primal"](value)
        if inner is not value:
            return _unbox(inner, trace)
    return value


def _partial(f, args, kwargs, argnums):
    def with_diff_args(*diff_args):
        full = list(args)
        for i, d in zip(argnums, diff_args):
            full[i] = d
        return f(*full, **kwargs)
    return with_diff_args


# ---- reverse mode -------------------------------------------------------------

def _record(f, primals, transform, has_aux=False, positions=None):
    """Trace f on primals: (tape, out_flat, out_tree, aux, in_tree)."""
    positions = positions if positions is not None else range(len(primals))
    flat, in_tree = _flatten_inputs(primals, transform, positions)
    if debug.is_debug_nans():
        debug.check_arguments(transform, flat)
    with new_trace(RecordTrace) as trace:
        tracers = [trace.new_input(x) for x in flat]
        wrap = boundary["wrap_input"]
        inputs = tree.unflatten(in_tree, [wrap(t, p) if wrap else t for t, p in
                                          zip(tracers, tree.leaves(primals))])
        out = f(*inputs)
    aux = None
    if has_aux:
        out, aux = _split_aux(out, transform)
        aux = tree.tree_map(lambda v: _unbox(v, trace), aux)
    out_flat, out_tree = tree.flatten(out)
    tape = trace.tape
    tape.in_ids = tuple(t.aux for t in tracers)
    tape.in_vals = tuple(flat)
    tape.out_ids = tuple(o.aux if type(o) is Tracer and o._trace is trace else None
                         for o in (_unbox_outer(o) for o in out_flat))
    tape.out_vals = tuple(_unbox(o, trace) for o in out_flat)
    return tape, out_tree, aux, in_tree


def _unbox_outer(o):
    if boundary["to_primal"] is not None:
        return boundary["to_primal"](o)
    return o


def _check_same_device(transform, what, value, other_what, other):
    """A tangent or cotangent array must live on its primal's device (constants join any)."""
    if not _backend_active[0] or len(shape_of(value)) == 0:
        return
    here, there = device_of(concrete(value)), device_of(concrete(other))
    if here != there:
        raise DeviceMismatchError(
            f"{transform}: {what} is on {here} but {other_what} is on {there}; move it "
            f"first with funcgrad.backend.to_device(x, {there!r})")


def _check_cotangent(ct, out, k):
    cs, os_ = shape_of(ct), shape_of(out)
    if tuple(cs) != tuple(os_):
        raise ValueError(f"vjp: cotangent {k} has shape {tuple(cs)} but output {k} has shape "
                         f"{tuple(os_)}; pass a cotangent of the output's shape")
    _check_same_device("vjp", f"cotangent {k}", ct, f"output {k}", out)
    cd, od = getattr(ct, "dtype", None), getattr(out, "dtype", None)
    if cd is not None and od is not None and cd.kind not in "fc":
        raise TypeError(f"vjp: cotangent {k} has dtype {cd}; it must be float or complex "
                        f"(output {k} has dtype {od})")


def vjp(f, *primals, has_aux=False):
    """Evaluate f and return its vector-Jacobian product function (reverse mode).

    f is traced once on `primals`; the returned `vjp_fn` replays the recorded tape
    backwards for any cotangent, without calling f again.

    Parameters
    ----------
    f : callable
        The function, called as ``f(*primals)``; it returns an array or a pytree
        (tuple, list, dict, namedtuple, None) of arrays.
    *primals : array or pytree of arrays
        The point. Every leaf is differentiated, so each must be a float or complex
        array or a Python float (floats become float64 arrays).
    has_aux : bool, optional
        If True, f returns a pair ``(output, aux)``; aux is returned as it is and not
        differentiated.

    Returns
    -------
    out : array or pytree
        ``f(*primals)`` (its first element when has_aux).
    vjp_fn : callable
        ``vjp_fn(ct)`` takes a cotangent with the structure, shapes and (float or
        complex) dtypes of `out` and returns a tuple with one entry per primal, each
        with that primal's structure: ``ctᵀ · ∂f/∂primal``. Inputs the output does not
        depend on get zeros.
    aux : object
        Only when has_aux is True.

    Raises
    ------
    TypeError
        If f is not callable, a primal is an integer, bool or non-array, or has_aux is
        True but f does not return a pair; `vjp_fn` raises it for an integer cotangent.
    ValueError
        From `vjp_fn`, if the cotangent's structure or shapes differ from the output's.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> out, vjp_fn = fg.vjp(lambda x: x * x, np.array([1.0, 2.0]))
    >>> vjp_fn(np.array([1.0, 10.0]))
    (array([ 2., 40.]),)
    """
    _check_callable(f, "vjp")
    tape, out_tree, aux, in_tree = _record(f, primals, "vjp", has_aux)
    out = tree.unflatten(out_tree, list(tape.out_vals))

    def vjp_fn(ct):
        ct_flat, ct_tree = tree.flatten(ct)
        if ct_tree != out_tree:
            raise ValueError(f"vjp: the cotangent has structure {ct_tree!r} but the output has "
                             f"{out_tree!r} (* is one array); pass a cotangent with the output's "
                             f"structure, one array per output array")
        for k, (c, o) in enumerate(zip(ct_flat, tape.out_vals)):
            _check_cotangent(c, o, k)
        if debug.is_debug_nans():
            debug.check_arguments("vjp_fn", ct_flat, "cotangent")
        in_cts = backward_pass(tape, ct_flat)
        in_cts = [zeros_like(x) if c is None else c for c, x in zip(in_cts, tape.in_vals)]
        return tuple(tree.unflatten(in_tree, in_cts))

    return (out, vjp_fn, aux) if has_aux else (out, vjp_fn)


def value_and_grad(f, argnums=0, has_aux=False, holomorphic=False):
    """Make a function returning both f's value and its gradient, from one reverse pass.

    Parameters
    ----------
    f : callable
        A function returning a scalar: a 0-d float or complex array or a Python float.
        Keyword arguments of the returned function are passed to f and not
        differentiated.
    argnums : int or tuple of int, optional
        Which positional arguments to differentiate (negative numbers count from the
        end). Each must be a float or complex array, a Python float, or a pytree of them;
        the other arguments may be anything.
    has_aux : bool, optional
        If True, f returns ``(value, aux)``; aux is returned beside the value and not
        differentiated.
    holomorphic : bool, optional
        Declare f holomorphic: complex outputs are allowed (all inputs and the output must
        then be complex) and the gradient is the complex derivative, as in JAX. Without
        it a complex output raises TypeError.

    Returns
    -------
    callable
        ``value_and_grad_f(*args, **kwargs)`` returns ``(value, g)``, or
        ``((value, aux), g)`` when has_aux. g has the structure of
        ``args[argnums]``, or is a tuple of such gradients when argnums is a tuple.

    Raises
    ------
    TypeError
        If f is not callable; when called, if f returns a non-scalar, an integer or a
        non-array, if a differentiated argument is an integer or not an array, or if the
        output is complex without holomorphic=True.
    ValueError
        When called, if argnums is out of range for the arguments given.

    See Also
    --------
    grad : only the gradient.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> fg.value_and_grad(lambda x: fnp.sum(x ** 2))(np.array([1.0, 2.0]))
    (np.float64(5.0), array([2., 4.]))
    """
    _check_callable(f, "value_and_grad")
    def value_and_grad_f(*args, **kwargs):
        nums, many = _check_argnums(argnums, len(args), "grad")
        diff_args = [args[i] for i in nums]
        tape, out_tree, aux, in_tree = _record(_partial(f, args, kwargs, nums), diff_args,
                                               "grad", has_aux, positions=nums)
        if out_tree.kind != "leaf":
            raise TypeError(f"grad: the function must return a scalar, got a {out_tree!r} "
                            f"structure (* is one value); use has_aux=True to return (output, "
                            f"aux), or fg.vjp / fg.jacobian for several outputs")
        out = tape.out_vals[0]
        if not (is_array(out) or isinstance(out, (float, complex, Boxed))):
            raise TypeError(f"grad: the function must return a float scalar, got "
                            f"{type(out).__name__} {out!r:.40}; return the value to differentiate")
        shape = tuple(getattr(out, "shape", ()))
        if shape != ():
            raise TypeError(f"grad: the function must return a scalar, got an output of shape "
                            f"{shape}; use fg.vjp(f, x) with a cotangent, or fg.jacobian(f), "
                            f"for non-scalar outputs")
        kind = out.dtype.kind if hasattr(out, "dtype") else "f"
        if kind not in "fc":
            raise TypeError(f"grad: the output has dtype {out.dtype}; grad needs a float "
                            f"output (integer and boolean values have no derivative). Compute "
                            f"it in floats, e.g. with .astype(float) before the integer step")
        _check_holomorphic("grad", holomorphic, tape.in_vals, [out])
        in_cts = backward_pass(tape, [UNIT], consume=True)
        in_cts = [zeros_like(x) if c is None else ones_like(x) if c is UNIT else c
                  for c, x in zip(in_cts, tape.in_vals)]
        grads = tuple(tree.unflatten(in_tree, in_cts))
        g = grads if many else grads[0]
        return ((out, aux), g) if has_aux else (out, g)
    value_and_grad_f.__name__ = f"value_and_grad({getattr(f, '__name__', 'f')})"
    return value_and_grad_f


def grad(f, argnums=0, has_aux=False, holomorphic=False):
    """Make a function returning the gradient of scalar-valued f by reverse mode.

    Parameters
    ----------
    f : callable
        A function returning a scalar: a 0-d float or complex array or a Python float.
        Keyword arguments of the returned function are passed to f and not
        differentiated.
    argnums : int or tuple of int, optional
        Which positional arguments to differentiate (negative numbers count from the
        end). Each must be a float or complex array, a Python float, or a pytree of them;
        the other arguments may be anything.
    has_aux : bool, optional
        If True, f returns ``(value, aux)`` and the gradient function returns
        ``(g, aux)``; aux is not differentiated.
    holomorphic : bool, optional
        Declare f holomorphic: complex inputs and output are allowed (all must then be
        complex) and the result is the complex derivative. Without it a complex output
        raises TypeError.

    Returns
    -------
    callable
        ``grad_f(*args, **kwargs)``: ∂f/∂args[argnums], with the structure, shapes and
        dtypes of the differentiated argument (a tuple of them when argnums is a tuple);
        ``(g, aux)`` when has_aux. Calls nest: ``grad(grad(f))`` is the second derivative.

    Raises
    ------
    TypeError
        If f is not callable; when called, if f returns a non-scalar, an integer or a
        non-array, if a differentiated argument is an integer or not an array, or if the
        output is complex without holomorphic=True.
    ValueError
        When called, if argnums is out of range for the arguments given.

    See Also
    --------
    value_and_grad : the value and the gradient together.
    jacobian : derivatives of non-scalar outputs.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> fg.grad(lambda x: fnp.sum(fnp.sin(x)))(np.array([0.0, np.pi]))
    array([ 1., -1.])
    >>> fg.grad(lambda w, x: fnp.sum(w * x), argnums=(0, 1))(np.ones(2), np.arange(2.0))
    (array([0., 1.]), array([1., 1.]))
    >>> fg.grad(fg.grad(lambda x: x ** 3))(2.0)
    np.float64(12.0)
    """
    _check_callable(f, "grad")
    vg = value_and_grad(f, argnums, has_aux, holomorphic)

    def grad_f(*args, **kwargs):
        (value, g) = vg(*args, **kwargs)
        if has_aux:
            return g, value[1]
        return g
    grad_f.__name__ = f"grad({getattr(f, '__name__', 'f')})"
    return grad_f


# ---- forward mode ---------------------------------------------------------------

def jvp(f, primals, tangents, has_aux=False):
    """Evaluate f and its directional derivative (Jacobian-vector product, forward mode).

    Parameters
    ----------
    f : callable
        The function, called as ``f(*primals)``; it returns an array or a pytree of arrays.
    primals : tuple or list
        The point: one entry (an array, a Python float or a pytree of them) per argument
        of f. Leaves must be float or complex.
    tangents : tuple or list
        The direction, with the structure and shapes of `primals`.
    has_aux : bool, optional
        If True, f returns ``(output, aux)``; aux is returned as it is.

    Returns
    -------
    out : array or pytree
        ``f(*primals)``.
    t_out : array or pytree
        ``∂f/∂primals · tangents``, with the structure and shapes of `out` (zeros for
        outputs that do not depend on the primals).
    aux : object
        Only when has_aux is True.

    Raises
    ------
    TypeError
        If f is not callable, primals or tangents is not a tuple or list, or a primal is an
        integer or not an array.
    ValueError
        If the tangents' structure or shapes differ from the primals'.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> fg.jvp(fnp.sin, (np.array([0.0, 1.0]),), (np.array([1.0, 0.0]),))
    (array([0.        , 0.84147098]), array([1., 0.]))
    """
    _check_callable(f, "jvp")
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError("jvp: primals and tangents must be tuples (one entry per argument), "
                        "e.g. fg.jvp(f, (x,), (v,))")
    flat, in_tree = _flatten_inputs(primals, "jvp", range(len(primals)))
    t_flat, t_tree = tree.flatten(tuple(tangents))
    if t_tree != in_tree:
        raise ValueError(f"jvp: tangents have structure {t_tree!r} but primals have {in_tree!r} "
                         f"(* is one array); pass one tangent per primal array, in the same "
                         f"structure")
    for k, (x, t) in enumerate(zip(flat, t_flat)):
        if shape_of(x) != shape_of(t):
            raise ValueError(f"jvp: tangent {k} has shape {shape_of(t)} but its primal has "
                             f"shape {shape_of(x)}")
        _check_same_device("jvp", f"tangent {k}", t, "its primal", x)
    if debug.is_debug_nans():
        debug.check_arguments("jvp", flat)
        debug.check_arguments("jvp", t_flat, "tangent")
    with new_trace(JVPTrace) as trace:
        tracers = [trace.new_input(x, t) for x, t in zip(flat, t_flat)]
        wrap = boundary["wrap_input"]
        inputs = tree.unflatten(in_tree, [wrap(t, p) if wrap else t
                                          for t, p in zip(tracers, tree.leaves(tuple(primals)))])
        out = f(*inputs)
    aux = None
    if has_aux:
        out, aux = _split_aux(out, "jvp")
        aux = tree.tree_map(lambda v: _unbox(v, trace), aux)
    out_flat, out_tree = tree.flatten(out)
    outs, out_ts = [], []
    for o in map(_unbox_outer, out_flat):
        own = type(o) is Tracer and o._trace is trace
        outs.append(o.value if own else o)
        t = o.aux if own else None
        out_ts.append(zeros_like(outs[-1]) if t is None else t)
    result = (tree.unflatten(out_tree, outs), tree.unflatten(out_tree, out_ts))
    return result + (aux,) if has_aux else result


def linearize(f, *primals):
    """Evaluate f and return its linear map ``tangents -> ∂f·tangents`` from one trace.

    f is traced once; each call of the returned map runs a forward pass over the
    recorded tape, so many directions cost no retracing.

    Parameters
    ----------
    f : callable
        The function, called as ``f(*primals)``.
    *primals : array or pytree of arrays
        The point; every leaf must be float or complex (Python floats become float64).

    Returns
    -------
    out : array or pytree
        ``f(*primals)``.
    f_jvp : callable
        ``f_jvp(*tangents)``, one tangent per primal with its structure and shapes,
        returns ``∂f/∂primals · tangents`` with the structure of `out`.

    Raises
    ------
    TypeError
        If f is not callable or a primal is an integer or not an array.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> out, f_jvp = fg.linearize(lambda x: x ** 2, np.array([1.0, 3.0]))
    >>> f_jvp(np.array([1.0, 1.0]))
    array([2., 6.])
    """
    _check_callable(f, "linearize")
    tape, out_tree, _, in_tree = _record(f, primals, "linearize")

    def f_jvp(*tangents):
        t_flat, _ = tree.flatten(tuple(tangents))
        outs = forward_pass(tape, t_flat)
        outs = [zeros_like(v) if t is None else t for t, v in zip(outs, tape.out_vals)]
        return tree.unflatten(out_tree, outs)
    return tree.unflatten(out_tree, list(tape.out_vals)), f_jvp


# ---- jacobians --------------------------------------------------------------------

def _is_complex(value):
    return hasattr(value, "dtype") and value.dtype.kind == "c"


def _check_holomorphic(transform, holomorphic, ins, outs):
    """Complex inputs or outputs need holomorphic=True (then all must be complex), as in JAX."""
    if holomorphic:
        for what, values in (("input", ins), ("output", outs)):
            for k, v in enumerate(values):
                if not _is_complex(v):
                    raise TypeError(f"{transform}: holomorphic=True needs complex {what}s, but {what} {k} "
                                    f"has dtype {getattr(v, 'dtype', type(v).__name__)}")
        return
    kinds = {"jacfwd": (("input", ins),), "jacrev": (("output", outs),), "grad": (("output", outs),)}
    for what, values in kinds.get(transform, ()):
        for k, v in enumerate(values):
            if _is_complex(v):
                raise TypeError(f"{transform}: {what} {k} is complex ({v.dtype}); pass holomorphic=True "
                                f"for a holomorphic function, or split it into real and imaginary parts")


def _jacobian_tree(f, args, kwargs, argnums, has_aux, transform, per_in_leaf, holomorphic):
    nums, many = _check_argnums(argnums, len(args), transform)
    diff_args = [args[i] for i in nums]
    tape, out_tree, aux, in_tree = _record(_partial(f, args, kwargs, nums), diff_args,
                                           transform, has_aux, positions=nums)
    _check_holomorphic(transform, holomorphic, tape.in_vals, tape.out_vals)
    blocks = per_in_leaf(tape)  # blocks[o][i]: d out_o / d in_i
    in_groups = [tree.unflatten(in_tree, row) for row in blocks]
    per_out = [g if many else g[0] for g in in_groups]
    jac = tree.unflatten(out_tree, per_out)
    return (jac, aux) if has_aux else jac


def _basis_stack(value):
    """The unit arrays e_k of value's shape and dtype, stacked: shape (size, *value.shape)."""
    xp = array_module_of(value)
    shape = shape_of(value)
    n = _size(shape)
    dtype = getattr(value, "dtype", None)
    dtype = dtype if dtype is not None and dtype.kind in "fc" else xp.float64
    return xp.eye(n, dtype=dtype).reshape((n,) + shape)


def _size(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _block(stacked, like, lead_shape, tail_shape, lead_first):
    """Reshape a (size, ...) stack of vjp or jvp results into a Jacobian block."""
    from funcgrad import numpy as fnp
    if stacked is None:
        xp = array_module_of(like)
        return xp.zeros(lead_shape + tail_shape, dtype=getattr(like, "dtype", xp.float64))
    if not lead_first:
        stacked = fnp.moveaxis(stacked, 0, -1)
    return fnp.reshape(stacked, lead_shape + tail_shape)


def jacrev(f, argnums=0, has_aux=False, holomorphic=False):
    """Make a function returning f's Jacobian by reverse mode.

    All rows come from one batched (vmapped) backward pass over a single trace; prefer it
    when outputs are fewer than inputs. `jacobian` is this function.

    Parameters
    ----------
    f : callable
        The function; it returns an array or a pytree of arrays. Keyword arguments of the
        returned function are passed to f and not differentiated.
    argnums : int or tuple of int, optional
        Which positional arguments to differentiate; each must be float or complex (or a
        pytree of such arrays).
    has_aux : bool, optional
        If True, f returns ``(output, aux)`` and the result is ``(jac, aux)``.
    holomorphic : bool, optional
        Allow complex outputs for a holomorphic f (all inputs and outputs must then be
        complex). Without it a complex output raises TypeError.

    Returns
    -------
    callable
        ``jacrev_f(*args, **kwargs)``: for each output leaf of shape ``o`` and input leaf of
        shape ``i``, a block of shape ``o + i``, nested as the output's pytree of the
        input's pytree (a tuple over argnums when argnums is a tuple).

    Raises
    ------
    TypeError
        If f is not callable; when called, for an integer or non-array input or a complex
        output without holomorphic=True.
    ValueError
        When called, if argnums is out of range.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg
    >>> fg.jacrev(lambda x: x[:2] * x[1:])(np.array([1.0, 2.0, 3.0]))
    array([[2., 1., 0.],
           [0., 3., 2.]])
    """
    _check_callable(f, "jacrev")
    def jacrev_f(*args, **kwargs):
        def blocks(tape):
            rows = []
            for o, out in enumerate(tape.out_vals):
                def pull_row(e, o=o):
                    cts = [None] * len(tape.out_vals)
                    cts[o] = e
                    return backward_pass(tape, cts)
                cts = vmap(pull_row)(_basis_stack(out))
                rows.append([_block(c, x, shape_of(out), shape_of(x), True)
                             for c, x in zip(cts, tape.in_vals)])
            return rows
        return _jacobian_tree(f, args, kwargs, argnums, has_aux, "jacrev", blocks, holomorphic)
    return jacrev_f


def jacfwd(f, argnums=0, has_aux=False, holomorphic=False):
    """Make a function returning f's Jacobian by forward mode.

    All columns come from one batched (vmapped) forward pass over a single trace; prefer
    it when inputs are fewer than outputs.

    Parameters
    ----------
    f : callable
        The function; it returns an array or a pytree of arrays. Keyword arguments of the
        returned function are passed to f and not differentiated.
    argnums : int or tuple of int, optional
        Which positional arguments to differentiate; each must be float or complex (or a
        pytree of such arrays).
    has_aux : bool, optional
        If True, f returns ``(output, aux)`` and the result is ``(jac, aux)``.
    holomorphic : bool, optional
        Allow complex inputs for a holomorphic f (all inputs and outputs must then be
        complex). Without it a complex input raises TypeError.

    Returns
    -------
    callable
        ``jacfwd_f(*args, **kwargs)``: blocks of shape ``out.shape + in.shape``, nested as
        the output's pytree of the input's pytree, as `jacrev`.

    Raises
    ------
    TypeError
        If f is not callable; when called, for an integer or non-array input or a complex
        input without holomorphic=True.
    ValueError
        When called, if argnums is out of range.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> fg.jacfwd(lambda x: fnp.stack([x[0] * x[1], x[0]]))(np.array([2.0, 3.0]))
    array([[3., 2.],
           [1., 0.]])
    """
    _check_callable(f, "jacfwd")
    def jacfwd_f(*args, **kwargs):
        def blocks(tape):
            cols = []  # cols[i][o]: d out_o / d in_i, stacked over the elements of in_i
            for i, x in enumerate(tape.in_vals):
                def push_column(e, i=i):
                    ts = [None] * len(tape.in_vals)
                    ts[i] = e
                    return forward_pass(tape, ts)
                cols.append(vmap(push_column)(_basis_stack(x)))
            return [[_block(cols[i][o], out, shape_of(out), shape_of(x), False)
                     for i, x in enumerate(tape.in_vals)]
                    for o, out in enumerate(tape.out_vals)]
        return _jacobian_tree(f, args, kwargs, argnums, has_aux, "jacfwd", blocks, holomorphic)
    return jacfwd_f


jacobian = jacrev


def hessian(f, argnums=0, has_aux=False, holomorphic=False):
    """Make a function returning f's second derivatives, forward over reverse.

    ``hessian(f) = jacfwd(jacrev(f))`` with the same arguments at both levels.

    Parameters
    ----------
    f : callable
        The function (usually scalar-valued); keyword arguments of the returned function
        are passed to f and not differentiated.
    argnums : int or tuple of int, optional
        Which positional arguments to differentiate.
    has_aux : bool, optional
        If True, f returns ``(output, aux)`` and the result is ``(hess, aux)``.
    holomorphic : bool, optional
        As for `jacrev` and `jacfwd`.

    Returns
    -------
    callable
        ``hessian_f(*args, **kwargs)``: for a scalar f of an input of shape ``s``, an array
        of shape ``s + s``; in general blocks of shape ``out.shape + in.shape + in.shape``
        nested as pytrees (one level per argnums tuple).

    Raises
    ------
    TypeError, ValueError
        As `jacrev` and `jacfwd`.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> fg.hessian(lambda x: fnp.sum(x ** 3))(np.array([1.0, 2.0]))
    array([[ 6.,  0.],
           [ 0., 12.]])
    """
    _check_callable(f, "hessian")
    return jacfwd(jacrev(f, argnums, has_aux, holomorphic), argnums, has_aux, holomorphic)


def hvp(f, primals, tangents):
    """Compute the gradient of f and a Hessian-vector product, never forming the Hessian.

    Forward over reverse: ``jvp(grad(f, argnums=all), primals, tangents)``.

    Parameters
    ----------
    f : callable
        A scalar-valued function of ``len(primals)`` positional arguments.
    primals : tuple or list
        The point, one float or complex array (or pytree of them) per argument.
    tangents : tuple or list
        The vector, with the structure and shapes of `primals`.

    Returns
    -------
    grads : tuple
        ∇f at `primals`, one entry per argument (not f's value).
    hvps : tuple
        ∇²f · tangents, one entry per argument.

    Raises
    ------
    TypeError, ValueError
        As `grad` and `jvp`.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> fg.hvp(lambda x: fnp.sum(x ** 3), (np.array([1.0, 2.0]),), (np.array([1.0, 0.0]),))
    ((array([ 3., 12.]),), (array([6., 0.]),))
    """
    return jvp(grad(f, argnums=tuple(range(len(primals)))), tuple(primals), tuple(tangents))


def make_tape(f):
    """Make a function returning the `Tape` f records at the given arguments.

    The tape lists every primitive f binds (like a jaxpr); print it, draw it with
    ``tape.to_dot()`` or `funcgrad.viz`, or replay it with the interpreters.

    Parameters
    ----------
    f : callable
        The function to trace. Every positional argument is an input of the tape, so each
        must be a float or complex array or a Python float (or a pytree of them).

    Returns
    -------
    callable
        ``make_tape_f(*args)`` returning the `Tape` (inputs, equations, outputs).

    Raises
    ------
    TypeError
        If f is not callable, or (when called) an argument is an integer or not an array.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> tape = fg.make_tape(lambda x: fnp.sin(x) * 2.0)(np.ones(3))
    >>> len(tape.eqns)
    2
    """
    _check_callable(f, "make_tape")
    def make_tape_f(*args):
        tape, _, _, _ = _record(f, args, "make_tape")
        return tape
    return make_tape_f
