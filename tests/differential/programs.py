"""Real-world functions, each written once as f(B, *params) for every backend.

`PROGRAMS` maps a name to (f, make_params, oracles): make_params(rng) gives the
parameters to differentiate; data are module-level constants. `oracles` names the
reference libraries able to differentiate f (autograd lacks a few functions).
`HESSIANS` maps a name to (f, theta) for f of one parameter vector.
"""
import numpy as np

_rng = np.random.default_rng(2024)
X = _rng.normal(size=(20, 3))
Y_SIGN = np.sign(_rng.normal(size=20))
X_MLP = _rng.normal(size=(16, 4))
ONEHOT = np.eye(3)[_rng.integers(0, 3, 16)]
DATA = _rng.normal(1.0, 2.0, size=30)
T = np.linspace(0.0, 3.0, 25)
CURVE = 2.0 * np.exp(-0.7 * T) + 0.3 + 0.05 * _rng.normal(size=25)
X_GP = _rng.uniform(-2, 2, size=(12, 2))
Y_GP = np.sin(X_GP[:, 0]) + 0.1 * _rng.normal(size=12)
X_RIDGE, Y_RIDGE = _rng.normal(size=(15, 4)), _rng.normal(size=15)
DATA_NAN = np.where(_rng.uniform(size=30) < 0.2, np.nan, DATA)
W_SPEC = np.linspace(1.0, 0.1, 17)
BOTH, JAX = ("jax", "autograd"), ("jax",)


def logistic_regression(B, w, b):
    z = X @ w + b
    return B.np.mean(B.np.logaddexp(0.0, -Y_SIGN * z)) + 0.01 * B.np.sum(w * w)


def softmax_xent_mlp(B, W1, b1, W2, b2):
    h = B.np.tanh(X_MLP @ W1 + b1)
    logits = h @ W2 + b2
    logp = logits - B.lse(logits, axis=1, keepdims=True)
    return -B.np.mean(B.np.sum(ONEHOT * logp, axis=1))


def gaussian_loglik(B, mu, log_sigma):
    z = (DATA - mu) / B.np.exp(log_sigma)
    return B.np.sum(-0.5 * z ** 2 - log_sigma - 0.5 * np.log(2 * np.pi))


def mvn_loglik(B, mu, L_raw):
    cov = L_raw @ L_raw.T + np.eye(3)
    r = X - mu
    sign, logdet = B.slogdet(cov)
    quad = B.np.sum(r * B.solve(cov, r.T).T)
    return -0.5 * quad - 0.5 * X.shape[0] * logdet


def _sq_dists(B, A):
    diff = A[:, None, :] - A[None, :, :]
    return B.np.sum(diff ** 2, axis=-1)


def gp_marginal_likelihood(B, log_ell, log_sf, log_sn):
    K = B.np.exp(2 * log_sf) * B.np.exp(-0.5 * _sq_dists(B, X_GP) / B.np.exp(2 * log_ell))
    K = K + (B.np.exp(2 * log_sn) + 1e-6) * np.eye(len(Y_GP))
    L = B.cholesky(K)
    alpha = B.solve(L.T, B.solve(L, Y_GP))
    return 0.5 * B.np.dot(Y_GP, alpha) + B.np.sum(B.np.log(B.np.diagonal(L, 0, -1, -2)))


def trapezoid_curve_fit(B, a, k, c):
    model = a * B.np.exp(-k * T) + c
    return B.trapezoid((model - CURVE) ** 2, T)


def rbf_kernel(B, A, log_ell):
    K = B.np.exp(-0.5 * _sq_dists(B, A) / B.np.exp(2 * log_ell))
    return B.np.sum(K @ np.arange(1.0, len(K) + 1)) / len(K)


def ridge(B, w):
    r = X_RIDGE @ w - Y_RIDGE
    return B.np.dot(r, r) + 0.3 * B.np.dot(w, w)


def cumprod_survival(B, h):
    survival = B.cumprod(1.0 - 1.0 / (1.0 + B.np.exp(-h)))
    return B.np.sum(survival * np.arange(len(h), 0, -1))


def cumprod_with_zeros(B, x):
    x = B.np.where(np.array([0, 1, 0, 0, 1, 0, 0], dtype=bool), 0.0, x)
    return B.np.sum(B.cumprod(x) * np.arange(1.0, 8.0))


def padded_conv_einsum(B, x, k):
    padded = B.pad(x, 2, "constant")
    windows = B.np.stack([padded[i:i + len(x)] for i in range(5)], axis=1)
    return B.np.sum(B.np.tanh(B.np.einsum("tk,k->t", windows, k)) ** 2)


def padded_conv_reflect(B, x, k):
    padded = B.pad(x, ((0, 0), (2, 2)), mode="reflect")
    windows = B.np.stack([padded[:, i:i + x.shape[1]] for i in range(5)], axis=-1)
    return B.np.sum(B.np.einsum("ctk,k->ct", windows, k) ** 2)


def spectral_loss(B, x):
    power = B.np.abs(B.rfft(x)) ** 2
    return B.np.sum(power * W_SPEC) / len(x)


def robust_median_loss(B, x):
    return B.np.sum(B.np.sqrt((x - B.median(x)) ** 2 + 0.1))


def trimmed_mean_sort(B, x):
    return B.np.mean(B.np.sort(x)[2:-2] ** 2)


def top_k_mean(B, x):
    return B.np.mean(B.take_along_axis(x, B.np.argsort(x)[-3:], 0) ** 2)


def total_variation(B, img):
    dx = B.np.diff(img, axis=1)
    dy = B.np.diff(img, axis=0)
    return B.np.sum(B.np.sqrt(dx ** 2 + 1e-3)) + B.np.sum(B.np.sqrt(dy ** 2 + 1e-3))


def torque(B, r, F):
    return B.np.sum(B.np.cross(r, F) ** 2)


def kron_trace(B, A, C):
    return B.np.trace(B.np.kron(A, C) @ B.np.kron(C, A).T)


def triangular_masks(B, A):
    return B.np.sum(B.np.tril(A @ A.T)) + B.np.sum(B.np.triu(A, 1) ** 2)


def logdet_pd(B, A):
    return B.slogdet(A @ A.T + np.eye(len(A)))[1]


def gaussian_mixture(B, means, logits):
    logw = logits - B.lse(logits)
    comp = -0.5 * (DATA[:, None] - means[None, :]) ** 2 + logw[None, :]
    return B.np.sum(B.lse(comp, axis=1))


def polyval_fit(B, p):
    return B.np.sum((B.polyval(p, T) - CURVE) ** 2)


def interp_loss(B, fp, xq):
    return B.np.sum(B.interp(xq, np.linspace(-1.0, 1.0, 6), fp) ** 2)


def weighted_average(B, x, w):
    return B.average(x ** 2, weights=B.np.exp(w))


def nanmean_loss(B, mu):
    return B.nanmean((DATA_NAN - mu) ** 2)


def circular_smoothness(B, x):
    return B.np.sum((x - B.np.roll(x, 1)) ** 2) + B.np.sum(B.np.roll(x, -2) * x)


def meshgrid_field(B, ax, ay):
    gx, gy = B.meshgrid(ax, ay)
    return B.np.sum(B.np.sin(gx) * B.np.cos(gy) * gx)


def linspace_integral(B, a, b):
    t = B.linspace(a, b, 11)
    return B.np.sum(B.np.exp(-t ** 2)) * (b - a) / 10.0


def standardize(B, x):
    z = (x - B.np.mean(x, axis=0)) / B.np.std(x, axis=0)
    return B.np.sum(z ** 3 * np.arange(1.0, 1.0 + x.shape[1]))


def huber(B, r):
    a = B.np.abs(r)
    return B.np.sum(B.np.where(a < 1.0, 0.5 * r ** 2, a - 0.5))


def attention(B, Q, K, V):
    s = Q @ K.T / np.sqrt(Q.shape[1])
    p = B.np.exp(s - B.lse(s, axis=1, keepdims=True))
    return B.np.sum((p @ V) ** 2)


def norms(B, x, A):
    return B.norm(x) + B.norm(A) + B.norm(x, 3) + B.norm(A, "fro")


def bilinear(B, x, y):
    M = np.arange(12.0).reshape(3, 4) / 10
    return B.np.tensordot(B.np.outer(x, y), M, axes=2) + B.np.inner(x, x)


def from_scalars(B, v):
    a, b = v[0], v[1]
    m = B.np.array([[a, b], [a * b, 2.0]])
    return B.np.sum(B.np.hstack([m, B.np.vstack([a, b])]) ** 2)


def diag_ops(B, v, A):
    return B.np.sum(B.np.diag(v) @ A) + B.np.sum(B.np.diagonal(A @ A, 0, -1, -2))


def prefix_sums(B, x):
    return B.np.sum(B.np.cumsum(x) ** 2) + B.np.sum(B.np.cumsum(x[::-1]) * x)


def relu_net(B, W, x):
    return B.np.sum(B.np.maximum(W @ x, 0.0) ** 2) + B.np.sum(B.np.clip(x, -0.5, 0.5))


def max_pool(B, img):
    return B.np.sum(B.np.max(img.reshape(2, 2, 3, 2), axis=(1, 3)) ** 2)


def range_and_var(B, x):
    return B.ptp(x) + B.np.var(x, axis=0).sum() + B.np.std(x)


def quantile_loss(B, x):
    return B.np.sum(B.quantile(x, np.array([0.1, 0.5, 0.9]), axis=0) ** 2)


def _n(*shape):
    return lambda rng: rng.normal(size=shape)


def _params(*makers):
    return lambda rng: tuple(m(rng) for m in makers)


PROGRAMS = {
    "logistic_regression": (logistic_regression, _params(_n(3), _n()), BOTH),
    "softmax_xent_mlp": (softmax_xent_mlp, _params(_n(4, 5), _n(5), _n(5, 3), _n(3)), BOTH),
    "gaussian_loglik": (gaussian_loglik, _params(_n(), _n()), BOTH),
    "mvn_loglik": (mvn_loglik, _params(_n(3), _n(3, 3)), BOTH),
    "gp_marginal_likelihood": (gp_marginal_likelihood, _params(_n(), _n(), _n()), BOTH),
    "trapezoid_curve_fit": (trapezoid_curve_fit, _params(_n(), _n(), _n()), BOTH),
    "rbf_kernel": (rbf_kernel, _params(_n(6, 2), _n()), BOTH),
    "ridge": (ridge, _params(_n(4)), BOTH),
    "cumprod_survival": (cumprod_survival, _params(_n(9)), BOTH),
    "cumprod_with_zeros": (cumprod_with_zeros, _params(_n(7)), BOTH),
    "padded_conv_einsum": (padded_conv_einsum, _params(_n(10), _n(5)), BOTH),
    "padded_conv_reflect": (padded_conv_reflect, _params(_n(2, 8), _n(5)), JAX),
    "spectral_loss": (spectral_loss, _params(_n(32)), BOTH),
    "robust_median_loss": (robust_median_loss, _params(_n(9)), BOTH),
    "trimmed_mean_sort": (trimmed_mean_sort, _params(_n(10)), BOTH),
    "top_k_mean": (top_k_mean, _params(_n(8)), JAX),
    "total_variation": (total_variation, _params(_n(5, 6)), BOTH),
    "torque": (torque, _params(_n(4, 3), _n(4, 3)), BOTH),
    "kron_trace": (kron_trace, _params(_n(2, 3), _n(3, 2)), BOTH),
    "triangular_masks": (triangular_masks, _params(_n(4, 4)), BOTH),
    "logdet_pd": (logdet_pd, _params(_n(4, 4)), BOTH),
    "gaussian_mixture": (gaussian_mixture, _params(_n(3), _n(3)), BOTH),
    "polyval_fit": (polyval_fit, _params(_n(4)), BOTH),
    "interp_loss": (interp_loss, _params(_n(6), lambda rng: rng.uniform(-1.3, 1.3, 9)), JAX),
    "weighted_average": (weighted_average, _params(_n(7), _n(7)), BOTH),
    "nanmean_loss": (nanmean_loss, _params(_n()), BOTH),
    "circular_smoothness": (circular_smoothness, _params(_n(8)), BOTH),
    "meshgrid_field": (meshgrid_field, _params(_n(4), _n(3)), BOTH),
    "linspace_integral": (linspace_integral, _params(_n(), _n()), BOTH),
    "standardize": (standardize, _params(_n(6, 3)), BOTH),
    "huber": (huber, _params(lambda rng: rng.normal(0, 2, 9)), BOTH),
    "attention": (attention, _params(_n(5, 4), _n(6, 4), _n(6, 3)), BOTH),
    "norms": (norms, _params(_n(5), _n(3, 4)), BOTH),
    "bilinear": (bilinear, _params(_n(3), _n(4)), BOTH),
    "from_scalars": (from_scalars, _params(_n(2)), BOTH),
    "diag_ops": (diag_ops, _params(_n(3), _n(3, 3)), BOTH),
    "prefix_sums": (prefix_sums, _params(_n(6)), BOTH),
    "relu_net": (relu_net, _params(_n(5, 4), _n(4)), BOTH),
    "max_pool": (max_pool, _params(_n(4, 6)), BOTH),
    "range_and_var": (range_and_var, _params(_n(5, 3)), BOTH),
    "quantile_loss": (quantile_loss, _params(_n(7, 2)), JAX),
}


def _unpacked(f, sizes):
    def g(B, theta):
        parts, at = [], 0
        for shape in sizes:
            n = int(np.prod(shape))
            parts.append(theta[at:at + n].reshape(shape) if shape else theta[at])
            at += n
        return f(B, *parts)
    return g


ALL = ("jax", "autograd")
HESSIANS = {    # name: (f of one vector, its size, the oracles to compare with)
    "logistic_regression": (_unpacked(logistic_regression, [(3,), ()]), 4, ALL),
    "gaussian_loglik": (_unpacked(gaussian_loglik, [(), ()]), 2, ALL),
    "trapezoid_curve_fit": (_unpacked(trapezoid_curve_fit, [(), (), ()]), 3, ALL),
    "cumprod_with_zeros": (_unpacked(cumprod_with_zeros, [(7,)]), 7, ALL),
    # XLA compiles these slowly on the CPU: autograd alone checks them
    "gp_marginal_likelihood": (_unpacked(gp_marginal_likelihood, [(), (), ()]), 3, ("autograd",)),
    "softmax_xent_mlp": (_unpacked(softmax_xent_mlp, [(4, 2), (2,), (2, 3), (3,)]), 19, ("autograd",)),
    "spectral_loss": (_unpacked(spectral_loss, [(32,)]), 32, ("autograd",)),
    "gaussian_mixture": (_unpacked(gaussian_mixture, [(3,), (3,)]), 6, ("autograd",)),
    "mvn_loglik": (_unpacked(mvn_loglik, [(3,), (3, 3)]), 12, ("autograd",)),
}
