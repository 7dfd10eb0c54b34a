"""The names `funcgrad` carries at its top level for the Tensor facade, as torch does.

`import funcgrad as torch` then finds tensor, zeros, float32, no_grad, add, exp, sum...
(funcgrad's functional `grad`, `vjp`, `jvp`, `hessian` stay as they are: the
PyTorch-style ones live in `funcgrad.autograd`).
"""
import inspect
import re

from funcgrad import _dtypes
from funcgrad import _tensor_str
from funcgrad.autograd.grad_mode import (enable_grad, inference_mode, is_grad_enabled,  # noqa: F401
                                         is_inference_mode_enabled, no_grad, set_grad_enabled)
from funcgrad.tensors import _factories, _math, _return_types as return_types, _shape  # noqa: F401
from funcgrad.tensors._core import Size, Tensor, device, is_tensor  # noqa: F401
from funcgrad.tensors._interop import from_dlpack  # noqa: F401
from funcgrad.tensors._devices import get_default_device, set_default_device  # noqa: F401
from funcgrad import cuda, utils  # noqa: F401

float16 = half = _dtypes.float16
float32 = _dtypes.float32
float64 = double = _dtypes.float64
complex64 = cfloat = _dtypes.complex64
complex128 = cdouble = _dtypes.complex128
uint8 = _dtypes.uint8
int8 = _dtypes.int8
int16 = short = _dtypes.int16
int32 = _dtypes.int32
int64 = long = _dtypes.int64
dtype = _dtypes.dtype
set_default_dtype = _dtypes.set_default_dtype
get_default_dtype = _dtypes.get_default_dtype
set_printoptions = _tensor_str.set_printoptions
get_printoptions = _tensor_str.get_printoptions
promote_types = _dtypes.promote_types

globals()["float"] = _dtypes.float32
globals()["int"] = _dtypes.int32
globals()["bool"] = _dtypes.bool_

_FACTORIES = ["tensor", "as_tensor", "from_numpy", "zeros", "ones", "full", "empty", "eye",
              "arange", "linspace", "logspace", "rand", "randn", "randint", "randperm",
              "zeros_like", "ones_like", "full_like", "empty_like", "rand_like", "randn_like",
              "randint_like", "manual_seed", "seed", "initial_seed", "Generator",
              "FloatTensor", "DoubleTensor", "LongTensor", "IntTensor", "BoolTensor",
              "HalfTensor", "ByteTensor", "scalar_tensor"]
globals().update({name: getattr(_factories, name) for name in _FACTORIES})
default_generator = _factories.default_generator


def _as_tensor(x):
    return x if isinstance(x, Tensor) else _factories.tensor(x)


_SECTION = re.compile(r"^\w[\w ]*\n-{3,}$", re.M)


def _function_doc(method, name):
    """The docstring of funcgrad.<name>: the method's, with `input` (the method's self)
    documented first among the parameters."""
    doc = inspect.cleandoc(method.__doc__ or "")
    entry = (f"input : Tensor or array_like\n    The tensor to operate on: "
             f"``funcgrad.{name}(input, ...)`` is ``input.{name}(...)``; other values "
             f"are converted with funcgrad.tensor first.\n")
    header = "Parameters\n----------\n"
    if header in doc:
        return doc.replace(header, header + entry, 1)
    first = _SECTION.search(doc)
    at = first.start() if first else len(doc)
    return doc[:at].rstrip("\n") + "\n\n" + header + entry + "\n" + doc[at:]


def _function(method, name):
    """funcgrad.<op>(input, ...) from the Tensor method."""
    def fn(input, *args, **kwargs):
        return method(_as_tensor(input), *args, **kwargs)
    fn.__name__ = method.__name__
    fn.__doc__ = _function_doc(method, name)
    return fn


_MATH = ["add", "sub", "subtract", "mul", "multiply", "div", "divide", "true_divide",
         "floor_divide", "remainder", "fmod", "neg", "negative", "square", "matmul", "mm",
         "mv", "dot", "bmm", "outer", "ger", "exp", "log", "log1p", "expm1", "sqrt", "rsqrt",
         "sin", "cos", "tan", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "atan2",
         "arctan2", "sinh", "cosh", "tanh", "sigmoid", "abs", "absolute", "reciprocal", "exp2",
         "log2", "log10", "erf", "floor", "ceil", "trunc", "fix", "sign", "round", "relu",
         "clamp", "clip", "clamp_min", "clamp_max", "maximum", "minimum", "lerp", "masked_fill",
         "sum", "mean", "var", "std", "prod", "norm", "logsumexp", "amax", "amin", "argmax",
         "argmin", "softmax", "log_softmax", "cumsum", "trace", "tril", "triu", "diag", "eq",
         "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal",
         "not_equal", "logical_and", "logical_or", "logical_xor", "logical_not",
         "bitwise_not", "bitwise_and", "bitwise_or", "bitwise_xor", "equal", "allclose",
         "isclose", "isnan", "isinf", "isfinite", "all", "any", "count_nonzero", "nonzero",
         "max", "min"]
_SHAPE = ["reshape", "flatten", "unflatten", "unsqueeze", "squeeze", "permute", "transpose",
          "swapaxes", "swapdims", "t", "movedim", "moveaxis", "broadcast_to", "flip", "roll",
          "narrow", "select", "index_select", "gather", "take", "masked_select", "split",
          "chunk", "tensor_split", "unbind", "sort", "argsort", "topk", "clone"]
globals().update({name: _function(_math.METHODS[name], name) for name in _MATH})
globals().update({name: _function(_shape.METHODS[name], name) for name in _SHAPE})

where = _math.where
addmm = _math.addmm
einsum = _math.einsum
cat = concat = concatenate = _shape.cat
stack = _shape.stack
hstack = _shape.hstack
vstack = _shape.vstack


def pow(input, exponent):
    """``input ** exponent``, elementwise; the base may be a number (``pow(2, x)``).

    Parameters
    ----------
    input : Tensor or number
        The base.
    exponent : Tensor or number
        The exponent; it broadcasts against the base.

    Returns
    -------
    Tensor
        A new tensor.

    Notes
    -----
    Records ``PowBackward0`` (number exponent), ``PowBackward1`` (tensor exponent)
    or ``PowBackward2`` (number base); see `Tensor.pow`.
    """
    if isinstance(input, Tensor):
        return _math.pow(input, exponent)
    return _math.rpow(_as_tensor(exponent), input)


def is_anomaly_enabled():
    """Whether anomaly detection is on (inside `funcgrad.autograd.detect_anomaly`).

    Returns
    -------
    bool
    """
    from funcgrad.autograd.anomaly_mode import is_anomaly_enabled as enabled
    return enabled()


def is_anomaly_check_nan_enabled():
    """Whether anomaly detection also checks backward results for nan.

    Returns
    -------
    bool
        True inside ``detect_anomaly(check_nan=True)`` (the default).
    """
    from funcgrad.autograd.anomaly_mode import is_anomaly_check_nan_enabled as enabled
    return enabled()


def numel(input):
    """The number of elements of a tensor.

    Parameters
    ----------
    input : Tensor
        The tensor.

    Returns
    -------
    int
    """
    return input.numel()


def is_floating_point(input):
    """Whether a tensor's dtype is a floating point one (float16, float32, float64).

    Parameters
    ----------
    input : Tensor
        The tensor.

    Returns
    -------
    bool
    """
    return input.is_floating_point()


def is_complex(input):
    """Whether a tensor's dtype is complex.

    Parameters
    ----------
    input : Tensor
        The tensor.

    Returns
    -------
    bool
    """
    return input.is_complex()


def result_type(tensor1, tensor2):
    """The dtype PyTorch's promotion gives an arithmetic op on the two operands.

    Parameters
    ----------
    tensor1 : Tensor or number
        The first operand.
    tensor2 : Tensor or number
        The second operand.

    Returns
    -------
    funcgrad.dtype
        The promoted dtype (a Python number does not widen a tensor's dtype within
        its category).
    """
    from funcgrad.tensors._dispatch import operands
    a = _as_tensor(tensor1)
    return _factories.tensor(0, dtype=a.dtype).__add__(tensor2).dtype if operands(a, tensor2) \
        else a.dtype


def detach(input):
    """``input.detach()``: the same data, cut from the graph.

    Parameters
    ----------
    input : Tensor
        The tensor.

    Returns
    -------
    Tensor
        A leaf sharing input's memory and version counter.
    """
    return input.detach()


def is_storage(obj):
    """Whether `obj` is a storage object: always False (there are no storages here).

    Parameters
    ----------
    obj : object
        Anything.

    Returns
    -------
    bool
    """
    return False


__all__ = (["Tensor", "Size", "return_types", "device", "is_tensor", "cuda", "utils", "from_dlpack",
            "set_default_device", "get_default_device", "dtype", "float16", "half", "float32",
            "float", "float64", "double", "complex64", "cfloat", "complex128", "cdouble",
            "uint8", "int8", "int16", "short", "int32", "int", "int64", "long", "bool",
            "set_default_dtype", "get_default_dtype", "set_printoptions", "get_printoptions",
            "promote_types", "no_grad", "enable_grad", "set_grad_enabled", "inference_mode",
            "is_grad_enabled", "is_inference_mode_enabled", "default_generator", "pow",
            "where", "addmm", "einsum", "cat", "concat", "concatenate", "stack", "hstack",
            "vstack", "numel", "is_floating_point", "is_anomaly_enabled",
            "is_anomaly_check_nan_enabled", "is_complex", "result_type", "detach"]
           + _FACTORIES + _MATH + _SHAPE)


def _name_functions():
    """Each Tensor method and each function here named as it is reached (``sin``,
    ``Tensor.sin``), not after its graph node or the loop that made it; aliases get
    copies (see tensors/_naming)."""
    from funcgrad.tensors import _naming
    claimed = {}
    for name, fn in _naming.name_members(Tensor, list(vars(Tensor)), "Tensor.",
                                         claimed).items():
        setattr(Tensor, name, fn)
    globals().update(_naming.name_members(globals(), __all__, "", claimed))


_name_functions()
