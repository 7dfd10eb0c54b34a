"""User-defined derivative rules (custom_vjp, custom_jvp) and checkpoint.

Each call of a decorated function becomes one equation of the innermost trace,
with a one-off `Primitive` whose rules close over that call's residuals:
* custom_vjp: reverse mode calls the user's bwd(res, g); forward mode
  differentiates the function's own ops.
* custom_jvp: forward mode calls the user's rule; reverse mode records the rule
  with tangents as traced inputs (it is linear in them) and transposes it by a
  backward pass over that recording.
* checkpoint: stores only the inputs and recomputes the function in reverse mode.
Outside any trace each simply calls the function.
"""
import functools

from funcgrad import debug, tree
from funcgrad.backend import shape_of
from funcgrad.primitive import Boxed, Primitive
from funcgrad.primitives.creation import zeros_like
from funcgrad.tracing import JVPTrace, RecordTrace, Tracer, new_trace

from .interpreters import backward_pass

__all__ = ["custom_vjp", "custom_jvp", "checkpoint"]


def _name(fun):
    """A callable's name for messages and tapes (primitives and partials have no __name__)."""
    return getattr(fun, "__name__", None) or getattr(fun, "name", None) or type(fun).__name__


def _innermost_trace(flat_args):
    top = None
    for a in flat_args:
        if type(a) is Tracer and (top is None or a._trace.level > top.level):
            top = a._trace
    return top


def _lower_one(values, trace):
    return [a.value if type(a) is Tracer and a._trace is trace else a for a in values]


def _record_call(trace, name, flat_args, out_flat, vjp_rule, jvp_rule):
    """Append one equation for a custom call to `trace` and return its traced outputs."""
    prim = Primitive(name, impl=None, multiple_results=True, vjp=vjp_rule, jvp=jvp_rule)
    return trace.process_precomputed(prim, flat_args, out_flat)


class custom_vjp:
    """Give a function its own reverse-mode rule: decorate it, then call ``f.defvjp(fwd, bwd)``.

    Under reverse mode (grad, vjp, jacrev) each call records one equation: ``fwd`` computes
    the output and residuals, and the backward pass calls ``bwd`` instead of
    differentiating f's ops. Forward mode by `jvp` differentiates f's own ops; transforms
    that replay a recorded call forward (jacfwd, hessian, linearize) raise TypeError: use
    `custom_jvp` for them. Outside any transform the decorated function simply calls f.

    Parameters
    ----------
    fun : callable
        The function, called with positional arguments (arrays or pytrees of arrays).
    nondiff_argnums : tuple of int, optional
        Positions of arguments that are not differentiated (functions, flags, sizes), as
        in JAX: fwd receives every argument, ``bwd(*nondiff_args, residuals, g)`` receives
        them first and returns cotangents for the other arguments only. Passing a traced
        value in one of these positions is a TypeError.

    Raises
    ------
    TypeError
        When called before `defvjp`; from the backward pass, if bwd does not return a
        tuple with one cotangent per argument of the argument's structure.
    ValueError
        From the backward pass, if a cotangent's shape differs from its input's.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> @fg.custom_vjp
    ... def clipped_sin(x):
    ...     return fnp.sin(x)
    >>> def fwd(x):
    ...     return fnp.sin(x), fnp.cos(x)
    >>> def bwd(cos_x, g):
    ...     return (fnp.clip(g * cos_x, -0.5, 0.5),)
    >>> _ = clipped_sin.defvjp(fwd, bwd)
    >>> fg.grad(lambda x: fnp.sum(clipped_sin(x)))(np.array([0.0, 2.0]))
    array([ 0.5       , -0.41614684])
    """

    def __init__(self, fun, nondiff_argnums=()):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.fwd = self.bwd = None
        self.nondiff_argnums = tuple(nondiff_argnums)

    def defvjp(self, fwd, bwd):
        """Set the reverse-mode rule.

        Parameters
        ----------
        fwd : callable
            ``fwd(*args) -> (out, residuals)``: the output (as f's) and whatever bwd
            needs; called on the arguments' values, with the transform's layer removed.
        bwd : callable
            ``bwd(residuals, g) -> tuple``: g has the output's structure; the tuple holds
            one cotangent per positional argument, with its structure and shapes, or None.

        Returns
        -------
        custom_vjp
            This decorated function (so ``f = custom_vjp(f).defvjp(fwd, bwd)`` works).
        """
        self.fwd, self.bwd = fwd, bwd
        return self

    def __call__(self, *args):
        if self.fwd is None:
            raise TypeError(f"custom_vjp {_name(self.fun)}: no rule defined; call "
                            f"{_name(self.fun)}.defvjp(fwd, bwd) first")
        static, diff_args = self._split(args)
        flat, in_tree = tree.flatten(diff_args)
        trace = _innermost_trace(flat)
        if not isinstance(trace, RecordTrace):
            return self.fun(*args)
        lowered = tree.unflatten(in_tree, _lower_one(flat, trace))
        out, res = self.fwd(*self._merge(static, lowered))
        out_flat, out_tree = tree.flatten(out)
        bwd, name = self.bwd, _name(self.fun)
        # the rule must not hold `args` (tracers of this trace): that would be a reference
        # cycle tracer -> trace -> tape -> equation -> rule -> tracer, freed only by the gc
        counts = [len(tree.leaves(a)) for a in diff_args]

        def vjp_rule(g, ans, *xs):
            cts = bwd(*static, res, tree.unflatten(out_tree, list(g)))
            if not isinstance(cts, tuple) or len(cts) != len(counts):
                raise TypeError(f"custom_vjp {name}: bwd must return a tuple with "
                                f"one cotangent per argument ({len(counts)}), got {cts!r:.80}")
            ct_flat = []
            for k, (c, n) in enumerate(zip(cts, counts)):
                c_leaves = tree.leaves(c) if c is not None else [None] * n
                if len(c_leaves) != n:
                    raise TypeError(f"custom_vjp {name}: bwd's cotangent for argument {k} has "
                                    f"{len(c_leaves)} array(s) but the argument has {n}; return "
                                    f"a cotangent with the argument's structure, or None")
                ct_flat += c_leaves
            for k, (c, x) in enumerate(zip(ct_flat, xs)):
                if c is not None and shape_of(c) != shape_of(x):
                    raise ValueError(f"custom_vjp {name}: bwd returned a cotangent of shape "
                                     f"{shape_of(c)} for input array {k} of shape "
                                     f"{shape_of(x)}; each cotangent must have its input's shape")
            return tuple(ct_flat)

        def jvp_rule(tangents, ans, *xs):
            raise TypeError(f"custom_vjp {name}: forward mode through a recorded "
                            f"custom_vjp call is not defined; use custom_jvp for forward mode")

        outs = _record_call(trace, _name(self.fun), flat, out_flat, vjp_rule, jvp_rule)
        return tree.unflatten(out_tree, list(outs))


    def _split(self, args):
        """(nondiff args, differentiable args), each in argument order."""
        nd = self.nondiff_argnums
        for i in nd:
            if i >= len(args):
                raise TypeError(f"custom_vjp {_name(self.fun)}: nondiff_argnums has {i} but "
                                f"the call has {len(args)} positional arguments")
            if any(isinstance(a, Boxed) for a in tree.leaves(args[i])):
                raise TypeError(f"custom_vjp {_name(self.fun)}: argument {i} is in "
                                f"nondiff_argnums but holds a traced value; differentiate "
                                f"it by removing {i} from nondiff_argnums")
        return (tuple(args[i] for i in nd),
                tuple(a for i, a in enumerate(args) if i not in nd))

    def _merge(self, static, diff):
        """The full argument list from the two parts `_split` made."""
        static, diff, out = list(static), list(diff), []
        for i in range(len(static) + len(diff)):
            out.append(static.pop(0) if i in self.nondiff_argnums else diff.pop(0))
        return out


class custom_jvp:
    """Give a function its own forward-mode rule: decorate it, then a rule with ``@f.defjvp``.

    ``rule(primals, tangents) -> (out, t_out)`` receives tuples with one entry per
    argument (tangents of inputs a transform does not differentiate are zeros) and must be
    linear in the tangents. Forward mode by `jvp` calls the rule; reverse mode (grad,
    vjp, jacrev) records the rule with traced tangents and transposes that recording;
    transforms that replay a recorded call forward (jacfwd, hessian, linearize) call the
    rule again. Outside any transform the decorated function simply calls f.

    Parameters
    ----------
    fun : callable
        The function, called with positional arguments (arrays or pytrees of arrays).

    Raises
    ------
    TypeError
        When called inside a transform before a rule was given with `defjvp`.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> @fg.custom_jvp
    ... def softplus(x):
    ...     return fnp.log1p(fnp.exp(x))
    >>> @softplus.defjvp
    ... def softplus_jvp(primals, tangents):
    ...     (x,), (t,) = primals, tangents
    ...     return softplus(x), t * fnp.sigmoid(x)
    >>> fg.grad(lambda x: fnp.sum(softplus(x)))(np.array([0.0, 100.0]))
    array([0.5, 1. ])
    """

    def __init__(self, fun):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.rule = None

    def defjvp(self, rule):
        """Set the forward-mode rule (use it as a decorator).

        Parameters
        ----------
        rule : callable
            ``rule(primals, tangents) -> (out, t_out)``: primals and tangents are tuples
            with one entry per positional argument; out is f's output and t_out its
            tangent, with out's structure and shapes, linear in the tangents.

        Returns
        -------
        callable
            `rule` itself, unchanged.
        """
        self.rule = rule
        return rule

    def __call__(self, *args):
        if self.rule is None:
            raise TypeError(f"custom_jvp {_name(self.fun)}: no rule defined; decorate a "
                            f"rule with @{_name(self.fun)}.defjvp first")
        flat, in_tree = tree.flatten(args)
        trace = _innermost_trace(flat)
        if trace is None:
            return self.fun(*args)
        primals = _lower_one(flat, trace)
        if isinstance(trace, JVPTrace):
            tangents = [a.aux if type(a) is Tracer and a._trace is trace else None for a in flat]
            tangents = [zeros_like(p) if t is None else t for t, p in zip(tangents, primals)]
            out, t_out = self.rule(tuple(tree.unflatten(in_tree, primals)),
                                   tuple(tree.unflatten(in_tree, tangents)))
            out_flat, out_tree = tree.flatten(out)
            t_flat = tree.leaves(t_out)
            if debug.is_debug_nans():
                site = debug.recording_site()
                debug.check(out_flat, _name(self.fun), "forward value", site, inputs=primals)
                debug.check(t_flat, _name(self.fun), "tangent", site, inputs=tangents)
            return tree.unflatten(out_tree, [Tracer(trace, o, t) for o, t in zip(out_flat, t_flat)])
        return self._reverse(trace, flat, in_tree, primals)

    def _reverse(self, trace, flat, in_tree, primals):
        with new_trace(RecordTrace) as lin:
            t_in = [lin.new_input(zeros_like(p)) for p in primals]
            out, t_out = self.rule(tuple(tree.unflatten(in_tree, primals)),
                                   tuple(tree.unflatten(in_tree, t_in)))
        out_flat, out_tree = tree.flatten(out)
        t_flat = tree.leaves(t_out)
        tape = lin.tape
        tape.in_ids = tuple(t.aux for t in t_in)
        tape.out_ids = tuple(t.aux if type(t) is Tracer and t._trace is lin else None for t in t_flat)

        def vjp_rule(g, ans, *xs):
            return tuple(backward_pass(tape, list(g)))

        def jvp_rule(tangents, ans, *xs):      # forward replays (jacfwd, linearize) call the rule
            ts = [zeros_like(x) if t is None else t for t, x in zip(tangents, xs)]
            _, t_out = self.rule(tuple(tree.unflatten(in_tree, list(xs))),
                                 tuple(tree.unflatten(in_tree, ts)))
            return tuple(tree.leaves(t_out))

        outs = _record_call(trace, _name(self.fun), flat, out_flat, vjp_rule, jvp_rule)
        return tree.unflatten(out_tree, list(outs))


def checkpoint(fun):
    """Make reverse mode keep only fun's inputs and recompute fun during the backward pass.

    Inside a reverse-mode trace each call becomes one equation whose rule re-runs fun (by
    `vjp`, or `jvp` for forward replays), trading compute for the memory of fun's
    intermediate values. Outside a trace it simply calls fun.

    Parameters
    ----------
    fun : callable
        The function to checkpoint, called with positional arguments.

    Returns
    -------
    callable
        A function computing the same values and derivatives as fun.

    Raises
    ------
    TypeError
        If fun is not callable (e.g. ``checkpoint(f(x))`` instead of ``checkpoint(f)(x)``).

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> block = fg.checkpoint(lambda x: fnp.tanh(fnp.tanh(x)))
    >>> fg.grad(lambda x: fnp.sum(block(x)))(np.zeros(2))
    array([1., 1.])
    """
    if not callable(fun):
        raise TypeError(f"checkpoint: expected a function, got {type(fun).__name__}; use "
                        f"fg.checkpoint(f)(x), not fg.checkpoint(f(x))")
    @functools.wraps(fun)
    def checkpointed(*args):
        flat, in_tree = tree.flatten(args)
        trace = _innermost_trace(flat)
        if not isinstance(trace, RecordTrace):
            return fun(*args)
        lowered = _lower_one(flat, trace)
        out = fun(*tree.unflatten(in_tree, lowered))
        out_flat, out_tree = tree.flatten(out)

        def vjp_rule(g, ans, *xs):
            from .api import vjp
            _, pullback = vjp(lambda *leaves: tree.leaves(fun(*tree.unflatten(in_tree, list(leaves)))),
                              *xs)
            return pullback([zeros_like(a) if gi is None else gi for gi, a in zip(g, ans)])

        def jvp_rule(tangents, ans, *xs):
            from .api import jvp
            ts = [zeros_like(x) if t is None else t for t, x in zip(tangents, xs)]
            return tuple(jvp(lambda *leaves: tree.leaves(fun(*tree.unflatten(in_tree, list(leaves)))),
                             tuple(xs), tuple(ts))[1])

        outs = _record_call(trace, f"checkpoint({_name(fun)})", flat, out_flat, vjp_rule, jvp_rule)
        return tree.unflatten(out_tree, list(outs))
    return checkpointed
