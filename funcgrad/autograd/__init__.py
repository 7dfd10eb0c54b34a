"""funcgrad.autograd: PyTorch's torch.autograd API over funcgrad's dynamic graph.

`backward` and `grad` run the engine over the graph that Tensor ops record;
`grad_mode` holds no_grad & co; `graph` the node classes; `Variable` the legacy
wrapper; `Function` custom autograd functions; `functional` jacobian, hessian,
vjp, jvp, hvp, vhp; `gradcheck` / `gradgradcheck` finite-difference checks.
"""
from . import grad_mode, graph  # noqa: F401
from ._api import backward, grad  # noqa: F401
from .anomaly_mode import detect_anomaly, set_detect_anomaly  # noqa: F401
from .grad_mode import (enable_grad, inference_mode, is_grad_enabled,  # noqa: F401
                        is_inference_mode_enabled, no_grad, set_grad_enabled)
from .variable import Variable  # noqa: F401

__all__ = ["backward", "grad", "Variable", "Function", "functional", "gradcheck",
           "gradgradcheck", "no_grad", "enable_grad", "set_grad_enabled", "inference_mode",
           "set_detect_anomaly", "detect_anomaly", "graph", "grad_mode"]

# Function, functional, gradcheck and gradgradcheck are attached by funcgrad.tensors
# (they need the Tensor class): see funcgrad.tensors._finish_autograd.
