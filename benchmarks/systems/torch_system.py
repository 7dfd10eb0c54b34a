"""PyTorch (CPU, eager, float64): torch.autograd.grad for the functional workloads,
backward() for the tensor_* ones, torch.func for forward-over-reverse, and the classic
eager APIs for jacobian and nested4 (with torch.func alternatives as variants)."""
import torch

from . import programs
from .convert import map_leaves, tensor_to_numpy

LABEL = "PyTorch"
MEMORY_VISIBLE = False   # tensors live in c10's allocator, which tracemalloc does not see


def version():
    return torch.__version__


def setup():
    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:   # only settable before torch's first parallel work
        pass


def _constant(array):
    return torch.tensor(array)


def _leaf(array):
    return torch.tensor(array, requires_grad=True)


def mlp(inputs):
    X, onehot = _constant(inputs["X"]), _constant(inputs["onehot"])
    W1, W2 = _leaf(inputs["W1"]), _leaf(inputs["W2"])
    return lambda: torch.autograd.grad(programs.mlp_loss_tensor(X, onehot, W1, W2), (W1, W2))


def chain(inputs):
    x, steps = _leaf(inputs["x"]), inputs["steps"]
    return lambda: torch.autograd.grad(programs.chain_sum_tensor(x, steps), x)[0]


def elementwise(inputs):
    x = _leaf(inputs["x"])
    return lambda: torch.autograd.grad(programs.elementwise_sum_tensor(x), x)[0]


def hvp(inputs):
    """Forward-over-reverse: torch.func.jvp of torch.func.grad."""
    gradient = torch.func.grad(programs.hvp_objective_tensor(_constant(inputs["A"])))
    x, v = _constant(inputs["x"]), _constant(inputs["v"])
    return lambda: torch.func.jvp(gradient, (x,), (v,))[1]


def hvp_double_backward(inputs):
    """Reverse-over-reverse, the classic eager idiom: grad with create_graph, then grad of g.v."""
    objective = programs.hvp_objective_tensor(_constant(inputs["A"]))
    x, v = _leaf(inputs["x"]), _constant(inputs["v"])

    def call():
        (gradient,) = torch.autograd.grad(objective(x), x, create_graph=True)
        return torch.autograd.grad(gradient @ v, x)[0]
    return call


def jacobian(inputs):
    """torch.autograd.functional.jacobian: one backward pass per output row."""
    f = programs.jacobian_map_tensor(_constant(inputs["W"]))
    x = _constant(inputs["x"])
    return lambda: torch.autograd.functional.jacobian(f, x)


def jacobian_func(inputs):
    jac = torch.func.jacrev(programs.jacobian_map_tensor(_constant(inputs["W"])))
    x = _constant(inputs["x"])
    return lambda: jac(x)


def nested4(inputs):
    """torch.autograd.grad nested four times, create_graph=True for the inner three."""
    x = torch.tensor(inputs["x"], dtype=torch.float64, requires_grad=True)

    def call():
        derivative = torch.tanh(x)
        for order in range(4):
            (derivative,) = torch.autograd.grad(derivative, x, create_graph=order < 3)
        return derivative
    return call


def nested4_func(inputs):
    fourth = torch.func.grad(torch.func.grad(torch.func.grad(torch.func.grad(torch.tanh))))
    x = torch.tensor(inputs["x"], dtype=torch.float64)
    return lambda: fourth(x)


IMPLEMENTATIONS = {"mlp": mlp, "chain": chain, "elementwise": elementwise, "hvp": hvp,
                   "jacobian": jacobian, "nested4": nested4,
                   **programs.backward_builders(torch)}
VARIANTS = {
    "hvp": {"autograd.grad twice (reverse-over-reverse)": hvp_double_backward},
    "jacobian": {"torch.func.jacrev": jacobian_func},
    "nested4": {"torch.func.grad x4": nested4_func},
}


def to_numpy(result):
    return map_leaves(result, tensor_to_numpy)
