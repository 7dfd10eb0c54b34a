"""Spec tables and tests for primitives/fft.py through funcgrad.numpy.fft."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.testing import check_grads
from tests.primitives.spec import Spec
from tests.primitives.test_complex import cases, run_any

ft = fnp.fft
REAL = ("float64", "float32")
ANY = ("float64", "float32", "complex128", "complex64")
COMPLEX = ("complex128", "complex64")


def _spec(name, fn, shapes, prims, dtypes=ANY, **kw):
    return Spec(name, fn, shapes, prims, dtypes=dtypes, **kw)


def fft_pad(a): return ft.fft(a, n=7)
def fft_crop_ortho(a): return ft.fft(a, n=3, axis=0, norm="ortho")
def ifft_forward(a): return ft.ifft(a, norm="forward")
def fft2(a): return ft.fft2(a)
def ifft2_s(a): return ft.ifft2(a, s=(3, 6))
def fftn_axes(a): return ft.fftn(a, axes=(2, 0))
def ifftn(a): return ft.ifftn(a, norm="ortho")
def rfft(a): return ft.rfft(a)
def rfft_odd(a): return ft.rfft(a, n=5, axis=0, norm="ortho")
def rfft2(a): return ft.rfft2(a, norm="forward")
def rfftn_s(a): return ft.rfftn(a, s=(4, 6), axes=(0, 2))
def irfft(a): return ft.irfft(a)
def irfft_odd(a): return ft.irfft(a, n=7, norm="ortho")
def irfft2(a): return ft.irfft2(a)
def irfftn_s(a): return ft.irfftn(a, s=(3, 5), axes=(0, 1), norm="forward")
def hfft(a): return ft.hfft(a, n=6)
def ihfft(a): return ft.ihfft(a)
def shifts(a): return ft.fftshift(a) + 2 * ft.ifftshift(a, axes=1) + ft.fftshift(a, axes=-1)
def round_trip(a): return ft.irfft(ft.rfft(a * a), n=a.shape[-1])


def power_spectrum(a):
    """A nonlinear spectral loss: |rfft|² weighted by frequency, and a phase-sensitive term."""
    spec = ft.rfft(fnp.tanh(a))
    return fnp.sum(fnp.abs(spec) ** 2 * np.arange(spec.shape[-1])) + fnp.sum(fnp.real(spec * spec))


SPECS = [
    _spec("fft", ft.fft, ((2, 5),), ("fftn",)),
    _spec("fft-pad", fft_pad, ((2, 5),), ("fftn", "fft_resize")),
    _spec("fft-crop-ortho", fft_crop_ortho, ((5, 2),), ("fftn", "fft_resize")),
    _spec("ifft-forward", ifft_forward, ((4,),), ("fftn",)),
    _spec("fft2", fft2, ((2, 3, 4),), ("fftn",)),
    _spec("ifft2-s", ifft2_s, ((4, 4),), ("fftn", "fft_resize")),
    _spec("fftn-axes", fftn_axes, ((3, 2, 4),), ("fftn",)),
    _spec("ifftn", ifftn, ((3, 4),), ("fftn",)),
    _spec("rfft", rfft, ((2, 6),), ("rfftn",), dtypes=REAL),
    _spec("rfft-odd", rfft_odd, ((4, 3),), ("rfftn", "fft_resize"), dtypes=REAL),
    _spec("rfft2", rfft2, ((3, 5),), ("rfftn",), dtypes=REAL),
    _spec("rfftn-s", rfftn_s, ((3, 2, 5),), ("rfftn", "fft_resize"), dtypes=REAL),
    _spec("irfft", irfft, ((2, 4),), ("irfftn", "irfft_weights")),
    _spec("irfft-odd", irfft_odd, ((3,),), ("irfftn", "irfft_weights", "fft_resize")),
    _spec("irfft2", irfft2, ((3, 4),), ("irfftn",)),
    _spec("irfftn-s", irfftn_s, ((2, 3, 2),), ("irfftn", "fft_resize")),
    _spec("hfft", hfft, ((4,),), ("irfftn", "conj")),
    _spec("ihfft", ihfft, ((5,),), ("rfftn", "conj"), dtypes=REAL),
    _spec("shifts", shifts, ((3, 5),), ("fftshift",)),
    _spec("round-trip", round_trip, ((2, 5),), ("rfftn", "irfftn"), dtypes=REAL),
    _spec("power-spectrum", power_spectrum, ((2, 8),), ("rfftn", "complex_abs"), dtypes=REAL,
          tol={"float32": 5e-2}),
]


@pytest.mark.parametrize("spec, dtype", cases(SPECS))
def test_spec(spec, dtype):
    run_any(spec, dtype)


# ---- values match numpy (eager), dtypes included ----------------------------------------

VALUE_CASES = [
    ("fft", dict(n=7)), ("fft", dict(n=3, axis=0, norm="ortho")), ("ifft", dict(norm="forward")),
    ("fft2", {}), ("ifft2", dict(s=(3, 6))), ("fftn", dict(axes=(1, 0))),
    ("ifftn", dict(s=(2, 2), axes=(0, 1))), ("rfft", {}), ("rfft", dict(n=5, axis=0)),
    ("rfft2", dict(norm="ortho")), ("rfftn", dict(s=(4, 3), axes=(0, 1))), ("irfft", {}),
    ("irfft", dict(n=7)), ("irfft2", {}), ("irfftn", dict(s=(3, 5), axes=(0, 1))), ("hfft", {}),
    ("hfft", dict(n=5, norm="ortho")), ("ihfft", {}), ("fftshift", {}), ("ifftshift", dict(axes=0)),
]


REAL_ONLY = ("rfft", "rfft2", "rfftn", "ihfft")
VALUE_PARAMS = [pytest.param(name, kwargs, dtype, id=f"{name}-{i}-{dtype}")
                for i, (name, kwargs) in enumerate(VALUE_CASES)
                for dtype in ("float64", "float32", "complex128")
                if not (name in REAL_ONLY and dtype == "complex128")]


@pytest.mark.parametrize("name, kwargs, dtype", VALUE_PARAMS)
def test_values_match_numpy(name, kwargs, dtype):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((4, 5)).astype(dtype)
    if np.dtype(dtype).kind == "c":
        a = a + 1j * rng.standard_normal(a.shape)
    got, want = getattr(ft, name)(a, **kwargs), getattr(np.fft, name)(a, **kwargs)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_constants_and_fallback():
    np.testing.assert_array_equal(ft.fftfreq(5, 0.1), np.fft.fftfreq(5, 0.1))
    np.testing.assert_array_equal(ft.rfftfreq(6), np.fft.rfftfreq(6))
    with pytest.raises(ValueError):
        ft.fft(np.ones(3), norm="nope")
    with pytest.raises(AttributeError):
        ft.not_a_function


def test_irfft_ignores_imaginary_parts_it_discards():
    # irfft ignores Im X_0 and (n even) Im X_{n/2}: their gradient is 0
    x = np.array([1.0 + 2.0j, 0.5 - 1.0j, 2.0 + 0.3j])
    g = fg.grad(lambda x: fnp.sum(ft.irfft(x) * np.arange(4.0)))(x)
    assert g[0].imag == 0 and g[-1].imag == 0


def test_transpose_of_fft_is_fft():
    z = np.arange(6.0) + 1j
    ct = np.linspace(-1, 1, 6) * (1 - 2j)
    (got,) = fg.vjp(ft.fft, z)[1](ct)
    np.testing.assert_allclose(got, np.fft.fft(ct))   # the DFT matrix is symmetric


@pytest.mark.parametrize("fn", [fft_pad, ifft2_s, rfftn_s, irfft_odd, irfftn_s, shifts, hfft],
                         ids=lambda f: f.__name__)
def test_vmap_matches_a_loop_and_jacobians_agree(fn):
    a = np.random.default_rng(6).standard_normal((2, 3, 4, 5))
    np.testing.assert_allclose(fg.vmap(fn)(a), np.stack([fn(x) for x in a]), rtol=1e-10, atol=1e-12)
    def real_out(x):                        # jacrev needs a real output
        return fnp.real(fn(x)) + fnp.imag(fn(x))
    np.testing.assert_allclose(fg.jacrev(real_out)(a[0]), fg.jacfwd(real_out)(a[0]), atol=1e-10)


# ---- hypothesis: lengths, axes and norms ----------------------------------------------------

@settings(max_examples=15, deadline=None)
@given(shape=st.lists(st.integers(1, 5), min_size=1, max_size=3), n=st.integers(1, 7),
       norm=st.sampled_from([None, "ortho", "forward"]), which=st.sampled_from(["fft", "rfft", "irfft"]),
       seed=st.integers(0, 2 ** 16), data=st.data())
def test_lengths_axes_norms(shape, n, norm, which, seed, data):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    fn = getattr(ft, which)
    spec = Spec(which, lambda a: fn(a, n=n, axis=axis, norm=norm), (tuple(shape),), (), order=1)
    dtype = "float64" if which == "rfft" else data.draw(st.sampled_from(["float64", "complex128"]))
    run_any(spec, dtype, seed=seed)


# ---- differential tests: a spectral loss against PyTorch and HIPS autograd -------------------

_RNG = np.random.default_rng(11)
_SIGNAL = _RNG.standard_normal((3, 16))
_TARGET = np.abs(np.fft.rfft(_RNG.standard_normal(16)))


def spectral_loss(m, x, target=_TARGET):
    """Match the magnitude spectrum of a smoothed signal to a target, plus a 2-D term."""
    smooth = m.tanh(x) * 0.5 + x * 0.5
    mag = m.abs(m.fft.rfft(smooth, axis=-1))
    ortho = m.fft.fft2(x, norm="ortho")
    return m.sum((mag - target) ** 2) + m.sum(m.real(ortho * m.conj(ortho) * 0.1))


def test_spectral_loss_against_pytorch():
    torch = pytest.importorskip("torch")

    class TorchFFT:
        def rfft(self, x, axis=-1): return torch.fft.rfft(x, dim=axis)
        def fft2(self, x, norm=None): return torch.fft.fft2(x, norm=norm)

    class TorchNamespace:
        fft = TorchFFT()
        tanh, abs, sum, real, conj = torch.tanh, torch.abs, torch.sum, torch.real, torch.conj

    x = torch.tensor(_SIGNAL, requires_grad=True)
    spectral_loss(TorchNamespace(), x, torch.tensor(_TARGET)).backward()
    ours = fg.grad(lambda x: spectral_loss(fnp, x))(_SIGNAL)
    np.testing.assert_allclose(ours, x.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_spectral_loss_against_autograd():
    pytest.importorskip("autograd")
    import autograd
    import autograd.numpy as anp
    expected = autograd.grad(lambda x: spectral_loss(anp, x))(_SIGNAL)
    np.testing.assert_allclose(fg.grad(lambda x: spectral_loss(fnp, x))(_SIGNAL), expected, rtol=1e-9)


def test_complex_input_fft_loss_against_pytorch_is_conjugate():
    torch = pytest.importorskip("torch")
    z = _SIGNAL[0] + 1j * _SIGNAL[1]
    t = torch.tensor(z, requires_grad=True)
    (torch.abs(torch.fft.ifft(t * t)) ** 3).sum().backward()
    ours = fg.grad(lambda z: fnp.sum(fnp.abs(ft.ifft(z * z)) ** 3))(z)
    np.testing.assert_allclose(ours, np.conj(t.grad.numpy()), rtol=1e-9)
    check_grads(lambda z: fnp.abs(ft.ifft(z * z)) ** 3, (z,), order=2)
