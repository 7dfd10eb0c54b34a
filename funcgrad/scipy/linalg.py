"""funcgrad.scipy.linalg: scipy.linalg's matrix functions, differentiable to any order.

Use it as `import funcgrad.scipy.linalg as sla`. `solve_triangular` and `expm` are
composites of funcgrad ops (solve, matmul, masks); `sqrtm` is the primitive of
funcgrad/primitives/scipy_linalg.py. scipy is imported when a value is first computed.
Any other scipy.linalg name is reachable too: it runs on plain arrays and raises a
clear error if a transform reaches it.
"""
import math

import numpy as _np

import funcgrad.numpy as _fnp
from funcgrad.backend import to_host
from funcgrad.numpy._core import _lower, on_device_of
from funcgrad.primitives.scipy_linalg import sqrtm  # noqa: F401

__all__ = ["solve_triangular", "expm", "sqrtm"]


def _swap(x):
    return _fnp.swapaxes(x, -1, -2)


def solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False,
                     check_finite=True):
    """x solving op(a)·x = b for a triangular (M, M) a and b of shape (M,) or (M, K), as
    scipy.linalg.solve_triangular. Only the triangle `lower` selects is read (with
    unit_diagonal the diagonal is taken as ones, unread), so gradients flow only into
    it. trans: 0/'N' op(a) = a, 1/'T' aᵀ, 2/'C' aᴴ. Computed with funcgrad.numpy.linalg.solve
    on the masked triangle; overwrite_b and check_finite are accepted and ignored.

    See Also
    --------
    scipy.linalg.solve_triangular
    """
    a = _fnp.asarray(a)
    b = _fnp.asarray(b)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError("expected square matrix")
    if b.shape[0] != a.shape[0]:
        raise ValueError(f"shapes of a {tuple(a.shape)} and b {tuple(b.shape)} are incompatible")
    trans = {0: 0, 1: 1, 2: 2, "N": 0, "T": 1, "C": 2}.get(trans)
    if trans is None:
        raise ValueError("trans must be 0, 1, 2, 'N', 'T' or 'C'")
    t = _fnp.tril(a) if lower else _fnp.triu(a)
    if unit_diagonal:
        eye = on_device_of(_np.eye(a.shape[0], dtype=a.dtype), a)
        t = t * (1 - eye) + eye
    if trans >= 1:
        t = _swap(t)
    if trans == 2:
        t = _fnp.conj(t)
    return _fnp.linalg.solve(t, b)


# Padé degree 13 for exp (Higham 2005, "The scaling and squaring method revisited")
_B13 = (64764752532480000., 32382376266240000., 7771770303897600., 1187353796428800.,
        129060195264000., 10559470521600., 670442572800., 33522128640., 1323241920.,
        40840800., 960960., 16380., 182., 1.)
_THETA13 = 5.371920351148152


def expm(A):
    """e^A of a square matrix (or a stack (..., n, n)), as scipy.linalg.expm.

    Scaling and squaring with the degree-13 Padé approximant (Higham 2005): A is scaled
    by 2⁻ˢ, with s = max(0, ⌈log₂(‖A‖₁/θ₁₃)⌉) chosen from the concrete 1-norm (the largest
    over a stack), r₁₃ = (V − U)⁻¹(V + U) is formed with funcgrad's matmul and solve and
    squared s times. s is a constant to every transform, so derivatives (of any order)
    are the exact derivatives of this algorithm.

    See Also
    --------
    scipy.linalg.expm
    """
    A = _fnp.asarray(A)
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise ValueError("expected a square matrix")
    plain = to_host(_lower(A))      # the scaling s is chosen on the host from ‖A‖₁
    if not _np.issubdtype(plain.dtype, _np.inexact):
        A = A * 1.0
        plain = plain.astype(float)
    n = plain.shape[-1]
    if n == 0:
        return A
    norm = float(_np.max(_np.abs(plain).sum(axis=-2))) if plain.size else 0.0
    s = 0
    if _np.isfinite(norm) and norm > _THETA13:
        s = max(0, int(math.ceil(math.log2(norm / _THETA13))))
    if s:
        A = A * (2.0 ** -s)
    b = _B13
    eye = on_device_of(_np.eye(n, dtype=_np.result_type(plain.dtype, _np.float32)), A)
    A2 = _fnp.matmul(A, A)
    A4 = _fnp.matmul(A2, A2)
    A6 = _fnp.matmul(A4, A2)
    U = _fnp.matmul(A, _fnp.matmul(A6, b[13] * A6 + b[11] * A4 + b[9] * A2)
                    + b[7] * A6 + b[5] * A4 + b[3] * A2 + b[1] * eye)
    V = (_fnp.matmul(A6, b[12] * A6 + b[10] * A4 + b[8] * A2)
         + b[6] * A6 + b[4] * A4 + b[2] * A2 + b[0] * eye)
    R = _fnp.linalg.solve(V - U, V + U)
    for _ in range(s):
        R = _fnp.matmul(R, R)
    return R


def __getattr__(name):
    """Other scipy.linalg names: plain values pass through, traced values get a clear error."""
    if name.startswith("__"):
        raise AttributeError(name)
    import scipy.linalg
    from funcgrad.numpy._core import undifferentiable
    return undifferentiable(scipy.linalg, "funcgrad.scipy.linalg", name)
