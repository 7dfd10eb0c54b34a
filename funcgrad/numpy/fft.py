"""funcgrad.numpy.fft: numpy.fft's transforms, differentiable in both modes to any order.

Every transform is linear; its derivatives are the transform itself (forward) and its
transpose under JAX's complex convention (reverse; see funcgrad/primitives/fft.py and
funcgrad/primitives/complex.py). For a real-valued loss of a real signal, gradients
agree with every convention; for complex inputs, grad returns ∂L/∂x − i·∂L/∂y.

`n` and `s` crop or zero-pad the input before transforming, as numpy does; `norm` is
None/"backward", "ortho" or "forward". irfft ignores the imaginary parts of the zero
(and, for even n, Nyquist) frequency, so they get zero gradient.
fftfreq and rfftfreq return constants; other names fall back to numpy.
"""
import numpy as _np

from funcgrad.numpy import _core
from funcgrad.primitives import complex as _cx
from funcgrad.primitives import fft as _ft

__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2",
           "irfft2", "rfftn", "irfftn", "hfft", "ihfft", "fftshift", "ifftshift",
           "fftfreq", "rfftfreq"]

fftfreq, rfftfreq = _np.fft.fftfreq, _np.fft.rfftfreq

_NORMS = {None: "backward", "backward": "backward", "ortho": "ortho", "forward": "forward"}
_SWAPPED = {"backward": "forward", "ortho": "ortho", "forward": "backward"}


def _norm(norm):
    if norm not in _NORMS:
        raise ValueError(f'Invalid norm value {norm}; should be "backward", "ortho" or "forward".')
    return _NORMS[norm]


def _operand(a):
    a = _core.asarray(_core._as_operand(a))
    if a.dtype.kind not in "fc":
        a = _core.astype(a, _np.float64)
    return a


def _axes_and_sizes(a, s, axes):
    """numpy's rules: axes default to the last len(s) axes (all without s); s to a's lengths."""
    nd = _core.ndim(a)
    if axes is None:
        axes = range(nd) if s is None else range(nd - len(s), nd)
    axes = tuple(int(ax) % max(nd, 1) for ax in axes)
    if s is None:
        s = tuple(a.shape[ax] for ax in axes)
    s = tuple(int(n) for n in s)
    if len(s) != len(axes):
        raise ValueError("Shape and axes have different lengths.")
    if any(n < 1 for n in s):
        raise ValueError(f"Invalid number of FFT data points ({s}) specified.")
    return s, axes


def _resized(a, sizes, axes):
    """a cropped or zero-padded to `sizes` along `axes`."""
    shape = list(a.shape)
    for n, ax in zip(sizes, axes):
        shape[ax] = n
    shape = tuple(shape)
    return a if shape == tuple(a.shape) else _ft.fft_resize(a, shape=shape)


def _c2c(a, s, axes, norm, inverse):
    a = _operand(a)
    s, axes = _axes_and_sizes(a, s, axes)
    return _ft.fftn(_resized(a, s, axes), axes=axes, norm=_norm(norm), inverse=inverse)


def _one(n):
    return None if n is None else (n,)


def fft(a, n=None, axis=-1, norm=None):
    """One-dimensional discrete Fourier transform, as numpy.fft.fft; differentiable.

    Linear: forward mode applies the same transform, reverse mode its transpose under
    JAX's complex convention. n/s crop or zero-pad first; norm is None ("backward"), "ortho"
    or "forward"; integer inputs are computed in float64.

    See Also
    --------
    numpy.fft.fft
    """
    return _c2c(a, _one(n), (axis,), norm, False)


def ifft(a, n=None, axis=-1, norm=None):
    """One-dimensional inverse DFT, as numpy.fft.ifft; differentiable.

    Linear: forward mode applies the same transform, reverse mode its transpose under
    JAX's complex convention. n/s crop or zero-pad first; norm is None ("backward"), "ortho"
    or "forward"; integer inputs are computed in float64.

    See Also
    --------
    numpy.fft.ifft
    """
    return _c2c(a, _one(n), (axis,), norm, True)


def fftn(a, s=None, axes=None, norm=None):
    """N-dimensional DFT over `axes`, as numpy.fft.fftn; differentiable.

    Linear: forward mode applies the same transform, reverse mode its transpose under
    JAX's complex convention. n/s crop or zero-pad first; norm is None ("backward"), "ortho"
    or "forward"; integer inputs are computed in float64.

    See Also
    --------
    numpy.fft.fftn
    """
    return _c2c(a, s, axes, norm, False)


def ifftn(a, s=None, axes=None, norm=None):
    """N-dimensional inverse DFT over `axes`, as numpy.fft.ifftn; differentiable.

    Linear: forward mode applies the same transform, reverse mode its transpose under
    JAX's complex convention. n/s crop or zero-pad first; norm is None ("backward"), "ortho"
    or "forward"; integer inputs are computed in float64.

    See Also
    --------
    numpy.fft.ifftn
    """
    return _c2c(a, s, axes, norm, True)


def fft2(a, s=None, axes=(-2, -1), norm=None):
    """Two-dimensional DFT over the last two axes, as numpy.fft.fft2; differentiable.

    Linear: forward mode applies the same transform, reverse mode its transpose under
    JAX's complex convention. n/s crop or zero-pad first; norm is None ("backward"), "ortho"
    or "forward"; integer inputs are computed in float64.

    See Also
    --------
    numpy.fft.fft2
    """
    return _c2c(a, s, axes, norm, False)


def ifft2(a, s=None, axes=(-2, -1), norm=None):
    """Two-dimensional inverse DFT, as numpy.fft.ifft2; differentiable.

    Linear: forward mode applies the same transform, reverse mode its transpose under
    JAX's complex convention. n/s crop or zero-pad first; norm is None ("backward"), "ortho"
    or "forward"; integer inputs are computed in float64.

    See Also
    --------
    numpy.fft.ifft2
    """
    return _c2c(a, s, axes, norm, True)


def rfftn(a, s=None, axes=None, norm=None):
    """The DFT of a real array over `axes`, keeping n//2 + 1 frequencies on the last axis.

    See Also
    --------
    numpy.fft.rfftn
    """
    a = _operand(a)
    if _cx.is_complex(a):
        raise TypeError("rfftn: the input must be real (numpy discards the imaginary part)")
    s, axes = _axes_and_sizes(a, s, axes)
    return _ft.rfftn(_resized(a, s, axes), axes=axes, norm=_norm(norm))


def rfft(a, n=None, axis=-1, norm=None):
    """DFT of a real signal, keeping n//2 + 1 frequencies, as numpy.fft.rfft; differentiable.

    Linear in the real input. A complex input raises TypeError (numpy would silently drop
    its imaginary part). n crops or zero-pads first; norm as in fft.

    See Also
    --------
    numpy.fft.rfft
    """
    return rfftn(a, _one(n), (axis,), norm)


def rfft2(a, s=None, axes=(-2, -1), norm=None):
    """Two-dimensional DFT of a real array, as numpy.fft.rfft2; differentiable.

    As rfftn over the last two axes; a complex input raises TypeError.

    See Also
    --------
    numpy.fft.rfft2
    """
    return rfftn(a, s, axes, norm)


def irfftn(a, s=None, axes=None, norm=None):
    """The real inverse of rfftn: the output has s[-1] (default 2·(m − 1)) entries on the last axis.

    See Also
    --------
    numpy.fft.irfftn
    """
    a = _operand(a)
    nd = _core.ndim(a)
    if axes is None:
        axes = range(nd) if s is None else range(nd - len(s), nd)
    axes = tuple(int(ax) % max(nd, 1) for ax in axes)
    if s is None:
        s = tuple(a.shape[ax] for ax in axes[:-1]) + (2 * (a.shape[axes[-1]] - 1),)
    s, axes = _axes_and_sizes(a, s, axes)
    n = s[-1]
    a = _resized(a, s[:-1] + (n // 2 + 1,), axes)
    return _ft.irfftn(a, axes=axes, n=n, norm=_norm(norm))


def irfft(a, n=None, axis=-1, norm=None):
    """Inverse of rfft: a real signal of n entries (default 2·(m − 1)), as numpy.fft.irfft.

    Differentiable; the imaginary parts of the zero frequency (and, for even n, the
    Nyquist frequency) do not affect the result, so they get zero gradient.

    See Also
    --------
    numpy.fft.irfft
    """
    return irfftn(a, _one(n), (axis,), norm)


def irfft2(a, s=None, axes=(-2, -1), norm=None):
    """Inverse of rfft2, as numpy.fft.irfft2; differentiable.

    As irfftn over the last two axes.

    See Also
    --------
    numpy.fft.irfft2
    """
    return irfftn(a, s, axes, norm)


def hfft(a, n=None, axis=-1, norm=None):
    """The FFT of a Hermitian-symmetric signal given by its first half: irfft(ā) with the
    opposite normalization, as numpy computes it.

    See Also
    --------
    numpy.fft.hfft
    """
    a = _operand(a)
    if n is None:
        n = 2 * (a.shape[axis] - 1)
    return irfft(_core.conj(a), n, axis, _SWAPPED[_norm(norm)])


def ihfft(a, n=None, axis=-1, norm=None):
    """The inverse of hfft: conj(rfft(a)) with the opposite normalization.

    See Also
    --------
    numpy.fft.ihfft
    """
    return _core.conj(rfft(a, n, axis, _SWAPPED[_norm(norm)]))


def _shift(x, axes, inverse):
    x = _core.asarray(_core._as_operand(x))
    nd = _core.ndim(x)
    axes = tuple(range(nd)) if axes is None else \
        tuple(int(ax) % max(nd, 1) for ax in ((axes,) if isinstance(axes, (int, _np.integer)) else axes))
    return _ft.fftshift(x, axes=axes, inverse=inverse)


def fftshift(x, axes=None):
    """The zero frequency moved to the centre (a permutation: its transpose is ifftshift).

    See Also
    --------
    numpy.fft.fftshift
    """
    return _shift(x, axes, False)


def ifftshift(x, axes=None):
    """Undo fftshift: move the centre back to index 0, as numpy.fft.ifftshift; linear.

    See Also
    --------
    numpy.fft.ifftshift
    """
    return _shift(x, axes, True)


def __getattr__(name):
    """Other numpy.fft names (fftfreq, hfft...): numpy's, on plain values; a traced value
    gets an error naming the function."""
    return _core.undifferentiable(_np.fft, "funcgrad.numpy.fft", name)
