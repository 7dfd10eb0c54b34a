"""Probes for the coverage report: one small differentiable call per function.

`PROBES[qualified_name](fn)` returns (f, args): a function of arrays that calls `fn`,
funcgrad's implementation, and a point to check it at. `probe` runs check_grads in both
modes to second order (first order where the second derivative is not defined) and
returns None or the error. `NONDIFF` lists the functions that are non-differentiable
by nature (integer, boolean or piecewise-constant results, or no dependence on
array values).
"""
import numpy as np

from funcgrad.testing import check_grads

__all__ = ["PROBES", "NONDIFF", "probe"]

_RNG = np.random.default_rng(0)


def _arr(*shape, lo=0.2, hi=0.8):
    return _RNG.uniform(lo, hi, shape)


def unary(*shape, lo=0.2, hi=0.8, order=2, **kw):
    """fn(x, **kw) at x uniform in (lo, hi)."""
    shape = shape or (2, 3)
    return lambda fn: (lambda x: fn(x, **kw), (_arr(*shape, lo=lo, hi=hi),), order)


def binary(sa=(2, 3), sb=(2, 3), lo=0.2, hi=0.8, order=2, **kw):
    """fn(x, y, **kw)."""
    return lambda fn: (lambda x, y: fn(x, y, **kw), (_arr(*sa, lo=lo, hi=hi), _arr(*sb, lo=lo, hi=hi)),
                       order)


def call(f, *shapes, lo=0.2, hi=0.8, order=2):
    """f(fn, *arrays): any other call."""
    return lambda fn: (lambda *xs: f(fn, *xs), tuple(_arr(*s, lo=lo, hi=hi) for s in shapes), order)


def _first(out):
    return out[0] if isinstance(out, (tuple, list)) else out


def probe(name, fn):
    """None if fn's derivatives agree with finite differences, else the error's first line."""
    try:
        f, args, order = PROBES[name](fn)
        check_grads(f, args, modes=("fwd", "rev"), order=order)
        return None
    except Exception as e:        # noqa: BLE001 - the report names the failure
        return f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:160]


def _spd(fn, a):
    return fn(a @ a.T + np.eye(a.shape[0]))


SQ = (3, 3)
U, B = unary(), binary()

_NUMPY = {
    # elementwise, one argument (the default point is in (0.2, 0.8))
    **{n: U for n in """absolute abs fabs negative positive square reciprocal sqrt cbrt exp exp2
       expm1 log log2 log10 log1p sin cos tan arcsin arccos arctan asin acos atan sinh cosh tanh
       arcsinh asinh deg2rad rad2deg radians degrees sinc sigmoid expit softplus real imag conj
       conjugate angle nan_to_num i0 ravel transpose squeeze atleast_1d atleast_2d atleast_3d
       sum mean prod max min amax amin var std cumsum cumprod nansum nanprod nanmean nanvar
       nanstd nanmax nanmin nancumsum nancumprod ptp median nanmedian sort diff ediff1d
       trapezoid average fliplr flipud flip rot90 trace diagonal diag diagflat triu tril
       copy array asarray logsumexp softmax log_softmax matrix_transpose permute_dims meshgrid
       broadcast_arrays asanyarray ascontiguousarray
       asfortranarray asarray_chkfinite gradient unwrap real_if_close sort_complex""".split()},
    **{n: unary(4) for n in "vander polyder polyint trim_zeros".split()},
    **{n: unary(lo=1.2, hi=1.8) for n in ["arccosh", "acosh"]},
    **{n: unary(lo=-0.8, hi=0.8) for n in ["arctanh", "atanh"]},
    # elementwise, two arguments
    **{n: B for n in """add subtract multiply divide true_divide power pow float_power maximum
       minimum fmax fmin arctan2 atan2 hypot logaddexp logaddexp2 copysign remainder mod fmod
       outer inner kron vdot vecdot cross correlate convolve polyval polyadd
       polysub polymul append""".split()},
    "ldexp": call(lambda fn, x: fn(x, 2), (2, 3)),
    "frexp": call(lambda fn, x: fn(x)[0], (2, 3)),
    "modf": call(lambda fn, x: fn(x * 3)[0], (2, 3)),
    "divmod": call(lambda fn, x, y: fn(x * 3, y)[1], (2, 3), (2, 3)),
    "clip": call(lambda fn, x: fn(x, 0.3, 0.7), (2, 3)),
    "where": call(lambda fn, x, y: fn(x > 0.5, x, y), (2, 3), (2, 3)),
    "cov": call(lambda fn, x: fn(x), (3, 5)), "corrcoef": call(lambda fn, x: fn(x), (3, 5)),
    "matmul": binary((2, 3), (3, 4)), "dot": binary((2, 3), (3, 2)), "matvec": binary((2, 3), (3,)),
    "vecmat": binary((3,), (3, 2)), "tensordot": binary((2, 3), (3, 2), axes=1),
    "einsum": call(lambda fn, a, b: fn("ij,jk->ik", a, b), (2, 3), (3, 2)),
    "reshape": unary(shape=(3, 2)), "broadcast_to": unary(shape=(2, 2, 3)),
    "expand_dims": unary(axis=0), "swapaxes": unary(axis1=0, axis2=1),
    "moveaxis": unary(source=0, destination=1), "rollaxis": unary(axis=1),
    "tile": unary(reps=2), "repeat": unary(repeats=2, axis=1), "roll": unary(shift=1),
    "resize": unary(new_shape=(4, 2)), "pad": unary(pad_width=1, mode="reflect"),
    "delete": unary(obj=1, axis=1), "insert": call(lambda fn, x, v: fn(x, 1, v, axis=1), (2, 3), (2,)),
    "split": call(lambda fn, x: _first(fn(x, 3, axis=1)), (2, 3)),
    "array_split": call(lambda fn, x: _first(fn(x, 2, axis=1)), (2, 3)),
    "hsplit": call(lambda fn, x: _first(fn(x, 3)), (2, 3)),
    "vsplit": call(lambda fn, x: _first(fn(x, 2)), (2, 3)),
    "dsplit": call(lambda fn, x: _first(fn(x, 2)), (2, 3, 2)),
    "unstack": call(lambda fn, x: _first(fn(x)), (2, 3)),
    **{n: call(lambda fn, x, y: fn([x, y]), (2, 3), (2, 3)) for n in
       ["concatenate", "concat", "stack", "hstack", "vstack", "dstack", "column_stack", "block"]},
    "row_stack": call(lambda fn, x, y: fn([x, y]), (2, 3), (2, 3)),
    "choose": call(lambda fn, x, y: fn(np.array([0, 1, 1]), [x, y]), (3,), (3,)),
    "select": call(lambda fn, x, y: fn([x > 0.5], [y], 0.1), (3,), (3,)),
    "compress": call(lambda fn, x: fn([True, False, True], x, axis=1), (2, 3)),
    "extract": call(lambda fn, x: fn(x > 0.5, x), (2, 3)),
    "take": call(lambda fn, x: fn(x, [0, 2, 2], axis=1), (2, 3)),
    "take_along_axis": call(lambda fn, x: fn(x, np.array([[0, 2], [1, 1]]), 1), (2, 3)),
    "put": call(lambda fn, x, v: fn(x, [0, 4, 4], v, inplace=False), (2, 3), (2,)),
    "place": call(lambda fn, x, v: fn(x, x > 0.5, v, inplace=False), (2, 3), (2,)),
    "putmask": call(lambda fn, x, v: fn(x, x > 0.5, v, inplace=False), (2, 3), (2,)),
    "fill_diagonal": call(lambda fn, x, v: fn(x, v, inplace=False), (3, 3), (2,)),
    "put_along_axis": call(lambda fn, x, v: fn(x, np.array([[0], [2]]), v, 1, inplace=False),
                           (2, 3), (2, 1)),
    "piecewise": call(lambda fn, x: fn(x, [x < 0.5, x >= 0.5], [lambda v: v ** 2, lambda v: 3 * v]),
                      (2, 3)),
    "apply_along_axis": call(lambda fn, x: fn(lambda r: r * r.sum(), 1, x), (2, 3)),
    "apply_over_axes": call(lambda fn, x: fn(lambda a, ax: a.sum(axis=ax, keepdims=True), x, [0]),
                            (2, 3)),
    "partition": unary(kth=1), "cumulative_sum": unary(4), "quantile": unary(q=0.3),
    "percentile": unary(q=30), "nanquantile": unary(q=0.3),
    "nanpercentile": unary(q=30), "cumulative_prod": unary(4),
    "linspace": call(lambda fn, a, b: fn(a, b, 5), (), ()),
    "logspace": call(lambda fn, a, b: fn(a, b, 5), (), ()),
    "geomspace": call(lambda fn, a, b: fn(a, b, 5), (), ()),
    "full": call(lambda fn, a: fn((2, 2), a), ()),
    "interp": call(lambda fn, x, f: fn(x, np.array([0.0, 0.45, 1.0]), f), (4,), (3,)),
    "bincount": call(lambda fn, w: fn(np.array([0, 2, 2, 1]), w), (4,)),
    "polyfit": call(lambda fn, y: fn(np.linspace(0, 1, 5), y, 2), (5,)),
    "poly": unary(3), "roots": call(lambda fn, p: fn(p + np.array([1.0, 0, -3])), (3,)),
    "polydiv": call(lambda fn, a, b: fn(a, b + 1)[0], (4,), (2,)),
}

_LINALG = {
    "det": unary(*SQ), "slogdet": call(lambda fn, a: fn(a)[1], SQ), "inv": unary(*SQ),
    "pinv": unary(3, 2), "solve": binary(SQ, (3,)), "cholesky": call(_spd, SQ),
    "eigh": call(lambda fn, a: fn(a + a.T)[0], SQ), "eigvalsh": call(lambda fn, a: fn(a + a.T), SQ),
    "eig": call(lambda fn, a: fn(a + a.T)[0].real, SQ),
    "eigvals": call(lambda fn, a: fn(a + a.T).real, SQ),
    "svd": call(lambda fn, a: fn(a, full_matrices=False)[1], (3, 2)), "svdvals": unary(3, 2),
    "qr": call(lambda fn, a: fn(a)[1], (3, 2)), "norm": unary(3, 2),
    "vector_norm": unary(4), "matrix_norm": unary(3, 2), "matrix_power": unary(*SQ, n=3),
    "lstsq": call(lambda fn, a, b: fn(a, b)[0], (4, 2), (4,)), "multi_dot":
        call(lambda fn, a, b, c: fn([a, b, c]), (2, 3), (3, 3), (3, 2)),
    "cond": unary(*SQ), "tensorinv": call(lambda fn, a: fn(a, ind=1), SQ),
    "tensorsolve": binary(SQ, (3,)), "outer": binary((3,), (2,)), "cross": binary((3,), (3,)),
    "trace": unary(*SQ), "diagonal": unary(*SQ), "matmul": binary((2, 3), (3, 2)),
    "vecdot": binary((3,), (3,)), "tensordot": binary((2, 3), (3, 2), axes=1),
    "matrix_transpose": unary(2, 3),
}
_FFT = {n: call(lambda fn, x, n=n: fn(x).real + fn(x).imag, (2, 8)) for n in
        "fft ifft fft2 ifft2 fftn ifftn rfft rfft2 rfftn ihfft".split()}
_FFT.update({n: call(lambda fn, x: fn(x), (2, 5)) for n in "irfft irfft2 irfftn hfft".split()})
_FFT.update({"fftshift": unary(2, 5), "ifftshift": unary(2, 5)})

_SPECIAL = {
    **{n: U for n in """gammaln digamma psi erf erfc erfinv erfcinv expit logit log_expit i0 i1
       i0e i1e ndtr ndtri log_ndtr entr gamma loggamma rgamma erfcx erfi dawsn expm1 log1p
       exp2 exp10 cbrt sindg cosdg tandg cotdg radian sinc spence zeta wofz k0 k1 k0e k1e
       ellipk ellipe ellipkm1 struve modstruve""".split()},
    "softmax": U, "log_softmax": U, "logsumexp": U, "softplus": U,
    **{n: B for n in "xlogy xlog1py rel_entr kl_div beta betaln hyp0f1 poch pseudo_huber huber "
       "boxcox boxcox1p inv_boxcox".split()},
    # derivatives in x only: the order or shape parameter is a constant
    **{n: call(lambda fn, x: fn(1.5, x), (2, 3)) for n in
       "iv ive jv yv kv kve gammainc gammaincc gammaincinv gammainccinv".split()},
    "betainc": call(lambda fn, x: fn(2.0, 3.0, x), (2, 3)),
    "polygamma": call(lambda fn, x: fn(1, x), (2, 3)),
    "multigammaln": call(lambda fn, x: fn(x + 2, 2), (2, 3)),
}

PROBES = {**_NUMPY, **{f"numpy.linalg.{k}": v for k, v in _LINALG.items()},
          **{f"numpy.fft.{k}": v for k, v in _FFT.items()},
          **{f"scipy.special.{k}": v for k, v in _SPECIAL.items()}}

# ---- non-differentiable by nature ---------------------------------------------------------

_NONDIFF_NUMPY = """
argmax argmin argsort argpartition argwhere nonzero flatnonzero count_nonzero searchsorted
digitize histogram histogram2d histogramdd histogram_bin_edges unique unique_all unique_counts
unique_inverse unique_values lexsort nanargmax nanargmin isin intersect1d union1d setdiff1d
setxor1d isnan isinf isfinite isposinf isneginf isnat isreal iscomplex isclose allclose
array_equal array_equiv all any equal not_equal less less_equal greater greater_equal
logical_and logical_or logical_xor logical_not signbit sign floor ceil rint trunc fix
floor_divide spacing nextafter round around heaviside issubdtype bitwise_and bitwise_or
bitwise_xor bitwise_not bitwise_invert
bitwise_left_shift bitwise_right_shift bitwise_count invert left_shift right_shift gcd lcm
packbits unpackbits iscomplexobj isrealobj isscalar isfortran iterable isdtype shape ndim size
result_type promote_types can_cast min_scalar_type common_type mintypecode typename
may_share_memory shares_memory broadcast_shapes zeros ones empty eye identity tri arange
zeros_like ones_like empty_like full_like bartlett blackman hamming hanning kaiser indices ix_
diag_indices diag_indices_from tril_indices tril_indices_from triu_indices triu_indices_from
mask_indices unravel_index ravel_multi_index fromfunction array2string array_repr array_str
base_repr binary_repr format_float_positional format_float_scientific set_printoptions
get_printoptions printoptions getbufsize setbufsize geterr seterr geterrcall seterrcall load
loadtxt save savetxt savez savez_compressed genfromtxt fromfile frombuffer fromiter fromregex
fromstring from_dlpack frompyfunc info show_config show_runtime get_include test nested_iters
einsum_path require asmatrix bmat busday_count busday_offset is_busday datetime_as_string
datetime_data stop_gradient numpy_equivalent fallback astype getitem
""".split()
_NONDIFF_LINALG = "matrix_rank test".split()
_NONDIFF_FFT = "fftfreq rfftfreq test".split()
_NONDIFF_SPECIAL = """
test round comb perm factorial factorial2 factorialk stirling2 seterr geterr errstate ai_zeros bi_zeros
jn_zeros jnp_zeros jnyn_zeros yn_zeros ynp_zeros y0_zeros y1_zeros y1p_zeros fresnel_zeros
fresnelc_zeros fresnels_zeros klvnb_zeros klvna_zeros kelvin_zeros be_zeros roots_legendre
roots_chebyt roots_chebyu roots_chebyc roots_chebys roots_jacobi roots_laguerre roots_genlaguerre
roots_hermite roots_hermitenorm roots_gegenbauer roots_sh_legendre roots_sh_chebyt
roots_sh_chebyu roots_sh_jacobi p_roots t_roots u_roots c_roots s_roots j_roots l_roots la_roots
h_roots he_roots cg_roots ps_roots ts_roots us_roots js_roots legendre chebyt chebyu chebyc chebys
jacobi laguerre genlaguerre hermite hermitenorm gegenbauer sh_legendre sh_chebyt sh_chebyu
sh_jacobi lpn lqn lpmn lqmn clpmn assoc_legendre_p_all legendre_p_all sph_legendre_p_all
sph_harm_y_all lmbda pbdn_seq pbvv_seq riccati_jn riccati_yn mathieu_even_coef mathieu_odd_coef
""".split()

NONDIFF = set(_NONDIFF_NUMPY) | {f"numpy.linalg.{n}" for n in _NONDIFF_LINALG} | \
    {f"numpy.fft.{n}" for n in _NONDIFF_FFT} | {f"scipy.special.{n}" for n in _NONDIFF_SPECIAL}
