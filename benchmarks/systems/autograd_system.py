"""HIPS autograd: autograd.grad, forward-over-reverse via make_jvp, autograd.jacobian
(one backward pass per output row) on autograd.numpy code."""
import autograd
import autograd.numpy as anp
import numpy as np
from autograd.differential_operators import make_hvp, make_jvp

from . import programs
from .convert import map_leaves

LABEL = "autograd"
MEMORY_VISIBLE = True


def version():
    from importlib.metadata import version as installed_version
    return installed_version("autograd")


def setup():
    pass


def mlp(inputs):
    loss = programs.mlp_loss(anp, inputs["X"], inputs["onehot"])
    gradient = autograd.grad(loss, argnum=(0, 1))
    W1, W2 = inputs["W1"], inputs["W2"]
    return lambda: gradient(W1, W2)


def chain(inputs):
    gradient = autograd.grad(programs.chain_sum(anp, inputs["steps"]))
    x = inputs["x"]
    return lambda: gradient(x)


def elementwise(inputs):
    gradient = autograd.grad(programs.elementwise_sum(anp))
    x = inputs["x"]
    return lambda: gradient(x)


def hvp(inputs):
    gradient = autograd.grad(programs.hvp_objective(anp, inputs["A"]))
    x, v = inputs["x"], inputs["v"]
    return lambda: make_jvp(gradient)(x)(v)[1]


def hvp_reverse_over_reverse(inputs):
    objective = programs.hvp_objective(anp, inputs["A"])
    x, v = inputs["x"], inputs["v"]
    return lambda: make_hvp(objective)(x)[0](v)


def jacobian(inputs):
    jac = autograd.jacobian(programs.jacobian_map(anp, inputs["W"]))
    x = inputs["x"]
    return lambda: jac(x)


def nested4(inputs):
    fourth = autograd.grad(autograd.grad(autograd.grad(autograd.grad(anp.tanh))))
    x = inputs["x"]
    return lambda: fourth(x)


IMPLEMENTATIONS = {"mlp": mlp, "chain": chain, "elementwise": elementwise, "hvp": hvp,
                   "jacobian": jacobian, "nested4": nested4}
VARIANTS = {"hvp": {"make_hvp (reverse-over-reverse)": hvp_reverse_over_reverse}}


def to_numpy(result):
    return map_leaves(result, np.asarray)
