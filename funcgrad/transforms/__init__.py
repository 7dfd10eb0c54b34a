"""Transforms: interpreters over traced programs, and the user-facing API built on them."""
from .api import (grad, value_and_grad, vjp, jvp, linearize, jacrev, jacfwd, jacobian,  # noqa: F401
                  hessian, hvp, make_tape)
from .custom import custom_vjp, custom_jvp, checkpoint  # noqa: F401
from .batching import vmap  # noqa: F401
