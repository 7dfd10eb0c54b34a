"""funcgrad: automatic differentiation of numpy (and cupy) code.

Functional core: `grad`, `value_and_grad`, `vjp`, `jvp`, `linearize`, `jacfwd`,
`jacrev`, `jacobian`, `hessian`, `hvp`, `vmap`, with `argnums`, `has_aux` and pytrees;
nest them to any order. `custom_vjp`, `custom_jvp` and `checkpoint` change how a
function is differentiated, `stop_gradient` makes a value constant, `make_tape` shows
what is recorded, `debug_nans` names the op that made a NaN and `jit` compiles.
`funcgrad.numpy` (and `funcgrad.scipy`) mirror numpy's (scipy's) namespace with
traceable ops. The rest of this namespace is the PyTorch-style Tensor facade
(`tensor`, `Tensor.backward`, `autograd`, `nn`), so `import funcgrad as torch` runs
PyTorch autograd programs.
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
