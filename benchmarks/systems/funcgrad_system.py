"""funcgrad: the functional transforms (fg.grad, fg.jvp, fg.jacrev) on funcgrad.numpy code,
and, for the tensor_* workloads, the PyTorch-style Tensor facade's backward()."""
import numpy as np

import funcgrad as fg
import funcgrad.numpy as fnp

from . import Unavailable, programs
from .convert import map_leaves, tensor_to_numpy

LABEL = "funcgrad"
MEMORY_VISIBLE = True


def version():
    return fg.__version__


def setup():
    pass


def mlp(inputs):
    loss = programs.mlp_loss(fnp, inputs["X"], inputs["onehot"])
    gradient = fg.grad(loss, argnums=(0, 1))
    W1, W2 = inputs["W1"], inputs["W2"]
    return lambda: gradient(W1, W2)


def chain(inputs):
    gradient = fg.grad(programs.chain_sum(fnp, inputs["steps"]))
    x = inputs["x"]
    return lambda: gradient(x)


def elementwise(inputs):
    gradient = fg.grad(programs.elementwise_sum(fnp))
    x = inputs["x"]
    return lambda: gradient(x)


def hvp(inputs):
    gradient = fg.grad(programs.hvp_objective(fnp, inputs["A"]))
    x, v = inputs["x"], inputs["v"]
    return lambda: fg.jvp(gradient, (x,), (v,))[1]


def jacobian(inputs):
    jac = fg.jacrev(programs.jacobian_map(fnp, inputs["W"]))
    x = inputs["x"]
    return lambda: jac(x)


def nested4(inputs):
    fourth = fg.grad(fg.grad(fg.grad(fg.grad(fnp.tanh))))
    x = inputs["x"]
    return lambda: fourth(x)


def _tensor_facade_builders():
    """The Tensor workloads' builders, or builders that report the facade as missing."""
    missing = [name for name in ("tensor", "Tensor") if not hasattr(fg, name)]
    if not missing:
        return programs.backward_builders(fg)

    def unavailable(inputs):
        raise Unavailable("funcgrad's Tensor facade is not importable yet "
                          f"(funcgrad has no {', '.join(missing)})")
    return {name: unavailable for name in ("tensor_mlp", "tensor_chain", "tensor_elementwise")}


IMPLEMENTATIONS = {"mlp": mlp, "chain": chain, "elementwise": elementwise, "hvp": hvp,
                   "jacobian": jacobian, "nested4": nested4, **_tensor_facade_builders()}
VARIANTS = {}


def to_numpy(result):
    return map_leaves(result, lambda leaf: tensor_to_numpy(leaf) if hasattr(leaf, "detach")
                      else np.asarray(leaf))
