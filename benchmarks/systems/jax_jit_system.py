"""JAX with jax.jit (float64, CPU): the reference for fg.jit (issue 9).

The same derivative functions as jax_system.py, each wrapped in jax.jit. The first call
traces and compiles with XLA; its time is kept in FIRST_CALL for the report.
"""
import time

import jax
import jax.numpy as jnp

from . import programs
from .jax_system import to_numpy, version  # noqa: F401  (configures x64 and the CPU)

LABEL = "JAX (jit)"
MEMORY_VISIBLE = False
FIRST_CALL = {}


def setup():
    pass


def _compiled(name, function, *args):
    jitted = jax.jit(function)
    start = time.perf_counter()
    jax.block_until_ready(jitted(*args))
    FIRST_CALL[name] = time.perf_counter() - start
    return lambda: jax.block_until_ready(jitted(*args))


def mlp(inputs):
    loss = programs.mlp_loss(jnp, jnp.asarray(inputs["X"]), jnp.asarray(inputs["onehot"]))
    return _compiled("mlp", jax.grad(loss, argnums=(0, 1)),
                     jnp.asarray(inputs["W1"]), jnp.asarray(inputs["W2"]))


def chain(inputs):
    return _compiled("chain", jax.grad(programs.chain_sum(jnp, inputs["steps"])),
                     jnp.asarray(inputs["x"]))


def elementwise(inputs):
    return _compiled("elementwise", jax.grad(programs.elementwise_sum(jnp)),
                     jnp.asarray(inputs["x"]))


def hvp(inputs):
    gradient = jax.grad(programs.hvp_objective(jnp, jnp.asarray(inputs["A"])))
    return _compiled("hvp", lambda x, v: jax.jvp(gradient, (x,), (v,))[1],
                     jnp.asarray(inputs["x"]), jnp.asarray(inputs["v"]))


def jacobian(inputs):
    return _compiled("jacobian", jax.jacrev(programs.jacobian_map(jnp, jnp.asarray(inputs["W"]))),
                     jnp.asarray(inputs["x"]))


def nested4(inputs):
    return _compiled("nested4", jax.grad(jax.grad(jax.grad(jax.grad(jnp.tanh)))),
                     jnp.asarray(inputs["x"]))


IMPLEMENTATIONS = {"mlp": mlp, "chain": chain, "elementwise": elementwise, "hvp": hvp,
                   "jacobian": jacobian, "nested4": nested4}
VARIANTS = {}
