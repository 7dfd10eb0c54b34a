"""funcgrad: automatic differentiation of numpy (and cupy) code.

Functional core: `grad`, `value_and_grad`, `vjp`, `jvp`, `jacfwd`, `jacrev`,
`jacobian`, `hessian`, with `argnums`, `has_aux` and pytrees; nest them to any
order. `funcgrad.numpy` mirrors numpy's namespace with traceable ops.
"""
from . import numpy  # noqa: F401  (registers the primitives and tracer methods)
from .numpy._core import stop_gradient  # noqa: F401
from .debug import debug_nans, set_debug_nans  # noqa: F401
from .tape import Tape  # noqa: F401
from .transforms import (grad, value_and_grad, vjp, jvp, linearize, jacrev, jacfwd,  # noqa: F401
                         jacobian, hessian, hvp, make_tape, custom_vjp, custom_jvp, checkpoint,
                         vmap)
from .tree import flatten as tree_flatten, unflatten as tree_unflatten, tree_map  # noqa: F401

__version__ = "0.1.0"

# ---- the PyTorch-style Tensor facade (funcgrad.tensors, funcgrad.autograd) ----------
from . import autograd, nn  # noqa: E402,F401
from ._facade_namespace import *  # noqa: E402,F401,F403
from ._facade_namespace import __all__ as _facade_all  # noqa: E402
from .jit import jit  # noqa: E402,F401
