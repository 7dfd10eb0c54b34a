"""funcgrad with fg.jit (issue 9): the functional workloads' derivative functions, jitted.

Each builder makes the same derivative function as funcgrad_system.py, wraps it in
fg.jit and calls it once (trace + optimize + generate code + run): that first call's
time is kept in FIRST_CALL for the report, and the timed calls replay the compiled
program. The Tensor-facade workloads drive backward(), which fg.jit does not compile.
"""
import time

import funcgrad as fg
import funcgrad.numpy as fnp

from . import programs
from .funcgrad_system import to_numpy  # noqa: F401  (same results as eager funcgrad)

LABEL = "funcgrad (jit)"
MEMORY_VISIBLE = True
FIRST_CALL = {}   # workload -> seconds of the first call (trace, optimize, compile, run)


def version():
    try:
        import numexpr
        return f"{fg.__version__} (numexpr {numexpr.__version__})"
    except ImportError:
        return f"{fg.__version__} (no numexpr)"


def setup():
    pass


def _compiled(name, jitted, *args):
    """Time the first call of `jitted` (it compiles), then return the timed call."""
    start = time.perf_counter()
    jitted(*args)
    FIRST_CALL[name] = time.perf_counter() - start
    return lambda: jitted(*args)


def mlp(inputs):
    loss = programs.mlp_loss(fnp, inputs["X"], inputs["onehot"])
    return _compiled("mlp", fg.jit(fg.grad(loss, argnums=(0, 1))), inputs["W1"], inputs["W2"])


def chain(inputs):
    gradient = fg.jit(fg.grad(programs.chain_sum(fnp, inputs["steps"])))
    return _compiled("chain", gradient, inputs["x"])


def elementwise(inputs):
    return _compiled("elementwise", fg.jit(fg.grad(programs.elementwise_sum(fnp))), inputs["x"])


def hvp(inputs):
    gradient = fg.grad(programs.hvp_objective(fnp, inputs["A"]))
    hessian_vector = fg.jit(lambda x, v: fg.jvp(gradient, (x,), (v,))[1])
    return _compiled("hvp", hessian_vector, inputs["x"], inputs["v"])


def jacobian(inputs):
    jac = fg.jit(fg.jacrev(programs.jacobian_map(fnp, inputs["W"])))
    return _compiled("jacobian", jac, inputs["x"])


def nested4(inputs):
    fourth = fg.jit(fg.grad(fg.grad(fg.grad(fg.grad(fnp.tanh)))))
    return _compiled("nested4", fourth, inputs["x"])


IMPLEMENTATIONS = {"mlp": mlp, "chain": chain, "elementwise": elementwise, "hvp": hvp,
                   "jacobian": jacobian, "nested4": nested4}
VARIANTS = {}
