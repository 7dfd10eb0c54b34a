"""Complex numbers: real and imaginary parts, conjugation, modulus.

Convention (JAX's). A complex number is a pair of reals, and derivatives are the
ℝ-linear maps between those pairs. Cotangents pair with tangents through the
bilinear form ⟨u, v⟩ = Re Σ u·v (no conjugation), and a vjp is the plain
transpose of the jvp under that form. Consequences:

* holomorphic f (exp, sin, multiply, matmul, inv...): jvp(t) = f'(z)·t and
  vjp(g) = g·f'(z), so the d_ rules of the real primitives hold as written;
* real-valued L of complex z: grad(L)(z) = ∂L/∂x − i·∂L/∂y (the conjugate of
  PyTorch's), e.g. grad of |z|² is 2·z̄;
* the transpose of ℝ ↪ ℂ is Re: a cotangent reaching a real input from a complex
  computation is replaced by its real part (done once, in transforms.rules.unbroadcast).

Here: Re z (transpose g ↦ g), Im z (g ↦ −i·g), z̄ (g ↦ ḡ) and |z| (not holomorphic:
d|z| = Re(z̄·dz)/|z|, vjp g ↦ g·z̄/|z|, zero subgradient at z = 0).
"""
from funcgrad.primitive import primitive

from .arithmetic import absolute, equal, where

__all__ = ["real", "imag", "conj", "complex_abs", "modulus", "conj_if_complex", "is_complex"]


def is_complex(x):
    """True when x holds complex values (an array or tracer of complex dtype, or a Python complex)."""
    dtype = getattr(x, "dtype", None)
    return dtype.kind == "c" if dtype is not None else isinstance(x, complex)


@primitive
class Real:
    """ans = Re z.  ℝ-linear; transpose: z̄ = g (a real cotangent, cast to z's complex dtype)."""
    elementwise = True
    linear = True
    def impl(xp, z): return xp.real(z)
    def vjp_z(g, ans, z): return g


@primitive
class Imag:
    """ans = Im z.  ℝ-linear; transpose: z̄ = −i·g, since Re(−i·g·ż) = g·Im ż for real g."""
    elementwise = True
    linear = True
    def impl(xp, z): return xp.imag(z)
    def vjp_z(g, ans, z): return g * -1j


@primitive
class Conj:
    """ans = z̄.  ℝ-linear; transpose: z̄_ct = ḡ, since Re(g·ż̄) = Re(ḡ·ż)."""
    elementwise = True
    linear = True
    def impl(xp, z): return xp.conj(z)
    def vjp_z(g, ans, z): return conj(g)


def _unit(ans, z):
    """z̄/|z|, and 0 where z = 0 (the zero subgradient)."""
    zero = equal(ans, 0)
    return where(zero, 0, conj(z) / where(zero, 1, ans))


@primitive
class ComplexAbs:
    """ans = |z| for complex z (real-valued, not holomorphic);  ṫ = Re(z̄·ż)/|z|,
    z̄_ct = g·z̄/|z|, both 0 at z = 0.

    d|z| = Re(z̄·dz)/|z|:  ṫ = Re(z̄·ż)/|z|,  z̄_ct = g·z̄/|z|  (grad of |z| is z̄/|z|).
    At z = 0 both are 0 (a subgradient, not NaN); second derivatives at 0 are undefined.
    """
    elementwise = True
    def impl(xp, z): return xp.abs(z)
    def jvp_z(t, ans, z): return real(_unit(ans, z) * t)
    def vjp_z(g, ans, z): return g * _unit(ans, z)


def modulus(x):
    """|x| with the right rule for its dtype: complex_abs for complex x, absolute otherwise."""
    return complex_abs(x) if is_complex(x) else absolute(x)


def conj_if_complex(x):
    """x̄, skipping the op for real x (where it is the identity)."""
    return conj(x) if is_complex(x) else x


real, imag, conj, complex_abs = Real, Imag, Conj, ComplexAbs
