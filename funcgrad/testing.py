"""check_grads: verify a function's derivatives against finite differences, in both modes, to any order.

For f at point x with a random direction v and a random cotangent u:
    fwd:  jvp(f, x, v)        ≈ (f(x + εv) - f(x - εv)) / 2ε          (central difference)
    rev:  ⟨vjp(f, x)(u), v⟩   ≈ ⟨u, (f(x + εv) - f(x - εv)) / 2ε⟩
    both: ⟨vjp(f, x)(u), v⟩   = ⟨u, jvp(f, x, v)⟩                      (to rounding)
Order k > 1 checks order k-1 of the derivative maps x ↦ jvp(f, x, v) and
x ↦ vjp(f, x)(u), so every mix of modes is exercised.
`grad_errors` makes the same comparisons and returns the largest relative error
of each mode and order instead of raising, for reports (`python -m funcgrad selfcheck`).
Complex values: v and u are drawn complex for complex arrays, and ⟨a, b⟩ = Re Σ a·b
(no conjugation), the pairing under which a vjp is the transpose of the jvp in
JAX's convention (see funcgrad/primitives/complex.py).
Device arrays (cupy, or any registered backend) are checked where they live: the
random directions are drawn on the host and copied to each argument's device
explicitly (`funcgrad.backend.like`), and only the numbers being compared are copied
back (`funcgrad.backend.to_host`), so the functions under test never see host data.
"""
import numpy as np

from . import tree
from .backend import like, shape_of, to_host
from .transforms import jvp, vjp

__all__ = ["check_grads", "check_jvp", "check_vjp", "grad_errors", "numerical_jvp", "tolerance"]

EPS = {np.dtype(np.float64): 1e-6, np.dtype(np.float32): 1e-3}
TOL = {np.dtype(np.float64): 1e-5, np.dtype(np.float32): 2e-2}


def _dtype(x):
    return x.dtype if hasattr(x, "dtype") else np.asarray(x).dtype


def _dtype_of(leaves):
    kinds = [_dtype(x) for x in leaves]
    single = (np.float32, np.complex64)
    return np.dtype(np.float32) if kinds and all(k in single for k in kinds) else np.dtype(np.float64)


def _random_like(x, rng):
    """A random array of x's shape and dtype, drawn on the host, on x's device."""
    shape, dtype = shape_of(x), _dtype(x)
    if dtype.kind == "c":
        host = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)
    else:
        host = rng.standard_normal(shape).astype(dtype)
    return like(host, x)


def _wide(x):
    """A host copy of x as float64, or complex128 if complex."""
    x = to_host(x)
    return x.astype(np.complex128 if x.dtype.kind == "c" else np.float64)


def _inner(a, b):
    la, lb = tree.leaves(a), tree.leaves(b)
    return sum(float(np.real(np.sum(_wide(p) * _wide(q)))) for p, q in zip(la, lb))


def _axpy(alpha, v, x):
    """x + alpha·v leaf by leaf, in x's dtype, computed where x lives."""
    def step(vi, xi):
        out = xi + alpha * vi
        return out.astype(_dtype(xi)) if hasattr(out, "astype") else np.asarray(out, _dtype(xi))
    return tree.tree_map(step, v, x)


def _sub_scale(a, b, scale):
    return tree.tree_map(lambda p, q: (_wide(p) - _wide(q)) * scale, a, b)


def numerical_jvp(f, args, tangents, eps):
    """Estimate the directional derivative of f by a central finite difference.

    Parameters
    ----------
    f : callable
        The function, called as ``f(*args)``.
    args : tuple
        The point: arrays or pytrees of arrays.
    tangents : tuple
        The direction, with the structure of `args`.
    eps : float
        The step.

    Returns
    -------
    array or pytree
        ``(f(args + eps·tangents) - f(args - eps·tangents)) / (2·eps)``, leaf by leaf, as
        host float64 (complex128 for complex) arrays with f's output structure.
    """
    plus = f(*_axpy(eps, tangents, args))
    minus = f(*_axpy(-eps, tangents, args))
    return _sub_scale(plus, minus, 1 / (2 * eps))


def _close(a, b, tol, what):
    a64 = [_wide(x) for x in tree.leaves(a)]
    b64 = [_wide(x) for x in tree.leaves(b)]
    for x, y in zip(a64, b64):
        if x.shape != y.shape:
            raise AssertionError(f"{what}: shapes differ, {x.shape} vs {y.shape}")
        scale = max(1.0, float(np.max(np.abs(y), initial=0.0)))
        err = float(np.max(np.abs(x - y), initial=0.0))
        if not err <= tol * scale:
            raise AssertionError(f"{what}: max abs error {err:.3g} exceeds {tol:.3g}·{scale:.3g}\n"
                                 f"got      {x}\nexpected {y}")


def check_jvp(f, args, rng, eps=None, tol=None):
    """Check that forward mode (jvp) of f at args agrees with central differences.

    Parameters
    ----------
    f : callable
        The function, called as ``f(*args)``.
    args : tuple
        The point: float or complex arrays or pytrees of them.
    rng : numpy.random.Generator
        Draws the random direction (complex for complex leaves).
    eps : float, optional
        The finite-difference step; default 1e-6, or 1e-3 when every leaf is float32 or
        complex64.
    tol : float, optional
        The tolerance on ``max |error| / max(1, max |expected|)``; default 1e-5, or 2e-2
        for float32 inputs.

    Raises
    ------
    AssertionError
        When they disagree (the message shows both values) or shapes differ.
    """
    leaves = tree.leaves(args)
    dtype = _dtype_of(leaves)
    eps, tol = eps or EPS[dtype], tol or TOL[dtype]
    v = tree.tree_map(lambda x: _random_like(x, rng), tuple(args))
    _, t_out = jvp(f, tuple(args), v)
    _close(t_out, numerical_jvp(f, args, v, eps), tol, f"jvp of {getattr(f, '__name__', f)}")


def check_vjp(f, args, rng, eps=None, tol=None, with_jvp=True):
    """Check that reverse mode (vjp) of f at args agrees with central differences.

    With a random direction v and cotangent u, compares ``⟨vjp(u), v⟩`` with
    ``⟨u, finite difference along v⟩`` (and with ``⟨u, jvp(v)⟩`` when `with_jvp`).

    Parameters
    ----------
    f : callable
        The function, called as ``f(*args)``.
    args : tuple
        The point: float or complex arrays or pytrees of them.
    rng : numpy.random.Generator
        Draws the random direction and cotangent.
    eps : float, optional
        The finite-difference step (defaults as in `check_jvp`).
    tol : float, optional
        The relative tolerance (defaults as in `check_jvp`).
    with_jvp : bool, optional
        Also check that the vjp is the transpose of the jvp.

    Raises
    ------
    AssertionError
        When they disagree, or a cotangent's shape differs from its input's.
    """
    leaves = tree.leaves(args)
    dtype = _dtype_of(leaves)
    eps, tol = eps or EPS[dtype], tol or TOL[dtype]
    out, pullback = vjp(f, *args)
    u = tree.tree_map(lambda o: _random_like(o, rng), out)
    v = tree.tree_map(lambda x: _random_like(x, rng), tuple(args))
    ct = pullback(u)
    for c, x in zip(tree.leaves(ct), leaves):
        if shape_of(c) != shape_of(x):
            raise AssertionError(f"vjp: cotangent shape {shape_of(c)} differs from input shape {shape_of(x)}")
    lhs = _inner(ct, v)
    rhs = _inner(u, numerical_jvp(f, args, v, eps))
    _close(lhs, rhs, tol, f"vjp of {getattr(f, '__name__', f)} vs finite differences")
    if with_jvp:
        _, t_out = jvp(f, tuple(args), v)
        _close(lhs, _inner(u, t_out), tol, f"vjp vs jvp of {getattr(f, '__name__', f)}")


def check_grads(f, args, modes=("fwd", "rev"), order=2, eps=None, tol=None, seed=0):
    """Check f's derivatives against finite differences, in both modes, up to `order`.

    Order 1 checks jvp and vjp of f at `args` (`check_jvp`, `check_vjp`, and that the
    vjp is the jvp's transpose); order k checks order k - 1 of the maps
    ``x -> jvp(f, x, v)`` and ``x -> vjp(f, x)(u)``, so every mix of modes is exercised.
    Directions are random but seeded, so a run is reproducible.

    Parameters
    ----------
    f : callable
        The function, called as ``f(*args)``; outputs may be pytrees.
    args : tuple
        The point: float or complex arrays, Python floats or pytrees of them (on any
        registered device: directions are copied to each argument's device).
    modes : tuple of str, optional
        Which of "fwd" and "rev" to check.
    order : int, optional
        The highest derivative order to check.
    eps : float, optional
        The finite-difference step; default 1e-6, or 1e-3 when every input is float32.
    tol : float, optional
        The relative tolerance; default 1e-5, or 2e-2 when every input is float32.
    seed : int, optional
        Seed of the random directions and cotangents.

    Raises
    ------
    AssertionError
        On the first disagreement, naming the mode and the function (``jvp(f)`` and
        ``vjp(f)`` for higher orders) and showing both values.

    Examples
    --------
    >>> import numpy as np, funcgrad.numpy as fnp
    >>> from funcgrad.testing import check_grads
    >>> check_grads(lambda x: fnp.sum(fnp.tanh(x) ** 2), (np.array([0.3, -1.2]),), order=2)
    """
    args = tuple(args)
    rng = np.random.default_rng(seed)
    if "fwd" in modes:
        check_jvp(f, args, rng, eps, tol)
    if "rev" in modes:
        check_vjp(f, args, rng, eps, tol, with_jvp="fwd" in modes)
    if order > 1:
        v = tree.tree_map(lambda x: _random_like(x, rng), args)
        if "fwd" in modes:
            def f_jvp(*xs):
                return jvp(f, xs, v)[1]
            f_jvp.__name__ = f"jvp({getattr(f, '__name__', 'f')})"
            check_grads(f_jvp, args, modes, order - 1, eps, tol, seed + 1)
        if "rev" in modes:
            u = tree.tree_map(lambda o: _random_like(o, rng), f(*args))

            def f_vjp(*xs):
                return vjp(f, *xs)[1](u)
            f_vjp.__name__ = f"vjp({getattr(f, '__name__', 'f')})"
            check_grads(f_vjp, args, modes, order - 1, eps, tol, seed + 2)


def tolerance(args):
    """Give the default tolerance `check_grads` applies at `args`.

    Parameters
    ----------
    args : tuple
        The point, as for `check_grads`.

    Returns
    -------
    float
        2e-2 when every leaf is float32 or complex64, else 1e-5.
    """
    return TOL[_dtype_of(tree.leaves(tuple(args)))]


def _max_rel_error(a, b, what):
    """The largest |a - b| / max(1, max |b|) over the leaves of a and b (b the reference).

    NaN anywhere gives NaN, so a comparison `error <= tol` fails as `_close` does.
    """
    ratios = []
    for x, y in zip([_wide(p) for p in tree.leaves(a)], [_wide(q) for q in tree.leaves(b)]):
        if x.shape != y.shape:
            raise AssertionError(f"{what}: shapes differ, {x.shape} vs {y.shape}")
        scale = max(1.0, float(np.max(np.abs(y), initial=0.0)))
        ratios.append(float(np.max(np.abs(x - y), initial=0.0)) / scale)
    return float("nan") if any(r != r for r in ratios) else max(ratios, default=0.0)


def grad_errors(f, args, modes=("fwd", "rev"), order=2, eps=None, seed=0):
    """Measure f's derivative errors at `args`: check_grads's comparisons, reported.

    Parameters
    ----------
    f : callable
        The function of arrays (or pytrees) to check.
    args : tuple
        The point to check at.
    modes : tuple of str
        "fwd" and/or "rev", as in `check_grads`.
    order : int
        The highest derivative order to measure.
    eps : float, optional
        The finite-difference step (default by dtype, see EPS).
    seed : int
        Seed of the random directions and cotangents.

    Returns
    -------
    dict
        (mode, k) -> the largest relative error, |got - expected| / max(1, |expected|),
        of that mode's checks at derivative order k (k = 1..order). `check_grads` with
        the same arguments passes exactly when every value is <= its tolerance (see
        `tolerance`). Rev errors include the vjp-vs-jvp agreement when both modes run.

    Raises
    ------
    AssertionError
        When a cotangent's shape differs from its input's (no error to measure).
    """
    errors = {}
    _measure(f, tuple(args), tuple(modes), order, eps, seed, 1, errors)
    return errors


def _measure(f, args, modes, order, eps, seed, level, errors):
    rng = np.random.default_rng(seed)
    eps = eps or EPS[_dtype_of(tree.leaves(args))]
    name = getattr(f, "__name__", f)

    def note(mode, err):
        old = errors.get((mode, level), 0.0)
        errors[(mode, level)] = err if err != err or old != old else max(old, err)

    if "fwd" in modes:
        v = tree.tree_map(lambda x: _random_like(x, rng), args)
        _, t_out = jvp(f, args, v)
        note("fwd", _max_rel_error(t_out, numerical_jvp(f, args, v, eps), f"jvp of {name}"))
    if "rev" in modes:
        out, pullback = vjp(f, *args)
        u = tree.tree_map(lambda o: _random_like(o, rng), out)
        v = tree.tree_map(lambda x: _random_like(x, rng), args)
        ct = pullback(u)
        for c, x in zip(tree.leaves(ct), tree.leaves(args)):
            if shape_of(c) != shape_of(x):
                raise AssertionError(f"vjp of {name}: cotangent shape {shape_of(c)} "
                                     f"differs from input shape {shape_of(x)}")
        lhs = _inner(ct, v)
        note("rev", _max_rel_error(lhs, _inner(u, numerical_jvp(f, args, v, eps)), name))
        if "fwd" in modes:
            note("rev", _max_rel_error(lhs, _inner(u, jvp(f, args, v)[1]), name))
    if order > 1:
        v = tree.tree_map(lambda x: _random_like(x, rng), args)
        u = tree.tree_map(lambda o: _random_like(o, rng), f(*args)) if "rev" in modes else None
        if "fwd" in modes:
            _measure(lambda *xs: jvp(f, xs, v)[1], args, modes, order - 1, eps, seed + 1,
                     level + 1, errors)
        if "rev" in modes:
            _measure(lambda *xs: vjp(f, *xs)[1](u), args, modes, order - 1, eps, seed + 2,
                     level + 1, errors)
