"""The benchmark problems: their inputs, their numpy "floor" gradients and funcgrad's targets.

A workload is one gradient-like computation (issue 6). For each one this module holds:
  - `make_inputs()`: deterministic float64 inputs (a fixed seed), as a dict of numpy arrays;
  - a floor: the same derivative written by hand in plain numpy, i.e. the kernels any
    autodiff system must run at least. Every system's answer is checked against it, and
    every system's time is reported as a ratio to it (timed in the same process);
  - funcgrad's target ratio from issue 6.

The "tensor_*" workloads share inputs and floor with their functional counterpart; they
differ only in how a system is driven (a Tensor facade's `backward()` instead of a
functional transform), which the system modules in benchmarks/systems/ decide.
"""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

SEED = 0

MLP_BATCH, MLP_IN, MLP_HIDDEN, MLP_OUT = 128, 784, 256, 10
CHAIN_STEPS, CHAIN_WIDTH = 200, 16
ELEMENTWISE_SIZE = 10**6
HVP_SIZE = 300
JACOBIAN_SIZE = 100
NESTED_POINT = 0.3


@dataclass(frozen=True)
class Workload:
    name: str
    description: str
    make_inputs: Callable[[], dict]
    floor: Callable[[dict], object]
    target: Optional[float] = None          # funcgrad's ratio-to-floor target (issue 6)
    memory_target: Optional[float] = None   # funcgrad's peak-memory-ratio target
    tensor_style: bool = False              # driven through a Tensor facade's backward()


def _rng():
    return np.random.default_rng(SEED)


# ---- mlp: softmax cross-entropy of a 784-256-10 tanh MLP ------------------------------

def mlp_inputs():
    rng = _rng()
    labels = rng.integers(0, MLP_OUT, size=MLP_BATCH)
    return {
        "X": rng.standard_normal((MLP_BATCH, MLP_IN)),
        "W1": rng.standard_normal((MLP_IN, MLP_HIDDEN)) / np.sqrt(MLP_IN),
        "W2": rng.standard_normal((MLP_HIDDEN, MLP_OUT)) / np.sqrt(MLP_HIDDEN),
        "onehot": np.eye(MLP_OUT)[labels],
    }


def mlp_floor(inputs):
    """d/d(W1, W2) of mean_b [logsumexp(z_b) - z_b . onehot_b], z = tanh(X W1) W2."""
    X, W1, W2, onehot = inputs["X"], inputs["W1"], inputs["W2"], inputs["onehot"]
    hidden = np.tanh(X @ W1)
    logits = hidden @ W2
    exp_logits = np.exp(logits)
    softmax = exp_logits / exp_logits.sum(axis=1, keepdims=True)
    d_logits = (softmax - onehot) / X.shape[0]
    d_pre = (d_logits @ W2.T) * (1.0 - hidden * hidden)
    return X.T @ d_pre, hidden.T @ d_logits


# ---- chain: many dependent tiny ops on a 16-vector ---------------------------------------

def chain_inputs(steps=CHAIN_STEPS, width=CHAIN_WIDTH):
    return {"x": _rng().standard_normal(width), "steps": steps}


def chain_floor(inputs):
    """d/dx sum(x_n) where x_{k+1} = sin(x_k) * 0.9 + 0.1 * x_k."""
    x, steps = inputs["x"], inputs["steps"]
    local_slopes = []
    for _ in range(steps):
        local_slopes.append(np.cos(x) * 0.9 + 0.1)
        x = np.sin(x) * 0.9 + 0.1 * x
    gradient = np.ones_like(x)
    for slope in reversed(local_slopes):
        gradient = gradient * slope
    return gradient


# ---- elementwise: a memory-bound expression on 10^6 elements -----------------------------

def elementwise_inputs(size=ELEMENTWISE_SIZE):
    return {"x": _rng().standard_normal(size)}


def elementwise_floor(inputs):
    """d/dx sum(tanh(x) * sin(x) + exp(-x*x))."""
    x = inputs["x"]
    tanh_x, sin_x = np.tanh(x), np.sin(x)
    return (1.0 - tanh_x * tanh_x) * sin_x + tanh_x * np.cos(x) - 2.0 * x * np.exp(-x * x)


# ---- hvp: Hessian-vector product, forward-over-reverse ----------------------------------

def hvp_inputs():
    rng = _rng()
    return {
        "A": rng.standard_normal((HVP_SIZE, HVP_SIZE)) / np.sqrt(HVP_SIZE),
        "x": rng.standard_normal(HVP_SIZE),
        "v": rng.standard_normal(HVP_SIZE),
    }


def hvp_floor(inputs):
    """H v for f(x) = sum(tanh(A x) ** 2): A^T [2 (1 - 3t^2)(1 - t^2) (A v)], t = tanh(A x)."""
    A, x, v = inputs["A"], inputs["x"], inputs["v"]
    t = np.tanh(A @ x)
    t_squared = t * t
    return A.T @ (2.0 * (1.0 - 3.0 * t_squared) * (1.0 - t_squared) * (A @ v))


# ---- jacobian: full Jacobian of R^100 -> R^100 -------------------------------------------

def jacobian_inputs():
    rng = _rng()
    return {
        "W": rng.standard_normal((JACOBIAN_SIZE, JACOBIAN_SIZE)) / np.sqrt(JACOBIAN_SIZE),
        "x": rng.standard_normal(JACOBIAN_SIZE),
    }


def jacobian_floor(inputs):
    """J of f(x) = tanh(W x) * x: diag(t) + (x (1 - t^2))[:, None] * W."""
    W, x = inputs["W"], inputs["x"]
    t = np.tanh(W @ x)
    return np.diag(t) + (x * (1.0 - t * t))[:, None] * W


# ---- nested4: fourth derivative of tanh at a scalar -------------------------------------

def nested4_inputs():
    return {"x": NESTED_POINT}


def nested4_floor(inputs):
    """tanh''''(x) = 8 t (1 - t^2)(2 - 3 t^2), t = tanh(x)."""
    t = np.tanh(inputs["x"])
    t_squared = t * t
    return 8.0 * t * (1.0 - t_squared) * (2.0 - 3.0 * t_squared)


_FUNCTIONAL = [
    Workload("mlp", "softmax cross-entropy of a 784-256-10 tanh MLP, batch 128, "
             "grad w.r.t. both weight matrices (BLAS-bound)",
             mlp_inputs, mlp_floor, target=1.3, memory_target=1.5),
    Workload("chain", f"{CHAIN_STEPS} dependent steps x = sin(x)*0.9 + 0.1*x on a "
             f"{CHAIN_WIDTH}-vector, then sum (overhead-bound)",
             chain_inputs, chain_floor, target=4.0),
    Workload("elementwise", "sum(tanh(x)*sin(x) + exp(-x*x)), 10^6 elements (memory-bound)",
             elementwise_inputs, elementwise_floor, target=1.3, memory_target=1.5),
    Workload("hvp", f"Hessian-vector product of sum(tanh(A@x)**2), n={HVP_SIZE}, "
             "forward-over-reverse", hvp_inputs, hvp_floor, target=4.0),
    Workload("jacobian", f"full Jacobian of tanh(W@x)*x, R^{JACOBIAN_SIZE} -> R^{JACOBIAN_SIZE}",
             jacobian_inputs, jacobian_floor, target=15.0),
    Workload("nested4", "4th derivative of tanh at a scalar, grad nested 4 times",
             nested4_inputs, nested4_floor, target=150.0),
]


def _tensor_version(workload):
    return Workload("tensor_" + workload.name,
                    workload.description.split(" (")[0] + ", through a Tensor facade's backward()",
                    workload.make_inputs, workload.floor, workload.target,
                    workload.memory_target, tensor_style=True)


WORKLOADS = {w.name: w for w in _FUNCTIONAL}
WORKLOADS.update({t.name: t for t in
                  (_tensor_version(WORKLOADS[name]) for name in ("mlp", "chain", "elementwise"))})

# Ratios to the floor that issue 6 quotes for the peers (measured by the issue's author).
ISSUE_PEER_RATIOS = {
    "mlp": {"autograd": 2.4, "torch": 1.5, "jax": 8.3, "mygrad": 1.4},
    "chain": {"autograd": 14, "torch": 5.9, "jax": 168, "mygrad": 28},
    "elementwise": {"autograd": 1.4, "torch": 0.8, "jax": 1.8, "mygrad": 1.8},
    "hvp": {"autograd": 9.9, "torch": 5.2, "jax": 97},
    "jacobian": {"autograd": 238, "torch": 105, "jax": 489},
    "nested4": {"autograd": 1079, "torch": 281, "jax": 40840},
}


# fg.jit's targets (issue 9): ratio to the floor of the jitted derivative, one thread; and
# the jax.jit ratios the issue quotes.
JIT_TARGETS = {"mlp": 1.0, "chain": 1.0, "elementwise": 0.7, "hvp": 1.5, "jacobian": 3.0,
               "nested4": 20.0}
ISSUE_JAX_JIT_RATIOS = {"mlp": 0.67, "chain": 0.07, "elementwise": 0.37, "hvp": 2.0,
                        "jacobian": 4.4, "nested4": 30}


def answers_match(got, want):
    """Same structure, same shapes, equal to float64 round-off (scaled by the answer's size)."""
    got_leaves, want_leaves = _leaves(got), _leaves(want)
    if len(got_leaves) != len(want_leaves):
        return False
    for g, w in zip(got_leaves, want_leaves):
        g, w = np.asarray(g), np.asarray(w)
        if g.shape != w.shape:
            return False
        scale = float(np.max(np.abs(w))) if w.size else 1.0
        if not np.allclose(g, w, rtol=1e-6, atol=1e-9 * scale + 1e-12):
            return False
    return True


def max_abs_error(got, want):
    """Largest absolute difference between two answers of the same structure (for reports)."""
    try:
        return max(float(np.max(np.abs(np.asarray(g) - np.asarray(w))))
                   for g, w in zip(_leaves(got), _leaves(want)))
    except (ValueError, TypeError):
        return float("nan")


def _leaves(answer):
    if isinstance(answer, (tuple, list)):
        return [leaf for item in answer for leaf in _leaves(item)]
    return [answer]
