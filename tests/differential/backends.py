"""One namespace per autodiff library, so a program is written once for all of them.

A program is `f(B, *params)`: `B.np` is the library's numpy, and the few functions
some library lacks or spells differently are attributes of `B` (`B.lse`, `B.cholesky`,
`B.trapezoid`...). Where HIPS autograd has a function without a derivative rule, its
backend supplies the textbook formula from operations it does differentiate, so
funcgrad's own implementation is checked against an independent one.
Each backend gives `value_and_grad(f, n)` (the value and the gradients with respect to
all n parameters, as a tuple) and `hessian(f)` for f of one vector; JAX's are jitted (its op-by-op mode
costs seconds per program).
"""
import types

import numpy as np
import pytest

__all__ = ["BACKENDS", "backend"]


def _funcgrad():
    import funcgrad as fg
    import funcgrad.numpy as fnp
    return types.SimpleNamespace(
        name="funcgrad", np=fnp, lse=fnp.logsumexp, cholesky=fnp.linalg.cholesky,
        solve=fnp.linalg.solve, slogdet=fnp.linalg.slogdet, norm=fnp.linalg.norm,
        rfft=fnp.fft.rfft, trapezoid=fnp.trapezoid, cumprod=fnp.cumprod, median=fnp.median,
        quantile=fnp.quantile, take_along_axis=fnp.take_along_axis, average=fnp.average,
        nanmean=fnp.nanmean, interp=fnp.interp, ptp=fnp.ptp, polyval=fnp.polyval,
        pad=fnp.pad, meshgrid=fnp.meshgrid, linspace=fnp.linspace,
        value_and_grad=lambda f, n: fg.value_and_grad(f, argnums=tuple(range(n))),
        hessian=fg.hessian)


def _jax():
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import jax.scipy.special
    return types.SimpleNamespace(
        name="jax", np=jnp, lse=jax.scipy.special.logsumexp, cholesky=jnp.linalg.cholesky,
        solve=jnp.linalg.solve, slogdet=jnp.linalg.slogdet, norm=jnp.linalg.norm,
        rfft=jnp.fft.rfft, trapezoid=jnp.trapezoid, cumprod=jnp.cumprod, median=jnp.median,
        quantile=jnp.quantile, take_along_axis=jnp.take_along_axis, average=jnp.average,
        nanmean=jnp.nanmean, interp=jnp.interp, ptp=jnp.ptp, polyval=jnp.polyval,
        pad=jnp.pad, meshgrid=jnp.meshgrid, linspace=jnp.linspace,
        value_and_grad=lambda f, n: jax.jit(jax.value_and_grad(f, argnums=tuple(range(n)))),
        hessian=lambda f: jax.jit(jax.hessian(f)))


# ---- textbook formulas for the functions autograd has no derivative for ------------------

def _ag_formulas(anp):
    def trapezoid(y, x=None, dx=1.0, axis=-1):
        d = anp.diff(x) if x is not None else dx
        return anp.sum(d * (y[1:] + y[:-1]) / 2.0)

    def cumprod(x, axis=None):
        out = [x[0]]
        for i in range(1, len(x)):
            out.append(out[-1] * x[i])
        return anp.stack(out)

    def median(x, axis=None):
        s = anp.sort(anp.ravel(x))
        n = len(s)
        return (s[(n - 1) // 2] + s[n // 2]) / 2.0

    def take_along_axis(x, idx, axis=-1):
        return x[idx]

    def average(x, axis=None, weights=None):
        return anp.sum(x * weights, axis=axis) / anp.sum(weights, axis=axis)

    def nanmean(x, axis=None):
        mask = np.isnan(x._value if hasattr(x, "_value") else x)
        return anp.sum(anp.where(mask, 0.0, x)) / np.sum(~mask)

    def ptp(x, axis=None):
        return anp.max(x, axis=axis) - anp.min(x, axis=axis)

    def polyval(p, x):
        y = 0.0 * x
        for i in range(len(p)):
            y = y * x + p[i]
        return y

    def meshgrid(x, y):
        return anp.outer(anp.ones(len(y)), x), anp.outer(y, anp.ones(len(x)))

    def linspace(a, b, num):
        return a + (b - a) * np.linspace(0.0, 1.0, num)
    return locals()


def _autograd():
    autograd = pytest.importorskip("autograd")
    import autograd.numpy as anp
    import autograd.scipy.special

    def value_and_grad(f, n):
        packed = autograd.value_and_grad(lambda params: f(*params))
        return lambda *params: packed(tuple(params))
    return types.SimpleNamespace(
        name="autograd", np=anp, lse=autograd.scipy.special.logsumexp,
        cholesky=anp.linalg.cholesky, solve=anp.linalg.solve, slogdet=anp.linalg.slogdet,
        norm=anp.linalg.norm, rfft=anp.fft.rfft, quantile=None, interp=None, pad=anp.pad,
        value_and_grad=value_and_grad, hessian=autograd.hessian, **_ag_formulas(anp))


BACKENDS = {"jax": _jax, "autograd": _autograd}
_made = {}


def backend(name):
    """The backend `name` (skipping the test when its library is not installed)."""
    if name not in _made:
        _made[name] = _funcgrad() if name == "funcgrad" else BACKENDS[name]()
    return _made[name]
