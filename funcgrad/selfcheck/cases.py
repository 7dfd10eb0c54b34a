"""The selfcheck's cases: small functions that together exercise every registered primitive.

A differentiable case is a function of arrays written with funcgrad.numpy (and
funcgrad.scipy), checked to second order in both modes. A non-differentiable
primitive (comparisons, rounding, argmax, ...) gets a values case instead: its
function takes the array module first and is compared, run by funcgrad on the
device, with numpy's answer on the host.

Argument values are drawn from `domain`, at least 0.1 away from each point of
`away_from` (kinks, poles), as in tests/primitives/spec.py. Arrays a case needs
besides its arguments (identity matrices, index arrays, NaN masks) are listed in
`consts` as numpy arrays; the runner copies them to the device and passes them by
keyword, since funcgrad never mixes host and device arrays in one operation.
"""
from dataclasses import dataclass, field

import numpy as np

import funcgrad as fg
import funcgrad.numpy as fnp
import funcgrad.scipy.linalg as fsl
import funcgrad.scipy.special as fsp

__all__ = ["CASES", "Case", "cases_for", "draw_args"]

fft, la = fnp.fft, fnp.linalg
BOTH = ("float64", "float32")
LOOSE = 5e-2                       # float32 tolerance of the linalg and complex specs


@dataclass(frozen=True)
class Case:
    """One selfcheck case.

    Parameters
    ----------
    name : str
        A label for failure reports.
    prims : tuple of str
        The primitives the case exercises (rows of the table it contributes to).
    fn : callable
        f(*arrays, **consts) for a gradient case; f(m, *arrays, **consts) with m the
        array namespace (funcgrad.numpy or numpy) for a values case.
    shapes : tuple of tuple
        One shape per argument.
    domain, away_from : tuple
        Where argument values are drawn (see the module docstring).
    dtypes : tuple of str
        The precisions the case supports; another requested precision runs the first.
    complex : bool
        Arguments are complex (complex128 for float64, complex64 for float32).
    order : int
        The highest derivative order checked.
    tol32 : float or None
        A float32 tolerance looser than funcgrad.testing's default.
    consts : dict
        Host constants (numpy arrays) passed to fn by keyword after moving to the device.
    values : bool
        A values case (non-differentiable primitives): no derivatives are checked.
    grid : float or None
        Round drawn values to multiples of this (values cases: ties and exact halves).
    """
    name: str
    prims: tuple
    fn: object
    shapes: tuple
    domain: tuple = (-2.0, 2.0)
    away_from: tuple = ()
    dtypes: tuple = BOTH
    complex: bool = False
    order: int = 2
    tol32: float = None
    consts: dict = field(default_factory=dict)
    values: bool = False
    grid: float = None

    def dtype(self, precision):
        """The numpy dtype this case runs at for the requested precision.

        Parameters
        ----------
        precision : str
            "float64" or "float32".

        Returns
        -------
        numpy.dtype
            That precision (complex of it for a complex case), or the case's own
            precision when it does not support the one requested.
        """
        precision = precision if precision in self.dtypes else self.dtypes[0]
        if self.complex:
            return np.dtype({"float64": np.complex128, "float32": np.complex64}[precision])
        return np.dtype(precision)

    def tolerance(self, dtype):
        """The case's tolerance override at `dtype`.

        Parameters
        ----------
        dtype : numpy.dtype
            The dtype the case runs at.

        Returns
        -------
        float or None
            `tol32` for single precision, None (funcgrad.testing's default) otherwise.
        """
        return self.tol32 if dtype in (np.float32, np.complex64) else None


def draw_args(case, dtype, rng):
    """Host (numpy) arguments for `case`.

    Parameters
    ----------
    case : Case
    dtype : numpy.dtype
        The arguments' dtype; complex dtypes draw real and imaginary parts alike.
    rng : numpy.random.Generator

    Returns
    -------
    tuple of numpy.ndarray
        One array per shape of `case.shapes`, values in `case.domain` away from
        `case.away_from` (on `case.grid` if it has one).
    """
    def real(shape):
        x = rng.uniform(*case.domain, size=shape)
        if case.grid:
            x = np.round(x / case.grid) * case.grid
        for point in case.away_from:
            near = np.abs(x - point) < 0.1
            x = np.where(near, point + 0.1 * np.sign(x - point + 1e-12) + 0.05, x)
        return x
    if dtype.kind == "c":
        return tuple((real(s) + 1j * real(s)).astype(dtype) for s in case.shapes)
    return tuple(real(s).astype(dtype) for s in case.shapes)


def cases_for(names, cases=None):
    """The cases exercising any of the primitives `names`.

    Parameters
    ----------
    names : iterable of str
        Primitive names (keys of funcgrad.primitive.registry).
    cases : list of Case, optional
        Where to look (default `CASES`).

    Returns
    -------
    list of Case
        In table order.
    """
    names = set(names)
    return [c for c in (CASES if cases is None else cases) if names & set(c.prims)]


# ---- constructors -----------------------------------------------------------------

def _unary(name, domain=(-2.0, 2.0), module=fnp, **kw):
    return Case(name, (name,), getattr(module, name), ((2, 3),), domain=domain, **kw)


def _binary(name, fn, shapes=((3,), (3,)), **kw):
    return Case(name, (name,), fn, shapes, **kw)


def _values(name, fn, shapes=((2, 3),), **kw):
    kw.setdefault("grid", 0.5)
    return Case(name, (name,), fn, shapes, values=True, **kw)


def _named(name, arity=1, **kw):
    """A values case for the numpy function of the primitive's own name."""
    return _values(name, lambda m, *xs: getattr(m, name)(*xs), ((2, 3),) * arity, **kw)


EYE3 = {"eye": np.eye(3)}


def _well(a, eye): return a + 3 * eye                                    # invertible
def _sym(a): return a + fnp.swapaxes(a, -1, -2)
def _spd(a, eye): return a @ fnp.swapaxes(a, -1, -2) + 3 * eye           # positive definite


# ---- arithmetic and elementwise (tests/primitives/test_arithmetic.py, test_elementwise.py)

ARITHMETIC = [
    _binary("add", lambda x, y: fnp.add(x, y)),
    _binary("subtract", lambda x, y: x - y),
    _binary("multiply", lambda x, y: x * y, ((3, 1), (1, 4))),
    _binary("true_divide", lambda x, y: x / y, away_from=(0.0,)),
    _binary("power", lambda x, y: fnp.power(x, y), domain=(0.3, 2.0)),
    _binary("remainder", lambda x, y: fnp.remainder(x + 5.0, y + 2.0), domain=(0.1, 0.4)),
    _binary("maximum", lambda x, y: fnp.maximum(x, y)),
    _binary("minimum", lambda x, y: fnp.minimum(x, y)),
    _binary("where", lambda x, y: fnp.where(x > 0, x * y, y), away_from=(0.0,)),
    Case("negative", ("negative",), lambda x: -x, ((2, 3),)),
    _unary("square"),
    _unary("reciprocal", away_from=(0.0,)),
    _unary("absolute", away_from=(0.0,)),
    Case("clip", ("clip",), lambda x: fnp.clip(x, -1.0, 1.0), ((3, 4),), away_from=(-1.0, 1.0)),
]

ELEMENTWISE = [
    _unary("exp"), _unary("log", (0.2, 3.0)), _unary("log1p", (-0.8, 2.0)), _unary("expm1"),
    _unary("sqrt", (0.2, 3.0)), _unary("sin"), _unary("cos"), _unary("tan", (-1.2, 1.2)),
    _unary("arcsin", (-0.9, 0.9)), _unary("arccos", (-0.9, 0.9)), _unary("arctan"),
    _unary("sinh"), _unary("cosh"), _unary("tanh"), _unary("sigmoid"), _unary("softplus"),
    _unary("exp2"), _unary("log2", (0.2, 3.0)), _unary("log10", (0.2, 3.0)),
    _unary("cbrt", away_from=(0.0,)), _unary("deg2rad"), _unary("rad2deg"),
    _unary("sinc", (-2.5, 2.5)), _unary("arcsinh", (-3.0, 3.0)), _unary("arccosh", (1.2, 3.0)),
    _unary("arctanh", (-0.8, 0.8)),
    _binary("arctan2", lambda y, x: fnp.arctan2(y, x), ((3, 1), (1, 4)), away_from=(0.0,)),
    _binary("logaddexp", lambda x, y: fnp.logaddexp(x, y)),
    _binary("logaddexp2", lambda x, y: fnp.logaddexp2(x, y)),
    _binary("hypot", lambda x, y: fnp.hypot(x, y), away_from=(0.0,)),
    _binary("fmod", lambda x, y: fnp.fmod(x + 5.0, y + 2.0), domain=(0.1, 0.4)),
    _binary("copysign", lambda x, y: fnp.copysign(x, y), away_from=(0.0,)),
    _binary("fmax", lambda x, y: fnp.fmax(x, y)),
    _binary("fmin", lambda x, y: fnp.fmin(x, y)),
    _binary("heaviside", lambda x, h0: fnp.heaviside(x, h0) * x, ((2, 3), (3,)),
            away_from=(0.0,)),
    Case("positive", ("positive",), lambda x: fnp.positive(x) * x, ((2, 3),)),
    Case("ldexp", ("ldexp",), lambda x, k: fnp.ldexp(x, k), ((2, 3),),
         consts={"k": np.array([1, -2, 3])}),
    Case("nan_to_num", ("nan_to_num",), lambda x: fnp.nan_to_num(x * x), ((2, 3),)),
]

# ---- shapes, reductions, products, indexing, complex -------------------------------

SHAPE = [
    Case("reshape", ("reshape",), lambda x: fnp.reshape(x, (3, 2)), ((2, 3),)),
    Case("broadcast_to", ("broadcast_to",), lambda x: fnp.broadcast_to(x, (2, 3)), ((3,),)),
    Case("astype", ("astype",), lambda x: fnp.sin(fnp.astype(x, np.float64)), ((3,),),
         dtypes=("float32",)),
    Case("transpose", ("transpose",), lambda x: fnp.transpose(x), ((2, 3),)),
    Case("concatenate", ("concatenate",), lambda x, y: fnp.concatenate([x, 2.0 * y]),
         ((2,), (3,))),
    Case("split", ("split",), lambda x: tuple(fnp.split(x, 3, axis=-1)), ((2, 3),)),
    Case("flip", ("flip",), lambda x: fnp.flip(x), ((2, 3),)),
    Case("tile", ("tile",), lambda x: fnp.tile(x, 2), ((2, 1),)),
    Case("repeat", ("repeat", "segment_sum"), lambda x: fnp.repeat(x, 2), ((2, 3),)),
]

REDUCTIONS = [
    Case("sum", ("sum",), lambda x: fnp.sum(x * 3.0, axis=0), ((2, 3),)),
    Case("max", ("max",), lambda x: fnp.max(x, axis=1), ((3, 4),)),
    Case("min", ("min",), lambda x: fnp.min(x, axis=0), ((3, 4),)),
    Case("prod", ("prod",), lambda x: fnp.prod(x, axis=1), ((2, 3),)),
    Case("logsumexp", ("logsumexp",), lambda x: fnp.logsumexp(x, axis=1), ((3, 4),)),
    Case("cumsum", ("cumsum",), lambda x: fnp.cumsum(x, axis=1), ((2, 3),)),
    Case("cumprod", ("cumprod",), lambda x: fnp.cumprod(x), ((2, 3),)),
]

PRODUCTS = [
    Case("matmul", ("matmul",), lambda a, b: a @ b, ((2, 3), (3, 4))),
    Case("einsum", ("einsum",), lambda a, b: fnp.einsum("ij,jk->ik", a, b), ((2, 3), (3, 2))),
    Case("einsum-trace", ("einsum", "einsum_mask"), lambda a: fnp.einsum("ii->", a), ((3, 3),)),
    Case("getitem", ("getitem", "scatter_add"), lambda x, i: x[i] * x[1], ((3, 2),),
         consts={"i": np.array([0, 2, 2])}),
    Case("take_along_axis", ("take_along_axis", "scatter_along_axis"),
         lambda x, i: fnp.take_along_axis(x, i, 1), ((2, 3),),
         consts={"i": np.array([[0, 2, 2], [1, 1, 0]])}),
]

COMPLEX = [
    Case("real", ("real",), lambda z: fnp.real(z * z), ((4,),), complex=True),
    Case("imag", ("imag",), lambda z: fnp.imag(fnp.exp(z)), ((4,),), complex=True),
    Case("conj", ("conj",), lambda z: fnp.conj(z) * z[::-1], ((4,),), complex=True),
    Case("complex_abs", ("complex_abs",), lambda z: fnp.abs(z), ((2, 3),), complex=True,
         away_from=(0.0,), tol32=LOOSE),
]

# ---- linear algebra, fft, special functions (test_linalg, test_fft, test_special) ----

def _eigh(a):
    w, v = la.eigh(_sym(a))
    return w, v * v[..., :1, :]                    # each column times its first entry: sign-free


def _svd(a):
    u, s, _ = la.svd(a)
    return fnp.abs(u), s


LINALG = [
    Case("cholesky", ("cholesky", "linalg_mask"), lambda a, eye: la.cholesky(_spd(a, eye)),
         ((3, 3),), tol32=LOOSE, consts=EYE3),
    Case("inv", ("inv",), lambda a, eye: la.inv(_well(a, eye)), ((3, 3),), consts=EYE3),
    Case("solve", ("solve",), lambda a, b, eye: la.solve(_well(a, eye), b), ((3, 3), (3, 2)),
         consts=EYE3),
    Case("det", ("det", "adjugate"), lambda a, eye: la.det(_well(a, eye)), ((3, 3),),
         consts=EYE3),
    Case("slogdet", ("slogdet",), lambda a, eye: tuple(la.slogdet(_well(a, eye))), ((2, 3, 3),),
         consts=EYE3),
    Case("eigh", ("eigh",), _eigh, ((3, 3),), tol32=LOOSE),
    Case("eig", ("eig",), lambda a: tuple(la.eig(a)), ((3, 3),), tol32=LOOSE),
    Case("svd", ("svd",), _svd, ((3, 3),), tol32=LOOSE),
    Case("qr", ("qr",), lambda a: la.qr(a, mode="r"), ((4, 2),), tol32=LOOSE),
    Case("pinv", ("pinv",), lambda a: la.pinv(a), ((4, 3),), tol32=LOOSE),
    Case("vector_norm", ("vector_norm",), lambda x: la.norm(x, ord=3), ((4,),),
         away_from=(0.0,), tol32=LOOSE),
    Case("sqrtm", ("sqrtm",), lambda a, eye: fsl.sqrtm(_spd(a, eye)), ((3, 3),),
         dtypes=("float64",), consts=EYE3),
]

FFT = [
    Case("fftn", ("fftn",), lambda a: fft.ifft(a, norm="forward"), ((4,),), complex=True),
    Case("rfftn", ("rfftn",), lambda a: fft.rfft(a), ((5,),)),
    Case("irfftn", ("irfftn", "irfft_weights", "fft_resize"),
         lambda a: fft.irfft(a, n=7, norm="ortho"), ((3,),), complex=True),
    Case("fftshift", ("fftshift",), lambda a: fft.fftshift(a) + 2 * fft.ifftshift(a, axes=1),
         ((3, 5),)),
]

SPECIAL = [
    _unary("gammaln", (0.3, 4.0), fsp), _unary("digamma", (0.3, 4.0), fsp),
    Case("polygamma", ("polygamma",), lambda x: fsp.polygamma(1, x), ((2, 3),), (0.5, 4.0)),
    _unary("gamma", (0.3, 3.0), fsp),
    _binary("beta", lambda a, b: fsp.beta(a, b), ((3, 1), (1, 4)), domain=(0.5, 3.0)),
    _binary("betaln", lambda a, b: fsp.betaln(a, b), domain=(0.5, 3.0)),
    Case("gammainc", ("gammainc",), lambda x: fsp.gammainc(2.5, x), ((2, 3),), (0.2, 4.0)),
    Case("gammaincc", ("gammaincc",), lambda x: fsp.gammaincc(0.7, x), ((2, 3),), (0.2, 4.0)),
    Case("betainc", ("betainc",), lambda x: fsp.betainc(2.0, 0.6, x), ((2, 3),), (0.1, 0.9)),
    _unary("erf", module=fsp), _unary("erfc", module=fsp),
    _unary("erfinv", (-0.8, 0.8), fsp), _unary("erfcinv", (0.2, 1.8), fsp),
    _unary("ndtr", (-3.0, 3.0), fsp), _unary("log_ndtr", (-3.0, 3.0), fsp),
    _unary("ndtri", (0.1, 0.9), fsp), _unary("logit", (0.1, 0.9), fsp),
    _binary("xlogy", lambda x, y: fsp.xlogy(x, y), ((3, 1), (1, 4)), domain=(0.2, 3.0)),
    _binary("xlog1py", lambda x, y: fsp.xlog1py(x, y), domain=(-0.5, 2.0)),
    _unary("entr", (0.2, 3.0), fsp),
    _unary("i0", (-3.0, 3.0), fsp), _unary("i1", (-3.0, 3.0), fsp),
    _unary("i0e", (-3.0, 3.0), fsp, away_from=(0.0,)),
    _unary("i1e", (-3.0, 3.0), fsp, away_from=(0.0,)),
    Case("iv", ("iv",), lambda x: fsp.iv(1.5, x), ((2, 3),), (0.2, 3.0)),
    Case("ive", ("ive",), lambda x: fsp.ive(2, x), ((2, 3),), (-3.0, 3.0), away_from=(0.0,)),
]

# ---- non-differentiable primitives: values against numpy's -------------------------

def _stop_gradient(m, x):
    return fg.stop_gradient(x) if m is fnp else x        # numpy's values: the identity


NAN_INF = {"special": np.array([[np.nan, 0.0, np.inf], [0.0, -np.inf, 0.0]])}

VALUES = [
    *(_named(name, 2) for name in (
        "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
        "logical_and", "logical_or", "logical_xor", "nextafter")),
    *(_named(name) for name in (
        "logical_not", "sign", "floor", "ceil", "rint", "round", "trunc", "signbit",
        "zeros_like", "ones_like", "argsort", "unique", "nonzero")),
    _values("floor_divide", lambda m, x, y: m.floor_divide(x, y * y + 0.5), ((2, 3),) * 2),
    _values("full_like", lambda m, x: m.full_like(x, 7.0)),
    _values("stop_gradient", lambda m, x: _stop_gradient(m, x) * x),
    _values("argmax", lambda m, x: m.argmax(x, axis=1), grid=None),
    _values("argmin", lambda m, x: m.argmin(x, axis=0), grid=None),
    _values("searchsorted", lambda m, x, edges: m.searchsorted(edges, x), ((5,),),
            consts={"edges": np.array([-1.0, 0.0, 1.0])}),
    *(_values(name, lambda m, x, special, name=name: getattr(m, name)(x + special),
              consts=NAN_INF) for name in ("isnan", "isinf", "isfinite")),
    _values("isclose", lambda m, x, y: m.isclose(x, y, atol=0.5), ((5,), (5,)), grid=None),
    _values("count_nonzero", lambda m, x: m.count_nonzero(x, axis=1)),
    _values("all", lambda m, x: m.all(x > -1.0, axis=1)),
    _values("any", lambda m, x: m.any(x > 1.0, axis=0)),
]

CASES = (ARITHMETIC + ELEMENTWISE + SHAPE + REDUCTIONS + PRODUCTS + COMPLEX + LINALG + FFT
         + SPECIAL + VALUES)
