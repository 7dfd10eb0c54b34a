"""JAX eager (float64, CPU): jax.grad, jax.jvp, jax.jacrev without jax.jit, so every
operation is dispatched one at a time as an eager user would run it."""
import jax
import jax.numpy as jnp
import numpy as np

from . import programs
from .convert import map_leaves

LABEL = "JAX (eager)"
MEMORY_VISIBLE = False   # XLA's buffers are not allocated through Python's allocator

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")


def version():
    return jax.__version__


def setup():
    pass


def _synchronous(function, *args):
    """A call that waits for JAX's asynchronous dispatch to finish, so it can be timed."""
    return lambda: jax.block_until_ready(function(*args))


def mlp(inputs):
    loss = programs.mlp_loss(jnp, jnp.asarray(inputs["X"]), jnp.asarray(inputs["onehot"]))
    return _synchronous(jax.grad(loss, argnums=(0, 1)),
                        jnp.asarray(inputs["W1"]), jnp.asarray(inputs["W2"]))


def chain(inputs):
    return _synchronous(jax.grad(programs.chain_sum(jnp, inputs["steps"])),
                        jnp.asarray(inputs["x"]))


def elementwise(inputs):
    return _synchronous(jax.grad(programs.elementwise_sum(jnp)), jnp.asarray(inputs["x"]))


def hvp(inputs):
    gradient = jax.grad(programs.hvp_objective(jnp, jnp.asarray(inputs["A"])))
    x, v = jnp.asarray(inputs["x"]), jnp.asarray(inputs["v"])
    return lambda: jax.block_until_ready(jax.jvp(gradient, (x,), (v,))[1])


def jacobian(inputs):
    jac = jax.jacrev(programs.jacobian_map(jnp, jnp.asarray(inputs["W"])))
    return _synchronous(jac, jnp.asarray(inputs["x"]))


def nested4(inputs):
    fourth = jax.grad(jax.grad(jax.grad(jax.grad(jnp.tanh))))
    return _synchronous(fourth, jnp.asarray(inputs["x"]))


IMPLEMENTATIONS = {"mlp": mlp, "chain": chain, "elementwise": elementwise, "hvp": hvp,
                   "jacobian": jacobian, "nested4": nested4}
VARIANTS = {}


def to_numpy(result):
    return map_leaves(result, np.asarray)
