"""The PyTorch-style Tensor facade over funcgrad's primitives.

(The package is called `tensors` because `funcgrad.tensor` is the factory function,
as `torch.tensor` is.) Importing it builds the Tensor class from its parts:

    _core        state, autograd attributes, conversion, printing
    _dispatch    promotion and graph recording: every op goes through it
    _math        arithmetic, elementwise functions, linear algebra, comparisons
    _reductions  sum, mean, var, max..., softmax, cumsum, trace/tril/triu/diag
    _shape       views, indexing, joining, dtype conversion
    _inplace     in-place ops and setitem
    _factories   tensor(), zeros(), arange(), rand()...
    _interop     numpy protocols and the functional transforms' boundary hooks

Most methods are made in loops or share one function among aliases, so their
docstrings live in tables beside them (`_core_docs`, `_math_docs`, `_shape_docs`,
`_inplace_docs`, `_factories_docs`), set when the module is imported: `help()` and
the API page's method index read them from the live class.
"""
from . import _core, _dispatch, _factories, _inplace, _math, _shape  # noqa: F401
from . import _interop
from ._core import Size, Tensor, device, is_tensor, make  # noqa: F401

_math.install()
_shape.install()
_inplace.install()
_interop.install()


def _finish_autograd():
    """Load the parts of funcgrad.autograd that need Tensors; `gradcheck` names the function
    (as torch.autograd.gradcheck does), the module stays importable by its path."""
    from funcgrad import autograd
    from funcgrad.autograd import function, functional, gradcheck as gradcheck_module
    autograd.Function = function.Function
    autograd.functional = functional
    autograd.gradcheck = gradcheck_module.gradcheck
    autograd.gradgradcheck = gradcheck_module.gradgradcheck


_finish_autograd()
