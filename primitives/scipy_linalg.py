"""scipy.linalg matrix functions that need their own rules: sqrtm.

The impl finds scipy.linalg.sqrtm through the backend (funcgrad.backend.routine): cupy
arrays use cupyx.scipy.linalg's where the installed cupyx has it, and get a clear
NotImplementedError where it does not. Rules are written with funcgrad ops (kron, solve, reshape), so they
differentiate again to any order.
"""
from funcgrad.backend import routine
from funcgrad.primitive import primitive

from .linalg import linalg_mask, solve, _T
from .products import einsum, explicit_subscripts
from .shape import reshape

__all__ = ["sqrtm"]


def _kron(x, y):
    """kron(x, y) of two (n, n) matrices as a funcgrad op: (n², n²)."""
    n, m = x.shape[-1], y.shape[-1]
    k = einsum(x, y, subscripts=explicit_subscripts("ij,kl->ikjl", [2, 2]))
    return reshape(k, shape=(n * m, n * m))


def _eye_like(s):
    n = s.shape[-1]
    return linalg_mask(s, kind="eye", size=(n, n))


def _sylvester(s, rhs):
    """The X with s·X + X·s = rhs (s, rhs (n, n)), via the Kronecker form: with row-major
    vec, vec(s·X) = (s ⊗ I)·vec X and vec(X·s) = (I ⊗ sᵀ)·vec X."""
    n = s.shape[-1]
    eye = _eye_like(s)
    k = _kron(s, eye) + _kron(eye, _T(s))
    x = solve(k, reshape(rhs, shape=(n * n, 1)))
    return reshape(x, shape=(n, n))


@primitive
class Sqrtm:
    """ans = S, the principal square root of a square (n, n) matrix a (S·S = a), as
    scipy.linalg.sqrtm. Meant for matrices with no eigenvalues on the closed negative
    real axis (where the principal root exists and is differentiable); a real input
    then gives a real output, in the input's dtype;  S·Ṡ + Ṡ·S = ȧ gives the tangent.

    S·Ṡ + Ṡ·S = ȧ gives the tangent (a Sylvester equation), and the cotangent solves
    Sᵀ·ā + ā·Sᵀ = g. Both are solved in Kronecker form, (S ⊗ I + I ⊗ Sᵀ)·vec Ṡ = vec ȧ
    (row-major vec), an n²×n² solve: fine for small matrices. No stacks: a is 2-D.

    See Also
    --------
    scipy.linalg.sqrtm
    """
    def impl(xp, a):
        out = routine(xp, "scipy.linalg.sqrtm", "funcgrad.scipy.linalg.sqrtm")(a)
        if isinstance(out, tuple):          # old scipy with disp=False
            out = out[0]
        out = xp.asarray(out)
        dtype = xp.asarray(a).dtype
        if dtype.kind != "c" and out.dtype.kind == "c":
            if xp.all(xp.abs(out.imag) <= 1e3 * xp.finfo(out.real.dtype).eps * (1 + xp.abs(out.real).max())):
                out = out.real
        if out.dtype.kind == dtype.kind == "f" and out.dtype != dtype:
            out = out.astype(dtype)
        return out

    def jvp_a(t, ans, a): return _sylvester(ans, t)
    def vjp_a(g, ans, a): return _sylvester(_T(ans), g)


sqrtm = Sqrtm
