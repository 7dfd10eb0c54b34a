"""Discrete Fourier transforms: complex (fftn/ifftn), real-input (rfftn), real-output
(irfftn), the half-spectrum shifts, and the crop/zero-pad that implements numpy's `n`/`s`.

All are linear, so forward mode applies the op to the tangents and each vjp is the
transpose under JAX's pairing ⟨u, v⟩ = Re Σ u·v (see primitives/complex.py):
* the DFT matrix is symmetric, so fftn's transpose is fftn itself, with the same
  `norm` (likewise ifftn); no conjugation is involved;
* rfftn is fftn restricted to real inputs and cropped to the half spectrum, so its
  transpose zero-pads the cotangent back to length n, applies fftn and takes Re;
* irfftn(X)_j = scale·Re Σ_k c_k X_k e^{+2πijk/n} with c_k = 2 except c_0 = 1 and
  c_{n/2} = 1 (n even), so its transpose is c ⊙ (ifftn of the cotangent, cropped).
`axes` is a tuple of non-negative ints (order matters: rfftn halves the last one);
`norm` is "backward", "ortho" or "forward"; the funcgrad.numpy.fft wrappers normalize both.
"""
from funcgrad.primitive import primitive

from ._batching import shift_axes, with_batch
from .complex import real
from .shape import reshape

__all__ = ["fftn", "rfftn", "irfftn", "fftshift", "fft_resize", "irfft_weights"]


@primitive
class Fftn:
    """ans = the DFT of x over `axes` (ifftn if `inverse`), scaled by `norm`; size-preserving.
    Linear with a symmetric matrix: the transpose is the same transform."""
    linear = True

    def impl(xp, x, *, axes, norm, inverse):
        transform = xp.fft.ifftn if inverse else xp.fft.fftn
        return transform(x, axes=axes, norm=norm)

    def vjp_x(g, ans, x, *, axes, norm, inverse):
        return fftn(g, axes=axes, norm=norm, inverse=inverse)

    def batch(xs, batched, *, axes, norm, inverse):
        return fftn(xs[0], axes=shift_axes(axes, xs[0].ndim - 1), norm=norm, inverse=inverse)


@primitive
class Rfftn:
    """ans = numpy.fft.rfftn(x, axes=axes, norm=norm) for real x: the last axis keeps its
    n//2 + 1 non-negative frequencies.  Transpose: x̄ = Re fftn(zero-pad(g) to x's shape)."""
    linear = True

    def impl(xp, x, *, axes, norm):
        return xp.fft.rfftn(x, axes=axes, norm=norm)

    def vjp_x(g, ans, x, *, axes, norm):
        padded = fft_resize(g, shape=tuple(x.shape))
        return real(fftn(padded, axes=axes, norm=norm, inverse=False))

    def batch(xs, batched, *, axes, norm):
        return rfftn(xs[0], axes=shift_axes(axes, xs[0].ndim - 1), norm=norm)


def _output_shape(x, axes, n):
    shape = list(x.shape)
    shape[axes[-1]] = n
    return tuple(shape)


@primitive
class Irfftn:
    """ans = numpy.fft.irfftn(x, s, axes, norm) with s = x's lengths on `axes`, except `n`
    on the last one, where x must have n//2 + 1 entries (the wrapper crops or pads).
    Imaginary parts that the transform ignores (X_0, and X_{n/2} for even n) get zero
    derivative.  Transpose: x̄ = c ⊙ crop(ifftn(g)) with the weights c of irfft_weights."""
    linear = True

    def impl(xp, x, *, axes, n, norm):
        s = [x.shape[a] for a in axes[:-1]] + [n]
        return xp.fft.irfftn(x, s=s, axes=axes, norm=norm)

    def vjp_x(g, ans, x, *, axes, n, norm):
        spectrum = fftn(g, axes=axes, norm=norm, inverse=True)
        cropped = fft_resize(spectrum, shape=tuple(x.shape))
        return cropped * irfft_weights(cropped, axis=axes[-1], n=n)

    def batch(xs, batched, *, axes, n, norm):
        return irfftn(xs[0], axes=shift_axes(axes, xs[0].ndim - 1), n=n, norm=norm)


@primitive
class IrfftWeights:
    """ans = c, shaped to broadcast along `axis` (x's length m = n//2 + 1 there), with x's
    real dtype: c_k = 2, except c_0 = 1 and, for even n, c_{m-1} = 1 (the Nyquist term).
    A constant: no derivative (nondiff)."""
    nondiff = True

    def impl(xp, x, *, axis, n):
        m = x.shape[axis]
        dtype = xp.real(xp.zeros((), dtype=x.dtype)).dtype
        c = xp.full(m, 2.0, dtype=dtype)
        c[0] = 1.0
        if n % 2 == 0 and m > 1:
            c[-1] = 1.0
        shape = [1] * x.ndim
        shape[axis] = m
        return xp.reshape(c, shape)

    def batch(xs, batched, *, axis, n):
        c = irfft_weights(xs[0], axis=axis + 1, n=n)
        return with_batch(reshape(c, shape=tuple(c.shape[1:])), False, xs[0].shape[0])


@primitive
class FftResize:
    """ans = x cropped or zero-padded (at the end) to `shape` along every axis: numpy.fft's
    handling of `n` and `s`.  Linear; its transpose resizes back to x's shape."""
    linear = True

    def impl(xp, x, *, shape):
        if tuple(x.shape) == tuple(shape):
            return x
        out = xp.zeros(shape, dtype=x.dtype)
        common = tuple(slice(0, min(a, b)) for a, b in zip(x.shape, shape))
        out[common] = x[common]
        return out

    def vjp_x(g, ans, x, *, shape):
        return fft_resize(g, shape=tuple(x.shape))

    def batch(xs, batched, *, shape):
        return fft_resize(xs[0], shape=(xs[0].shape[0],) + tuple(shape))


@primitive
class Fftshift:
    """ans = x rolled by ⌊n/2⌋ along each of `axes` (by −⌊n/2⌋ if `inverse`: ifftshift).
    A permutation: its transpose is the opposite shift."""
    linear = True

    def impl(xp, x, *, axes, inverse):
        shift = xp.fft.ifftshift if inverse else xp.fft.fftshift
        return shift(x, axes=axes)

    def vjp_x(g, ans, x, *, axes, inverse):
        return fftshift(g, axes=axes, inverse=not inverse)

    def batch(xs, batched, *, axes, inverse):
        return fftshift(xs[0], axes=shift_axes(axes, xs[0].ndim - 1), inverse=inverse)


fftn, rfftn, irfftn, irfft_weights = Fftn, Rfftn, Irfftn, IrfftWeights
fft_resize, fftshift = FftResize, Fftshift
