"""MyGrad: numpy-backed tensors with backward(). It has no higher-order or forward-mode
derivatives, so hvp, jacobian and nested4 are unsupported; its mlp, chain and elementwise
rows run its backward() (MyGrad has no functional transforms)."""
import mygrad as mg
import numpy as np

from . import programs
from .convert import map_leaves

LABEL = "MyGrad"
MEMORY_VISIBLE = True


def version():
    return mg.__version__


def setup():
    pass


def mlp(inputs):
    loss = programs.mlp_loss(mg, inputs["X"], inputs["onehot"])
    W1, W2 = mg.tensor(inputs["W1"]), mg.tensor(inputs["W2"])

    def call():
        loss(W1, W2).backward()     # a new graph clears the previous grads
        return W1.grad, W2.grad
    return call


def _one_input(program, x):
    x = mg.tensor(x)

    def call():
        program(x).backward()
        return x.grad
    return call


def chain(inputs):
    return _one_input(programs.chain_sum(mg, inputs["steps"]), inputs["x"])


def elementwise(inputs):
    return _one_input(programs.elementwise_sum(mg), inputs["x"])


IMPLEMENTATIONS = {"mlp": mlp, "chain": chain, "elementwise": elementwise}
VARIANTS = {}


def to_numpy(result):
    return map_leaves(result, np.asarray)
