"""funcgrad.numpy.linalg: numpy.linalg's namespace, differentiable in both modes to any order.

Stacks of matrices are batched over leading axes, as in numpy. The rules and their
numerical choices are stated on the primitives (funcgrad/primitives/linalg.py):
solves instead of inverses, det's gradient through the adjugate (exact at singular
matrices), eigen/singular-vector gaps dropped at repeated values, zero subgradients
of norms at 0.

Complex matrices (JAX's convention, see funcgrad/primitives/complex.py): inv, solve,
det, slogdet, eig, matrix_power, multi_dot, tensorinv and the norms built from
|x| differentiate complex inputs. cholesky, eigh, svd, qr, pinv, lstsq and the
singular-value norms (ord=±2, 'nuc', cond) are differentiated for real matrices
only; on plain complex arrays they run as numpy does.

Not differentiable: svd(full_matrices=True) of a non-square matrix (the extra
singular vectors are not unique; pass full_matrices=False), qr(mode='complete') of a
tall matrix and mode='raw'. matrix_rank is a constant. Other numpy.linalg names
(tensorsolve...) run on plain arrays and raise a clear error if differentiated.
"""
import collections
import functools

import numpy as _np

from funcgrad import backend as _backend
from funcgrad.numpy import _core
from funcgrad.primitive import Boxed
from funcgrad.primitives import complex as _cx
from funcgrad.primitives import linalg as _la

__all__ = ["inv", "det", "slogdet", "solve", "cholesky", "eigh", "eigvalsh", "eig", "eigvals",
           "svd", "svdvals", "qr", "pinv", "norm", "vector_norm", "matrix_norm", "matrix_power",
           "lstsq", "multi_dot", "tensorinv", "cond", "matrix_rank", "LinAlgError"]

LinAlgError = _np.linalg.LinAlgError


def _plain(name, *values):
    """numpy.linalg.<name> for host values, the device library's for device values."""
    xp = _core.xp_of(*values)
    if xp is _np:
        return getattr(_np.linalg, name)
    return _backend.routine(xp, "linalg." + name, "funcgrad.numpy.linalg." + name)

SlogdetResult = collections.namedtuple("SlogdetResult", ["sign", "logabsdet"])
EighResult = collections.namedtuple("EighResult", ["eigenvalues", "eigenvectors"])
EigResult = collections.namedtuple("EigResult", ["eigenvalues", "eigenvectors"])
SVDResult = collections.namedtuple("SVDResult", ["U", "S", "Vh"])
QRResult = collections.namedtuple("QRResult", ["Q", "R"])
LstsqResult = collections.namedtuple("LstsqResult", ["x", "residuals", "rank", "s"])


# ---- helpers -------------------------------------------------------------------

def _square(a, name):
    a = _core.asarray(_core._as_operand(a))
    if _core.ndim(a) < 2 or a.shape[-1] != a.shape[-2]:
        raise LinAlgError(f"{name}: last 2 dimensions of the array must be square")
    return _float(a)


def _matrix(a, name):
    a = _core.asarray(_core._as_operand(a))
    if _core.ndim(a) < 2:
        raise LinAlgError(f"{name}: {_core.ndim(a)}-dimensional array given. "
                          f"Array must be at least two-dimensional")
    return _float(a)


def _float(a):
    """Integer and boolean arrays become float64, as numpy.linalg computes them."""
    if a.dtype.kind not in "fc":
        return _core.astype(a, _np.float64)
    return a


def _real_only(a, name):
    if isinstance(a, Boxed) and _cx.is_complex(a):
        raise NotImplementedError(
            f"funcgrad.numpy.linalg.{name}: derivatives for complex matrices are not "
            f"implemented (real matrices only); call it on funcgrad.stop_gradient(a) "
            f"if its result should be a constant")


def _swap(a):
    return _core.swapaxes(a, -1, -2)


# ---- inverse, solve, determinants ---------------------------------------------------

def inv(a):
    """a⁻¹ (stacked); ṫ = −a⁻¹·ȧ·a⁻¹.

    See Also
    --------
    numpy.linalg.inv
    """
    return _la.inv(_square(a, "inv"))


def solve(a, b):
    """a⁻¹·b by LU, never forming a⁻¹. As numpy 2: b is a vector if 1-D, otherwise a
    (stack of) matrix (..., n, k); batch axes broadcast.

    See Also
    --------
    numpy.linalg.solve
    """
    a = _square(a, "solve")
    b = _float(_core.asarray(_core._as_operand(b)))
    if _core.ndim(b) == 1:
        out = _la.solve(a, _core.reshape(b, (-1, 1)))
        return _core.reshape(out, out.shape[:-1])
    return _la.solve(a, b)


def det(a):
    """det a; its gradient is the cofactor matrix adj(a)ᵀ, exact at singular matrices.

    See Also
    --------
    numpy.linalg.det
    """
    return _la.det(_square(a, "det"))


def slogdet(a):
    """(sign, log|det a|): use it rather than log(det(a)), which overflows for large a.

    See Also
    --------
    numpy.linalg.slogdet
    """
    return SlogdetResult(*_la.slogdet(_square(a, "slogdet")))


def matrix_power(a, n):
    """aⁿ by repeated squaring; a⁻¹ first for n < 0; the (constant) identity for n = 0.

    See Also
    --------
    numpy.linalg.matrix_power
    """
    a = _core.asarray(_core._as_operand(a))
    if _core.ndim(a) < 2 or a.shape[-1] != a.shape[-2]:
        raise LinAlgError("matrix_power: last 2 dimensions of the array must be square")
    n = _int_power(n)
    if n == 0:
        xp = _core.xp_of(a)
        return xp.broadcast_to(xp.eye(a.shape[-1], dtype=a.dtype), a.shape).copy()
    if n < 0:
        a, n = inv(a), -n
    result, square = None, a
    while n:
        if n & 1:
            result = square if result is None else _core.matmul(result, square)
        n >>= 1
        if n:
            square = _core.matmul(square, square)
    return result


def _int_power(n):
    if not isinstance(n, (int, _np.integer)) or isinstance(n, bool):
        raise TypeError("exponent must be an integer")
    return int(n)


def tensorinv(a, ind=2):
    """The inverse of a as a linear map from its first `ind` axes to the rest (via inv).

    See Also
    --------
    numpy.linalg.tensorinv
    """
    a = _core.asarray(_core._as_operand(a))
    out_shape, in_shape = a.shape[ind:], a.shape[:ind]
    rows = int(_np.prod(in_shape))
    if rows != int(_np.prod(out_shape)) or ind <= 0:
        raise ValueError("tensorinv: the input's first ind axes must hold as many entries as the rest")
    return _core.reshape(inv(_core.reshape(a, (rows, -1))), out_shape + in_shape)


# ---- factorizations ------------------------------------------------------------------

def cholesky(a, /, *, upper=False):
    """L with L·Lᵀ = a (or Lᵀ if upper). Derivatives are taken on symmetric matrices:
    tangents are symmetrized and gradients are symmetric (as in JAX and PyTorch).

    See Also
    --------
    numpy.linalg.cholesky
    """
    a = _square(a, "cholesky")
    _real_only(a, "cholesky")
    low = _la.cholesky(a)
    return _cx.conj_if_complex(_swap(low)) if upper else low


def eigh(a, UPLO="L"):
    """(w, v) of a real symmetric a (numpy reads the UPLO triangle; derivatives are taken
    on symmetric matrices). With repeated eigenvalues the eigenvector derivative is
    undefined: the rule drops degenerate pairs (gaps within rounding of 0). That is exact
    (to first order) for symmetric functions of the eigenvalues and for projectors onto whole eigenspaces;
    a matrix function v·g(w)·vᵀ at exactly repeated eigenvalues loses its
    within-eigenspace term (JAX and PyTorch return NaN there).

    See Also
    --------
    numpy.linalg.eigh
    """
    if UPLO not in ("L", "U"):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    a = _square(a, "eigh")
    _real_only(a, "eigh")
    return EighResult(*_la.eigh(a, uplo=UPLO))


def eigvalsh(a, UPLO="L"):
    """The eigenvalues of a real symmetric a, ascending (see eigh).

    See Also
    --------
    numpy.linalg.eigvalsh
    """
    return eigh(a, UPLO)[0]


def eig(a):
    """(w, v) of a general square a. As JAX (unlike numpy), both are always complex, so
    the result type does not depend on the values. Eigenvalues must be distinct for the
    derivative of v; numpy's gauge (unit norm, largest component real) is differentiated.

    See Also
    --------
    numpy.linalg.eig
    """
    return EigResult(*_la.eig(_square(a, "eig")))


def eigvals(a):
    """The eigenvalues of a (always complex, see eig).

    See Also
    --------
    numpy.linalg.eigvals
    """
    return eig(a)[0]


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """(u, s, vh), or s if not compute_uv. Differentiable for real a with
    full_matrices=False, or any full_matrices for square a (then both agree); s alone
    is differentiable for every a. Repeated singular values: the singular-vector
    derivative drops the degenerate pairs; zero singular values: 1/s is taken as 0.

    See Also
    --------
    numpy.linalg.svd
    """
    a = _matrix(a, "svd")
    if not isinstance(a, Boxed):
        return _plain("svd", a)(a, full_matrices=full_matrices, compute_uv=compute_uv,
                              hermitian=hermitian)
    _real_only(a, "svd")
    u, s, vh = _la.svd(a)
    if not compute_uv:
        return s
    if full_matrices and a.shape[-1] != a.shape[-2]:
        raise NotImplementedError(
            "funcgrad.numpy.linalg.svd: full_matrices=True of a non-square matrix is not "
            "differentiable (the extra singular vectors are not unique); pass full_matrices=False")
    return SVDResult(u, s, vh)


def svdvals(x, /):
    """The singular values of x, descending (see svd).

    See Also
    --------
    numpy.linalg.svdvals
    """
    return svd(x, compute_uv=False)


def qr(a, mode="reduced"):
    """q, r (mode 'reduced' or 'complete' for square or wide a), or r (mode 'r').
    Wide a (m < n): q and the first m columns of r come from qr of the first m columns,
    and the rest of r is qᵀ·a[:, m:]. Needs full column rank of that square block.

    See Also
    --------
    numpy.linalg.qr
    """
    a = _matrix(a, "qr")
    if not isinstance(a, Boxed) or mode == "raw":
        if isinstance(a, Boxed):
            raise NotImplementedError("funcgrad.numpy.linalg.qr: mode='raw' is not differentiable")
        return _plain("qr", a)(a, mode=mode)
    _real_only(a, "qr")
    m, n = a.shape[-2:]
    if mode == "complete" and m > n:
        raise NotImplementedError("funcgrad.numpy.linalg.qr: mode='complete' of a tall matrix "
                                  "is not differentiable (the extra columns of q are not unique)")
    if m >= n:
        q, r = _la.qr(a)
    else:
        q, r_left = _la.qr(a[..., :, :m])
        r = _core.concatenate([r_left, _core.matmul(_swap(q), a[..., :, m:])], axis=-1)
    return r if mode == "r" else QRResult(q, r)


def pinv(a, rcond=None, hermitian=False, *, rtol=None):
    """The pseudo-inverse a⁺; differentiated directly (not through svd), so it is exact
    at repeated singular values, where the rank is locally constant.

    See Also
    --------
    numpy.linalg.pinv
    """
    a = _matrix(a, "pinv")
    if not isinstance(a, Boxed):
        kwargs = {"rtol": rtol} if rtol is not None else {}
        return _plain("pinv", a)(a, rcond=rcond, hermitian=hermitian, **kwargs)
    _real_only(a, "pinv")
    return _la.pinv(a, rcond=_hashable(rcond), rtol=_hashable(rtol))


def _hashable(value):
    if value is None or isinstance(value, (int, float)):
        return value
    value = _backend.to_host(_core._lower(value))   # a static parameter
    return float(value) if value.ndim == 0 else tuple(value.ravel().tolist())


def lstsq(a, b, rcond=None):
    """(x, residuals, rank, s) as numpy: x = a⁺·b, the minimum-norm least-squares solution
    (differentiable through pinv), residuals = ‖b − a·x‖² per column when rank = n < m.

    See Also
    --------
    numpy.linalg.lstsq
    """
    a = _matrix(a, "lstsq")
    b = _float(_core.asarray(_core._as_operand(b)))
    if not isinstance(a, Boxed) and not isinstance(b, Boxed):
        return _plain("lstsq", a, b)(a, b, rcond=rcond)
    _real_only(a, "lstsq")
    m, n = a.shape[-2:]
    cutoff = _np.finfo(a.dtype).eps * max(m, n) if rcond is None else rcond
    x = _core.matmul(pinv(a, rcond=cutoff), b)
    s = svdvals(a)
    s_host = _backend.to_host(_core._lower(s))      # the rank is a Python int: read s
    rank = int(_np.sum(s_host > cutoff * _np.max(s_host, initial=0)))
    if rank == n and m > n:
        r = b - _core.matmul(a, x)
        residuals = _core.sum(_core.absolute(r) ** 2, axis=0)
        residuals = _core.reshape(residuals, (1,)) if _core.ndim(b) == 1 else residuals
    else:
        residuals = _core.xp_of(a).empty((0,), dtype=_np.result_type(a.dtype, b.dtype))
    return LstsqResult(x, residuals, rank, s)


def multi_dot(arrays, *, out=None):
    """a₀·a₁·…: a 1-D first (last) array is a row (column) vector, as numpy.

    See Also
    --------
    numpy.linalg.multi_dot
    """
    if out is not None:
        raise NotImplementedError("multi_dot: out= is not supported")
    arrays = [_core.asarray(_core._as_operand(x)) for x in arrays]
    if len(arrays) < 2:
        raise ValueError("Expecting at least two arrays.")
    return functools.reduce(_core.matmul, arrays)   # matmul treats 1-D ends as numpy does


# ---- norms -----------------------------------------------------------------------------

def _vector_norm(x, ord, axis, keepdims):
    """The vector norm over the single axis in `axis` (a 1-tuple)."""
    if isinstance(ord, str):
        raise ValueError(f"Invalid norm order '{ord}' for vectors")
    if ord is None or ord == 2:
        return _la.vector_norm(x, ord=2, axis=axis, keepdims=keepdims)
    if ord == _np.inf:
        return _core.max(_cx.modulus(x), axis=axis, keepdims=keepdims)
    if ord == -_np.inf:
        return _core.min(_cx.modulus(x), axis=axis, keepdims=keepdims)
    if ord == 0:
        plain = _core._lower(x)
        xp = _core.xp_of(plain)
        return xp.sum(plain != 0, axis=axis, keepdims=keepdims).astype(xp.real(plain).dtype)
    if ord == 1:
        return _core.sum(_cx.modulus(x), axis=axis, keepdims=keepdims)
    return _la.vector_norm(x, ord=float(ord), axis=axis, keepdims=keepdims)


def _svd_norm(x, rows, cols, reduce):
    _real_only(x, "norm")
    s = svdvals(_core.moveaxis(x, (rows, cols), (-2, -1)))
    return reduce(s, axis=-1)


def _matrix_norm(x, ord, axis):
    rows, cols = axis
    if ord in (None, "fro", "f"):
        return _la.vector_norm(x, ord=2, axis=tuple(sorted(axis)), keepdims=False)
    if ord == "nuc":
        return _svd_norm(x, rows, cols, _core.sum)
    if ord in (2, -2):
        return _svd_norm(x, rows, cols, _core.max if ord == 2 else _core.min)
    if ord in (1, -1, _np.inf, -_np.inf):
        total_axis, extreme_axis = (rows, cols) if ord in (1, -1) else (cols, rows)
        extreme_axis -= extreme_axis > total_axis
        sums = _core.sum(_cx.modulus(x), axis=total_axis)
        pick = _core.max if ord in (1, _np.inf) else _core.min
        return pick(sums, axis=extreme_axis)
    raise ValueError("Invalid norm order for matrices.")


def norm(x, ord=None, axis=None, keepdims=False):
    """Matrix or vector norm, as numpy.linalg.norm; differentiable.

    Every ord: vectors (None/2, 1, inf, -inf, 0, any p) and
    matrices ('fro', 'nuc', 1, -1, 2, -2, inf, -inf). The gradient at x = 0 is 0 (a
    subgradient) rather than NaN; ord=0 counts nonzeros and is a constant; 'nuc' and
    ±2 go through the singular values (real matrices), max/min split ties equally.

    See Also
    --------
    numpy.linalg.norm
    """
    x = _float(_core.asarray(_core._as_operand(x)))
    nd = _core.ndim(x)
    if axis is None:
        if ord is None or (ord in ("f", "fro") and nd == 2) or (ord == 2 and nd == 1):
            return _la.vector_norm(x, ord=2, axis=None, keepdims=keepdims)
        axis = tuple(range(nd))
    axis = _core.normalize_axis(axis, nd) if isinstance(axis, (int, _np.integer)) else \
        tuple(int(a) % max(nd, 1) for a in axis)
    if len(axis) == 1:
        return _vector_norm(x, ord, axis, keepdims)
    if len(axis) != 2:
        raise ValueError("Improper number of dimensions to norm.")
    if axis[0] == axis[1]:
        raise ValueError("Duplicate axes given.")
    out = _matrix_norm(x, ord, axis)
    if keepdims:
        shape = list(x.shape)
        shape[axis[0]] = shape[axis[1]] = 1
        out = _core.reshape(out, tuple(shape))
    return out


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """Vector norm, as numpy.linalg.vector_norm; differentiable.

    x flattened when axis is None, else over `axis` (int or tuple).

    See Also
    --------
    numpy.linalg.vector_norm
    """
    x = _float(_core.asarray(_core._as_operand(x)))
    if axis is None:
        out = norm(_core.ravel(x), ord=ord)
        return _core.reshape(out, (1,) * _core.ndim(x)) if keepdims else out
    if isinstance(axis, tuple) and len(axis) > 1:
        if ord not in (None, 2):
            raise NotImplementedError("vector_norm over several axes: only ord=2 is supported")
        return _la.vector_norm(x, ord=2, axis=_core.normalize_axis(axis, x.ndim), keepdims=keepdims)
    return norm(x, ord=ord, axis=axis, keepdims=keepdims)


def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    """Matrix norm over the last two axes, as numpy.linalg.matrix_norm; differentiable.

    See Also
    --------
    numpy.linalg.matrix_norm
    """
    return norm(x, ord=ord, axis=(-2, -1), keepdims=keepdims)


def cond(x, p=None):
    """The condition number: s_max/s_min for p in (None, 2, -2) (or its inverse for -2),
    else norm(x, p)·norm(inv(x), p).

    See Also
    --------
    numpy.linalg.cond
    """
    x = _matrix(x, "cond")
    if p in (None, 2, -2):
        s = svdvals(x)
        big, small = _core.max(s, axis=-1), _core.min(s, axis=-1)
        return big / small if p != -2 else small / big
    return norm(x, p, axis=(-2, -1)) * norm(inv(x), p, axis=(-2, -1))


def matrix_rank(A, tol=None, hermitian=False, *, rtol=None):
    """The rank (an integer: a constant to every transform).

    See Also
    --------
    numpy.linalg.matrix_rank
    """
    kwargs = {"rtol": rtol} if rtol is not None else {}
    plain = _core._lower(A)
    return _plain("matrix_rank", plain)(plain, tol=_core._lower(tol), hermitian=hermitian, **kwargs)


# ---- everything else -------------------------------------------------------------------

_IN_CORE = ("matmul", "outer", "tensordot", "trace", "diagonal", "cross", "vecdot",
            "matrix_transpose")


def __getattr__(name):
    """Other numpy.linalg names: funcgrad.numpy's version where it has one (matmul, trace...),
    else numpy's, which runs on plain arrays and names itself if a transform reaches it."""
    if name in _IN_CORE and name in vars(_core):
        return vars(_core)[name]
    return _core.undifferentiable(_np.linalg, "funcgrad.numpy.linalg", name)
