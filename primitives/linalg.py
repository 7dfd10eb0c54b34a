"""Linear algebra: inverse, solve, determinants, factorizations, pseudo-inverse, vector norms.

Every primitive works on stacks of matrices (the last two axes are the matrix,
leading axes are a batch, as numpy.linalg does). Rules are written with funcgrad
ops (matmul, solve, inv, masks), so they differentiate again to any order.
Notation: ȧ is a tangent, ā a cotangent, Xᵀ swaps the last two axes, ⊙ is the
elementwise product, sym(X) = (X + Xᵀ)/2.

Complex matrices follow JAX's convention (see primitives/complex.py): the rules of
the holomorphic maps (inv, solve, det, adjugate, slogdet's log|det|, eig) use plain
transposes, never conjugate transposes. The factorizations of symmetric or
rectangular matrices (cholesky, eigh, svd, qr, pinv) are differentiated for real
matrices only; funcgrad.numpy.linalg refuses traced complex inputs for them.

Numerical choices (each also stated on its primitive):
* solves, not explicit inverses, wherever a rule only needs a⁻¹ applied to something;
* det's derivative is the cofactor matrix adj(a)ᵀ, computed from an SVD, so the
  gradient is exact at singular matrices (where det·a⁻ᵀ would be 0·∞);
* eigen- and singular-vector rules divide by gaps w_j − w_i; pairs whose gap is
  within rounding of zero (repeated values) get 0 instead of 1/0 (see `inverse_gaps`
  for what stays exact);
* vector norms have a zero subgradient at 0 instead of NaN.
"""
from funcgrad.backend import routine
from funcgrad.primitive import Boxed, primitive

from .arithmetic import equal, where
from .complex import conj_if_complex, imag, is_complex, modulus, real
from .products import einsum, explicit_subscripts, matmul
from .reductions import expand_reduced, reduce_sum
from ._batching import pad_rank, per_example_ndim, shift_axes, with_batch
from .shape import reshape, transpose

__all__ = ["inv", "solve", "det", "adjugate", "slogdet", "cholesky", "eigh", "eig", "svd",
           "qr", "pinv", "vector_norm", "linalg_mask", "inverse_gaps"]

_EPS = {2: 9.8e-4, 4: 1.2e-7, 8: 2.3e-16, 16: 1.1e-19}   # machine epsilon by real itemsize


# ---- helpers (funcgrad ops on the last two axes) -------------------------------

def _concrete(x):
    """The plain array under any tracer layers (to choose a formula, never to compute one)."""
    while isinstance(x, Boxed):
        x = x.value if hasattr(x, "value") else x._data   # a Tensor's array, on its device
    return x


def _linalg(xp, name):
    """xp.linalg.<name>; a NotImplementedError naming funcgrad.numpy.linalg.<name> and the
    way to the CPU when the backend's library lacks it (cupy.linalg has no eig before v14)."""
    return routine(xp, "linalg." + name, "funcgrad.numpy.linalg." + name)


def _T(x):
    """x with its last two axes swapped (a plain transpose, also for complex x)."""
    nd = x.ndim
    return transpose(x, axes=tuple(range(nd - 2)) + (nd - 1, nd - 2))


def _sym(x):
    return (x + _T(x)) * 0.5


def _diag(x):
    """The diagonals of a stack of square matrices: (..., n, n) -> (..., n)."""
    return einsum(x, subscripts=explicit_subscripts("...ii->...i", [x.ndim]))


def _row(w):
    """(..., n) -> (..., 1, n): w indexed by column."""
    return reshape(w, shape=tuple(w.shape[:-1]) + (1, w.shape[-1]))


def _col(w):
    """(..., n) -> (..., n, 1): w indexed by row."""
    return reshape(w, shape=tuple(w.shape) + (1,))


def _diag_embed(w):
    """(..., n) -> (..., n, n) with w on the diagonal."""
    n = w.shape[-1]
    return _row(w) * linalg_mask(w, kind="eye", size=(n, n))


def _per_matrix(c):
    """(...) -> (..., 1, 1): one number per matrix, broadcast over the matrix."""
    return reshape(c, shape=tuple(getattr(c, "shape", ())) + (1, 1))


def _trace(x):
    return reduce_sum(_diag(x), axis=(x.ndim - 2,))


def _colsum(x):
    return reduce_sum(x, axis=(x.ndim - 2,), keepdims=True)


def _solve_right(x, r):
    """x·r⁻¹ = (r⁻ᵀ·xᵀ)ᵀ."""
    return _T(solve(_T(r), _T(x)))


def _safe_reciprocal(s):
    """1/s, and 0 where s = 0."""
    zero = equal(s, 0)
    return where(zero, 0, 1 / where(zero, 1, s))


def _vmapped(prim, xs, batched, **params):
    """vmap rule of an op that already maps over leading axes: the batch axis is one more
    leading axis, once batched arguments are padded to a common per-example rank."""
    rank = max(per_example_ndim(x, b) for x, b in zip(xs, batched))
    return prim(*(pad_rank(x, rank) if b else x for x, b in zip(xs, batched)), **params)


@primitive
class LinalgMask:
    """ans = a constant (m, n) matrix with x's real dtype, size = (m, n):
    'eye' δ_ij;  'lower' 1 for i > j;  'phi' 1 for i > j and ½ for i = j (the Φ of cholesky).
    No derivative (nondiff)."""
    nondiff = True

    def impl(xp, x, *, kind, size):
        dtype = xp.real(xp.zeros((), dtype=getattr(x, "dtype", float))).dtype
        if kind == "eye":
            return xp.eye(*size, dtype=dtype)
        lower = xp.tri(*size, k=-1, dtype=dtype)
        return lower if kind == "lower" else lower + 0.5 * xp.eye(*size, dtype=dtype)

    def batch(xs, batched, *, kind, size):
        return with_batch(linalg_mask(xs[0], kind=kind, size=size), False, xs[0].shape[0])


def inverse_gaps(w):
    """F[..., i, j] = 1/(w_j − w_i) for i ≠ j, from the eigen- or squared singular values w.

    F is 0 on the diagonal and wherever |w_j − w_i| ≤ n·eps·max|w| (repeated values to
    rounding), where the vector derivative is undefined. Dropping those pairs keeps
    exact and finite, to first order: symmetric functions of the eigenvalues (sums,
    traces of g(a)) and projectors onto whole eigenspaces. A matrix function v·g(w)·vᵀ at exactly repeated
    eigenvalues loses its within-eigenspace term g'(w)·M_ij (JAX and PyTorch give NaN there).
    """
    gap = _row(w) - _col(w)
    wc = _concrete(w)
    gc = abs(_concrete(gap))
    n = wc.shape[-1]
    itemsize = wc.dtype.itemsize // (2 if wc.dtype.kind == "c" else 1)
    scale = abs(wc).max(axis=-1, keepdims=True)[..., None] if n else 0
    degenerate = gc <= n * _EPS[itemsize] * scale
    return where(degenerate, 0, 1 / where(degenerate, 1, gap))


# ---- inverse, solve, determinants ------------------------------------------------

@primitive
class Inv:
    """ans = a⁻¹;  ṫ = −ans·ȧ·ans,  ā = −ansᵀ·g·ansᵀ."""
    def impl(xp, a): return _linalg(xp, "inv")(a)
    def jvp_a(t, ans, a): return -matmul(ans, matmul(t, ans))
    def vjp_a(g, ans, a): return -matmul(_T(ans), matmul(g, _T(ans)))
    def batch(xs, batched): return _vmapped(inv, xs, batched)


@primitive
class Solve:
    """ans = a⁻¹·b for b of shape (..., n, k); batch axes of a and b broadcast;
    ṫ = a⁻¹·(ḃ − ȧ·ans);  b̄ = a⁻ᵀ·g,  ā = −b̄·ansᵀ (each a solve, no inverse formed).
    """
    def impl(xp, a, b): return _linalg(xp, "solve")(a, b)

    def jvp(tangents, ans, a, b):
        ta, tb = tangents
        rhs = tb
        if ta is not None:
            rhs = -matmul(ta, ans) if rhs is None else rhs - matmul(ta, ans)
        return solve(a, rhs)

    def vjp(g, ans, a, b, needed=(0, 1)):
        gb = solve(_T(a), g)
        return (-matmul(gb, _T(ans)) if 0 in needed else None), gb

    def batch(xs, batched): return _vmapped(solve, xs, batched)


@primitive
class Adjugate:
    """ans = adj(a) = det(a)·a⁻¹, from the SVD a = U·diag(s)·Vᴴ so it is exact when a is
    singular: adj(a) = det(U)·det(Vᴴ)·V·diag(Π_{j≠i} s_j)·Uᴴ;  ṫ = ans·tr(a⁻¹ȧ) − a⁻¹ȧ·ans.

    adj·a = det·I gives ṫ = ans·tr(a⁻¹ȧ) − a⁻¹ȧ·ans and ā = a⁻ᵀ·(Σ(g⊙ans)·I − g·ansᵀ)
    (one solve each). These rules need a nonsingular a: derivatives of det are exact at
    singular matrices to first order, not to second.
    """
    def impl(xp, a):
        u, s, vh = _linalg(xp, "svd")(a)
        ones = xp.ones(s.shape[:-1] + (1,), dtype=s.dtype)
        before = xp.cumprod(xp.concatenate([ones, s[..., :-1]], axis=-1), axis=-1)
        after = xp.cumprod(xp.concatenate([ones, s[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
        phase = _linalg(xp, "det")(u) * _linalg(xp, "det")(vh)
        v_scaled = xp.conj(xp.swapaxes(vh, -1, -2)) * (before * after)[..., None, :]
        return (v_scaled @ xp.conj(xp.swapaxes(u, -1, -2))) * phase[..., None, None]

    def jvp_a(t, ans, a):
        x = solve(a, t)
        return ans * _per_matrix(_trace(x)) - matmul(x, ans)

    def vjp_a(g, ans, a):
        n = a.shape[-1]
        c = _per_matrix(reduce_sum(g * ans, axis=(g.ndim - 2, g.ndim - 1)))
        return solve(_T(a), c * linalg_mask(a, kind="eye", size=(n, n)) - matmul(g, _T(ans)))

    def batch(xs, batched): return _vmapped(adjugate, xs, batched)


@primitive
class Det:
    """ans = det a;  ∂ans/∂a = adj(a)ᵀ, the cofactor matrix:  ṫ = tr(adj(a)·ȧ),  ā = g·adj(a)ᵀ.

    Through the adjugate the gradient is exact at singular a (the naive det·a⁻ᵀ is 0·∞ there).
    """
    def impl(xp, a): return _linalg(xp, "det")(a)
    def jvp_a(t, ans, a): return reduce_sum(_T(adjugate(a)) * t, axis=(t.ndim - 2, t.ndim - 1))
    def vjp_a(g, ans, a): return _per_matrix(g) * _T(adjugate(a))
    def batch(xs, batched): return _vmapped(det, xs, batched)


@primitive
class Slogdet:
    """(sign, logabsdet) with det a = sign·exp(logabsdet): no overflow for large matrices;
    ṫ_logabsdet = Re tr(a⁻¹ȧ),  ā = ḡ_logabsdet·a⁻ᵀ for real a.

    With c = tr(a⁻¹ȧ) (one solve):  ṫ_logabsdet = Re c;  ṫ_sign = 0 for real a and
    sign·i·Im c for complex a.  ā = (ḡ_logabsdet + i·Im(ḡ_sign·sign))·a⁻ᵀ (the second
    term only for complex a).  At singular a, logabsdet = −∞ and the derivative is undefined.
    """
    multiple_results = True

    def impl(xp, a):
        sign, logabsdet = _linalg(xp, "slogdet")(a)
        return sign, logabsdet

    def jvp(tangents, ans, a):
        c = _trace(solve(a, tangents[0]))
        if is_complex(a):
            return ans[0] * (imag(c) * 1j), real(c)
        return None, c

    def vjp(g, ans, a):
        weight = g[1]
        if is_complex(a):
            weight = weight + imag(g[0] * ans[0]) * 1j
        return (_per_matrix(weight) * _T(inv(a)),)

    def batch(xs, batched): return _vmapped(slogdet, xs, batched)


# ---- factorizations (real matrices) ---------------------------------------------

@primitive
class Cholesky:
    """ans = L, lower triangular with L·Lᵀ = a, for symmetric positive definite a;
    ṫ = L·Φ(L⁻¹·sym(ȧ)·L⁻ᵀ) (Φ below), derivatives taken on symmetric matrices.

    Derivatives are taken on symmetric matrices (as JAX and PyTorch do): a tangent is
    symmetrized, ȧ → sym(ȧ), and the cotangent is symmetric. With Φ(X) = the strict
    lower triangle of X plus half its diagonal:
    ṫ = L·Φ(L⁻¹·sym(ȧ)·L⁻ᵀ),  ā = sym(L⁻ᵀ·Φ(Lᵀ·g)·L⁻¹) (triangular solves done as solves).
    """
    def impl(xp, a): return _linalg(xp, "cholesky")(a)

    def jvp_a(t, ans, a):
        y = solve(ans, _sym(t))
        x = _T(solve(ans, _T(y)))
        return matmul(ans, x * linalg_mask(a, kind="phi", size=a.shape[-2:]))

    def vjp_a(g, ans, a):
        z = matmul(_T(ans), g) * linalg_mask(a, kind="phi", size=a.shape[-2:])
        w = solve(_T(ans), z)
        return _sym(_T(solve(_T(ans), _T(w))))

    def batch(xs, batched): return _vmapped(cholesky, xs, batched)


@primitive
class Eigh:
    """(w, v) with a = v·diag(w)·vᵀ, w ascending, for real symmetric a (numpy reads the
    `uplo` triangle; derivatives are taken on symmetric matrices, as for cholesky).

    With M = vᵀ·sym(ȧ)·v and F = inverse_gaps(w) (F_ij = 1/(w_j − w_i)):
    ẇ = diag(M),  v̇ = v·(F⊙M);   ā = sym(v·(diag(w̄) + F⊙(vᵀ·v̄))·vᵀ).
    Repeated eigenvalues: the eigenvector derivative is undefined there; F drops the
    degenerate pairs (see inverse_gaps): symmetric functions of w and eigenspace projectors
    stay exact to first order, a matrix function v·g(w)·vᵀ loses its within-eigenspace term.
    """
    multiple_results = True

    def impl(xp, a, *, uplo="L"):
        w, v = _linalg(xp, "eigh")(a, UPLO=uplo)
        return w, v

    def jvp(tangents, ans, a, *, uplo="L"):
        w, v = ans
        m = matmul(_T(v), matmul(_sym(tangents[0]), v))
        return _diag(m), matmul(v, inverse_gaps(w) * m)

    def vjp(g, ans, a, *, uplo="L"):
        w, v = ans
        inner = _diag_embed(g[0]) + inverse_gaps(w) * matmul(_T(v), g[1])
        return (_sym(matmul(v, matmul(inner, _T(v)))),)

    def batch(xs, batched, *, uplo="L"): return _vmapped(eigh, xs, batched, uplo=uplo)


def _pivots(v):
    """1 at the component LAPACK made real in each eigenvector (its largest |v_ij|), else 0."""
    av = abs(_concrete(v))
    return (av == av.max(axis=-2, keepdims=True)).astype(av.dtype)


def _pivot_values(v, k):
    return real(_colsum(k * v))


@primitive
class Eig:
    """(w, v) with a·v = v·diag(w), for a general square a; both always complex (as JAX),
    so the output dtype never jumps with the values. Holomorphic in a, so JAX's
    convention makes the rules plain transposes; eigenvalues must be distinct.

    Gauge: numpy (LAPACK geev) returns unit-norm eigenvectors whose largest component is
    real. With M = v⁻¹·ȧ·v, F = inverse_gaps(w) and X = v·(F⊙M):
    ẇ = diag(M),  v̇ = X + v·diag(c),  c_j = −Re(v_jᴴX_j) − i·Im(X_kj)/v_kj  (k the pivot),
    which keeps ‖v_j‖ = 1 and v_kj real. The vjp is the transpose of this map:
    s = colsum(v⊙v̄),  X̄ = v̄ − Re(s)·conj(v) − i·Im(s)/v_k·e_k,
    ā = v⁻ᵀ·(diag(w̄) + F⊙(vᵀX̄))·vᵀ.
    """
    multiple_results = True

    def impl(xp, a):
        w, v = _linalg(xp, "eig")(a)
        dtype = xp.result_type(a.dtype, xp.complex64)
        return w.astype(dtype, copy=False), v.astype(dtype, copy=False)

    def jvp(tangents, ans, a):
        w, v = ans
        m = matmul(solve(v, tangents[0]), v)
        x = matmul(v, inverse_gaps(w) * m)
        k = _pivots(v)
        c = -real(_colsum(conj_if_complex(v) * x)) - imag(_colsum(k * x)) / _pivot_values(v, k) * 1j
        return _diag(m), x + v * c

    def vjp(g, ans, a):
        w, v = ans
        k = _pivots(v)
        s = _colsum(v * g[1])
        xbar = g[1] - real(s) * conj_if_complex(v) - (imag(s) / _pivot_values(v, k) * 1j) * k
        mbar = _diag_embed(g[0]) + inverse_gaps(w) * matmul(_T(v), xbar)
        return (solve(_T(v), matmul(mbar, _T(v))),)

    def batch(xs, batched): return _vmapped(eig, xs, batched)


@primitive
class Svd:
    """(u, s, vh) with a = u·diag(s)·vh, the reduced SVD (k = min(m, n) singular triplets);
    ṡ = diag(uᵀ·ȧ·v), u̇ and v̇ below (repeated singular values drop their pair).

    With P = uᵀ·ȧ·v, F = inverse_gaps(s²) (F_ij = 1/(s_j² − s_i²)) and S = diag(s):
    ṡ = diag(P),  u̇ = u·(F⊙(PS + SPᵀ)) + (I − uuᵀ)·ȧ·v·S⁻¹,
    v̇ = v·(F⊙(SP + PᵀS)) + (I − vvᵀ)·ȧᵀ·u·S⁻¹  (the projector terms only when m > k, n > k).
    ā = u·(diag(s̄) + (J + Jᵀ)S + S(K + Kᵀ))·vᵀ + (I − uuᵀ)·ū·S⁻¹·vᵀ + u·S⁻¹·v̄ᵀ·(I − vvᵀ)
    with J = F⊙(uᵀū), K = F⊙(vᵀv̄). Repeated singular values: F drops the pair (see
    inverse_gaps); zero singular values: S⁻¹ is taken as 0 there (rank-deficient a).
    """
    multiple_results = True

    def impl(xp, a):
        u, s, vh = _linalg(xp, "svd")(a, full_matrices=False)
        return u, s, vh

    def jvp(tangents, ans, a):
        t = tangents[0]
        u, s, vh = ans
        v = _T(vh)
        m, n, k = a.shape[-2], a.shape[-1], s.shape[-1]
        p = matmul(_T(u), matmul(t, v))
        f = inverse_gaps(s * s)
        ps, sp = p * _row(s), _col(s) * p
        du = matmul(u, f * (ps + _T(ps)))
        dv = matmul(v, f * (sp + _T(sp)))
        if m > k:
            du = du + (matmul(t, v) - matmul(u, p)) * _row(_safe_reciprocal(s))
        if n > k:
            dv = dv + (matmul(_T(t), u) - matmul(v, _T(p))) * _row(_safe_reciprocal(s))
        return du, _diag(p), _T(dv)

    def vjp(g, ans, a):
        gu, gs, gvh = g
        u, s, vh = ans
        v, gv = _T(vh), _T(gvh)
        m, n, k = a.shape[-2], a.shape[-1], s.shape[-1]
        f = inverse_gaps(s * s)
        j = f * matmul(_T(u), gu)
        kk = f * matmul(vh, gv)
        inner = _diag_embed(gs) + (j + _T(j)) * _row(s) + _col(s) * (kk + _T(kk))
        abar = matmul(u, matmul(inner, vh))
        if m > k:
            off = (gu - matmul(u, matmul(_T(u), gu))) * _row(_safe_reciprocal(s))
            abar = abar + matmul(off, vh)
        if n > k:
            off = _col(_safe_reciprocal(s)) * _T(gv - matmul(v, matmul(vh, gv)))
            abar = abar + matmul(u, off)
        return (abar,)

    def batch(xs, batched): return _vmapped(svd, xs, batched)


@primitive
class Qr:
    """(q, r) with a = q·r, the reduced QR of a tall or square a (m ≥ n);  ṙ = (C − Ω)·r,
    q̇ = q·(Ω − C) + ȧ·r⁻¹ with C = qᵀ·ȧ·r⁻¹ (below); needs full column rank.

    With C = qᵀ·ȧ·r⁻¹ and Ω = L − Lᵀ, L the strict lower triangle of C:
    q̇ = q·(Ω − C) + ȧ·r⁻¹,  ṙ = (C − Ω)·r.  Transpose: D̄ = qᵀq̄ − r̄rᵀ,
    C̄ = low(D̄) − low(D̄ᵀ) − D̄,  ā = (q·C̄ + q̄)·r⁻ᵀ.  Needs r nonsingular (full column rank).
    """
    multiple_results = True

    def impl(xp, a):
        q, r = _linalg(xp, "qr")(a, mode="reduced")
        return q, r

    def jvp(tangents, ans, a):
        q, r = ans
        t_rinv = _solve_right(tangents[0], r)
        c = matmul(_T(q), t_rinv)
        low = c * linalg_mask(a, kind="lower", size=r.shape[-2:])
        omega = low - _T(low)
        return matmul(q, omega - c) + t_rinv, matmul(c - omega, r)

    def vjp(g, ans, a):
        q, r = ans
        dbar = matmul(_T(q), g[0]) - matmul(g[1], _T(r))
        lower = linalg_mask(a, kind="lower", size=r.shape[-2:])
        cbar = dbar * lower - _T(dbar) * lower - dbar
        return (_T(solve(r, _T(matmul(q, cbar) + g[0]))),)

    def batch(xs, batched): return _vmapped(qr, xs, batched)


@primitive
class Pinv:
    """ans = a⁺, the Moore–Penrose pseudo-inverse (singular values ≤ cutoff dropped);
    ṫ = −P·ȧ·P + … with P = ans, where the rank is locally constant (rules below).

    Where the rank is locally constant (P = ans):
    ṫ = −P·ȧ·P + P·Pᵀ·ȧᵀ·(I − a·P) + (I − P·a)·ȧᵀ·Pᵀ·P,
    ā = −Pᵀ·g·Pᵀ + (I − a·P)·gᵀ·P·Pᵀ + Pᵀ·P·gᵀ·(I − P·a).
    Exact at repeated singular values (no 1/gap), unlike a composite through svd.
    """
    def impl(xp, a, *, rcond=None, rtol=None):
        kwargs = {k: v for k, v in (("rcond", rcond), ("rtol", rtol)) if v is not None}
        return _linalg(xp, "pinv")(a, **kwargs)

    def jvp_a(t, ans, a, *, rcond=None, rtol=None):
        p, tt = ans, _T(t)
        first = -matmul(p, matmul(t, p))
        second = matmul(matmul(p, _T(p)), tt - matmul(tt, matmul(a, p)))
        third = matmul(tt - matmul(matmul(p, a), tt), matmul(_T(p), p))
        return first + second + third

    def vjp_a(g, ans, a, *, rcond=None, rtol=None):
        p, gt = ans, _T(g)
        pt = _T(p)
        first = -matmul(pt, matmul(g, pt))
        second = matmul(gt - matmul(matmul(a, p), gt), matmul(p, pt))
        third = matmul(matmul(pt, p), gt - matmul(gt, matmul(p, a)))
        return first + second + third

    def batch(xs, batched, *, rcond=None, rtol=None):
        return _vmapped(pinv, xs, batched, rcond=rcond, rtol=rtol)


# ---- norms ---------------------------------------------------------------------------

def _norm_partial(ans, x, ord, axis, keepdims):
    """∂‖x‖_p/∂x = conj(x)·|x|^(p−2)/‖x‖^(p−1) (conj(x) only for complex x), as
    unit(x)·(|x|/‖x‖)^(p−1) with unit(x) = x̄/|x|; 0 where ‖x‖ = 0 (the zero subgradient)
    and, for p < 2, 0 at entries x_i = 0."""
    n = expand_reduced(ans, x, axis, keepdims)
    zero = equal(n, 0)
    safe_n = where(zero, 1, n)
    if ord == 2:
        return where(zero, 0, conj_if_complex(x) / safe_n)
    ax = modulus(x)
    at_zero = equal(ax, 0)
    safe_ax = where(at_zero, 1, ax)
    unit = where(at_zero, 0, conj_if_complex(x) / safe_ax)
    if ord == 1:
        return unit
    return where(zero, 0, unit * (safe_ax / safe_n) ** (ord - 1))


def _real_part(x):
    return real(x) if is_complex(x) else x


@primitive
class VectorNorm:
    """ans = ‖x‖_p = (Σ |x_i|^p)^(1/p) over `axis` (a sorted tuple, or None for all axes),
    for a finite p = `ord` ≠ 0 (p = 2 is also the Frobenius norm over two axes);
    x̄ = g·D with D = conj(x)/‖x‖ for p = 2 (0 at x = 0, a subgradient).

    ṫ = Σ Re(D⊙ẋ),  x̄ = g·D, with D = _norm_partial (conj(x)/‖x‖ for p = 2). At x = 0
    the gradient is 0, a subgradient, instead of 0/0 = NaN (second derivatives there are
    undefined); for p < 1, entries at 0 (where |x_i|^p has infinite slope) get 0.
    """
    def impl(xp, x, *, ord, axis, keepdims):
        ax = xp.abs(x)
        if ord == 2:
            return xp.sqrt(xp.sum(ax * ax, axis=axis, keepdims=keepdims))
        if ord == 1:
            return xp.sum(ax, axis=axis, keepdims=keepdims)
        return xp.sum(ax ** ord, axis=axis, keepdims=keepdims) ** (1.0 / ord)

    def batch(xs, batched, *, ord, axis, keepdims):
        axis = shift_axes(axis, xs[0].ndim - 1)
        return vector_norm(xs[0], ord=ord, axis=axis, keepdims=keepdims)

    def jvp_x(t, ans, x, *, ord, axis, keepdims):
        d = _norm_partial(ans, x, ord, axis, keepdims)
        return reduce_sum(_real_part(d * t), axis=axis, keepdims=keepdims)

    def vjp_x(g, ans, x, *, ord, axis, keepdims):
        return expand_reduced(g, x, axis, keepdims) * _norm_partial(ans, x, ord, axis, keepdims)


linalg_mask, inv, solve, adjugate, det, slogdet = LinalgMask, Inv, Solve, Adjugate, Det, Slogdet
cholesky, eigh, eig, svd, qr, pinv, vector_norm = Cholesky, Eigh, Eig, Svd, Qr, Pinv, VectorNorm
