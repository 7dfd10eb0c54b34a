"""Docstrings of the Tensor math methods of `_math`, one table entry per method.

Most of those methods are made in loops (`_unary_method`, `_compare`, `_piecewise`...)
or are aliases sharing one function, so their docstrings live here, where each
entry says what the method computes and what autodiff records for it; `apply`
sets them, and `funcgrad.<name>` copies them, so `help(funcgrad.Tensor.sin)` and
`help(funcgrad.sin)` both show them.
"""

import textwrap

_FLOAT = "integer and bool inputs give the default float dtype"


def _paragraph(text, indent=4):
    """`text` wrapped to the docstrings' width, continuation lines indented by `indent`."""
    return textwrap.fill(text, width=88 - indent).replace("\n", "\n" + " " * indent)
_ZERO_GRAD = "its derivative is 0 almost everywhere, so the backward returns zeros"


def unary(summary, node, backward, see=None, result=_FLOAT, note=""):
    """A docstring for an elementwise method of one tensor."""
    doc = f"""{summary}

    Returns
    -------
    Tensor
        {_paragraph(f"A new tensor of the input's shape; {result}.", 8)}

    Notes
    -----
    {_paragraph(f"Records ``{node}``; backward: {backward}." + (" " + note if note else ""))}
    """
    return doc + (f"""
    See Also
    --------
    funcgrad.numpy.{see} : the functional equivalent.
    """ if see else "")


def binary(summary, node, backward, see=None, other="Tensor or number",
           note="", params="", name="other"):
    """A docstring for an elementwise method of two operands (broadcasting); `name` is
    the second operand's parameter name."""
    doc = f"""{summary}

    Parameters
    ----------
    {name} : {other}
        The second operand; it broadcasts against self, and the result dtype
        follows PyTorch's promotion (a Python number does not widen a tensor's
        dtype within its category).{params}

    Returns
    -------
    Tensor
        A new tensor of the broadcast shape.

    Notes
    -----
    {_paragraph(f"Records ``{node}``; backward: {backward}. Gradients of a broadcast "
                f"operand are summed back to its shape." + (" " + note if note else ""))}
    """
    return doc + (f"""
    See Also
    --------
    funcgrad.numpy.{see} : the functional equivalent.
    """ if see else "")


def compare(summary, see, result="bool"):
    """A docstring for a comparison or logical method (not differentiable)."""
    return f"""{summary}

    Parameters
    ----------
    other : Tensor or number
        The second operand; it broadcasts against self.

    Returns
    -------
    Tensor
        A {result} tensor of the broadcast shape. Not differentiable: the result
        never requires grad and records nothing.

    See Also
    --------
    funcgrad.numpy.{see} : the functional equivalent.
    """


def predicate(summary, see):
    """A docstring for an elementwise test of one tensor (bool result)."""
    return f"""{summary}

    Returns
    -------
    Tensor
        A bool tensor of the input's shape; never requires grad.

    See Also
    --------
    funcgrad.numpy.{see} : the functional equivalent.
    """


DOCS = {
    # ---- arithmetic
    "add": binary(
        "``self + alpha * other``, elementwise (also the ``+`` operator).", "AddBackward0",
        "``grad`` to both operands",
        see="add", params="\n    alpha : number, default 1\n        Multiplier of `other`.",
        note="With ``alpha != 1`` the node is still one ``AddBackward0`` (other "
             "receives ``alpha * grad``), as in PyTorch; a float alpha with integral "
             "operands raises RuntimeError."),
    "sub": binary(
        "``self - alpha * other``, elementwise (also ``-``); `subtract` is the same method.",
        "SubBackward0", "``grad`` to self, ``-grad`` to other", see="subtract",
        params="\n    alpha : number, default 1\n        Multiplier of `other`.",
        note="With ``alpha != 1`` the node is still one ``SubBackward0`` (other "
             "receives ``-alpha * grad``), as in PyTorch."),
    "mul": binary(
        "``self * other``, elementwise (also ``*``); `multiply` is the same method.",
        "MulBackward0", "``grad * other`` to self, ``grad * self`` to other", see="multiply"),
    "div": binary(
        "``self / other``, elementwise (also ``/``); `divide` and `true_divide` are the "
        "same method.",
        "DivBackward0", "``grad / other`` to self, ``-grad * self / other**2`` to other",
        see="true_divide",
        params="\n    rounding_mode : {None, 'floor', 'trunc'}, optional\n"
               "        None divides exactly (integers give the default float dtype);\n"
               "        'floor' and 'trunc' round the quotient and keep integer dtypes.",
        note="Division by zero gives inf or nan without a warning, as in PyTorch. With a "
             "rounding mode the node is ``DivBackward1`` and the gradients are zero."),
    "floor_divide": binary(
        "``floor(self / other)``, elementwise (also ``//``).", "NotImplemented",
        "RuntimeError \"derivative for aten::floor_divide is not implemented\", as in "
        "PyTorch (the node is recorded, its backward refuses)",
        see="floor_divide"),
    "remainder": binary(
        "``self mod other`` with the sign of `other`, as Python's ``%`` (also ``%``).",
        "RemainderBackward0", "``grad`` to self, ``-grad * floor(self / other)`` to other",
        see="remainder",
        note="`fmod` is C's fmod instead (the sign of `self`): the two differ for operands "
             "of opposite signs."),
    "fmod": binary(
        "``self - trunc(self / other) * other``, elementwise: C's fmod, the result has "
        "the sign of `self` (`remainder` has the sign of `other`).",
        "FmodBackward1", "``grad`` to self, ``-grad * trunc(self / other)`` to other",
        see="fmod",
        note="A number `other` records ``FmodBackward0``, with one edge (self's), as "
             "PyTorch does."),
    "pow": binary(
        "``self ** exponent``, elementwise (also ``**``).", "PowBackward0",
        "``grad * e * self**(e - 1)`` to self (0 where e == 0), and "
        "``grad * result * log(self)`` to a tensor exponent", see="power",
        other="Tensor or number", name="exponent",
        note="A number or a 0-dim tensor "
             "exponent that does not require grad records ``PowBackward0``; a tensor "
             "exponent records ``PowBackward1``; a number base (``2 ** t``) records "
             "``PowBackward2``. Integers to negative integer powers raise RuntimeError."),
    "neg": unary("``-self``, elementwise (also unary ``-``); `negative` is the same method.",
                 "NegBackward0", "``-grad``", see="negative", result="the input's dtype"),
    "square": unary("``self ** 2``, elementwise.", "PowBackward0", "``2 * self * grad``",
                    see="square", result="the input's dtype"),
    # ---- linear algebra
    "matmul": binary(
        "Matrix product with numpy/PyTorch broadcasting rules (also ``@``).",
        "MmBackward0", "``grad @ other.T`` to self and ``self.T @ grad`` to other",
        see="matmul", other="Tensor",
        note="The node is named by the operands' ranks as PyTorch names it: "
             "``DotBackward0`` (1-D @ 1-D), ``MvBackward0`` (2-D @ 1-D), ``MmBackward0`` "
             "(2-D @ 2-D), ``SqueezeBackward4`` over ``MmBackward0`` (1-D @ 2-D), "
             "``UnsafeViewBackward0`` (batched). Raises RuntimeError for 0-dim operands "
             "and for operands of different dtypes (no promotion, as in PyTorch)."),
    "mm": binary("Product of two 2-D matrices.", "MmBackward0",
                 "``grad @ mat2.T`` and ``self.T @ grad``", see="matmul", other="Tensor",
                 name="mat2", note="Raises RuntimeError if self is not 2-D."),
    "mv": binary("Product of a 2-D matrix and a 1-D vector.", "MvBackward0",
                 "``outer(grad, vec)`` to self and ``self.T @ grad`` to vec", see="matmul",
                 other="Tensor", name="vec"),
    "dot": binary("Inner product of two 1-D tensors.", "DotBackward0",
                  "``grad * other`` and ``grad * self``", see="dot", other="Tensor",
                  note="Raises RuntimeError unless both operands are 1-D."),
    "bmm": binary("Batched matrix product of two 3-D tensors.", "BmmBackward0",
                  "``grad @ mat2^T`` and ``self^T @ grad`` per batch", see="matmul",
                  other="Tensor", name="mat2", note="Raises RuntimeError if self is not 3-D."),
    "outer": binary("Outer product of two 1-D tensors; `ger` is the same method.",
                    "MulBackward0", "as for ``self.reshape(-1, 1) * vec2``, which is how it "
                    "is computed", see="outer", other="Tensor",
                    name="vec2"),
    "atan2": binary("``atan2(self, other)``: the angle of the point (other, self), "
                    "elementwise; `arctan2` is the same method.", "Atan2Backward0",
                    "``grad * other / r2`` to self and ``-grad * self / r2`` to other, "
                    "r2 = self**2 + other**2, and 0 at the origin as in PyTorch (the "
                    "primitive's rule, as JAX's, gives nan there)", see="arctan2"),
    # ---- elementwise functions
    "exp": unary("``e ** self``, elementwise.", "ExpBackward0", "``grad * result``", "exp"),
    "log": unary("Natural logarithm, elementwise (log(0) = -inf, log(x < 0) = nan, "
                 "without warnings).", "LogBackward0", "``grad / self``", "log"),
    "log1p": unary("``log(1 + self)``, accurate near 0.", "Log1PBackward0",
                   "``grad / (1 + self)``", "log1p"),
    "expm1": unary("``exp(self) - 1``, accurate near 0.", "Expm1Backward0",
                   "``grad * (result + 1)``", "expm1"),
    "sqrt": unary("Square root, elementwise (nan for negative inputs).", "SqrtBackward0",
                  "``grad / (2 * result)``, which is inf at 0 as in PyTorch", "sqrt"),
    "rsqrt": unary("``1 / sqrt(self)``, elementwise.", "RsqrtBackward0",
                   "``-0.5 * grad * result**3``"),
    "sin": unary("Sine, elementwise (radians).", "SinBackward0", "``grad * cos(self)``",
                 "sin"),
    "cos": unary("Cosine, elementwise (radians).", "CosBackward0", "``-grad * sin(self)``",
                 "cos"),
    "tan": unary("Tangent, elementwise (radians).", "TanBackward0",
                 "``grad * (1 + result**2)``", "tan"),
    "asin": unary("Inverse sine, elementwise; `arcsin` is the same method.", "AsinBackward0",
                  "``grad / sqrt(1 - self**2)`` (inf at +-1)", "arcsin"),
    "acos": unary("Inverse cosine, elementwise; `arccos` is the same method.",
                  "AcosBackward0", "``-grad / sqrt(1 - self**2)`` (-inf at +-1)", "arccos"),
    "atan": unary("Inverse tangent, elementwise; `arctan` is the same method.",
                  "AtanBackward0", "``grad / (1 + self**2)``", "arctan"),
    "sinh": unary("Hyperbolic sine, elementwise.", "SinhBackward0", "``grad * cosh(self)``",
                  "sinh"),
    "cosh": unary("Hyperbolic cosine, elementwise.", "CoshBackward0",
                  "``grad * sinh(self)``", "cosh"),
    "tanh": unary("Hyperbolic tangent, elementwise.", "TanhBackward0",
                  "``grad * (1 - result**2)``", "tanh"),
    "sigmoid": unary("Logistic sigmoid ``1 / (1 + exp(-self))``, elementwise.",
                     "SigmoidBackward0", "``grad * result * (1 - result)``",
                     result=_FLOAT + " (see funcgrad.scipy.special.expit)"),
    "abs": unary("Absolute value (the modulus for complex inputs); `absolute` is the same "
                 "method (also ``abs(t)``).", "AbsBackward0",
                 "``grad * sign(self)``, which is 0 at 0 (PyTorch's choice of subgradient); "
                 "for complex inputs ``grad * self / |self|`` (0 at 0)", "abs",
                 result="the input's dtype (real for complex inputs)"),
    "conj": unary("Complex conjugate; a real tensor is returned as it is.", "ConjBackward0",
                  "the conjugate of ``grad``", "conj", result="the input's dtype",
                  note="PyTorch's conj() is a lazy view with a conj bit; here complex "
                       "inputs are copied and real ones returned unchanged (no node)."),
    "reciprocal": unary("``1 / self``, elementwise.", "ReciprocalBackward0",
                        "``-grad * result**2``", "reciprocal"),
    "exp2": unary("``2 ** self``, elementwise.", "Exp2Backward0",
                  "``grad * result * log(2)``", "exp2"),
    "log2": unary("Base-2 logarithm, elementwise.", "Log2Backward0",
                  "``grad / (self * log(2))``", "log2"),
    "log10": unary("Base-10 logarithm, elementwise.", "Log10Backward0",
                   "``grad / (self * log(10))``", "log10"),
    "erf": unary("The error function, elementwise.", "ErfBackward0",
                 "``grad * 2 / sqrt(pi) * exp(-self**2)``",
                 note="See funcgrad.scipy.special.erf for the functional equivalent."),
    "floor": unary("Largest integer not greater than each element.", "FloorBackward0",
                   _ZERO_GRAD, "floor", result="the input's dtype"),
    "ceil": unary("Smallest integer not less than each element.", "CeilBackward0",
                  _ZERO_GRAD, "ceil", result="the input's dtype"),
    "trunc": unary("Each element rounded toward zero; `fix` is the same method.",
                   "TruncBackward0", _ZERO_GRAD, "trunc", result="the input's dtype"),
    "sign": unary("-1, 0 or 1 by the sign of each element.", "SignBackward0", _ZERO_GRAD,
                  "sign", result="the input's dtype"),
    "relu": unary("``max(self, 0)``, elementwise.", "ReluBackward0",
                  "``grad`` where the result is positive, 0 elsewhere (0 at the kink x = 0, "
                  "as in PyTorch)", result="the input's dtype"),
    # ---- comparisons and logical ops
    "eq": compare("``self == other``, elementwise (also ``==``).", "equal"),
    "ne": compare("``self != other``, elementwise (also ``!=``); `not_equal` is the same "
                  "method.", "not_equal"),
    "lt": compare("``self < other``, elementwise (also ``<``); `less` is the same method.",
                  "less"),
    "le": compare("``self <= other``, elementwise (also ``<=``); `less_equal` is the same "
                  "method.", "less_equal"),
    "gt": compare("``self > other``, elementwise (also ``>``); `greater` is the same method.",
                  "greater"),
    "ge": compare("``self >= other``, elementwise (also ``>=``); `greater_equal` is the "
                  "same method.", "greater_equal"),
    "logical_and": compare("Logical AND of the elements' truth values.", "logical_and"),
    "logical_or": compare("Logical OR of the elements' truth values.", "logical_or"),
    "logical_xor": compare("Logical XOR of the elements' truth values.", "logical_xor"),
    "bitwise_and": compare("Bitwise AND of integer or bool tensors (also ``&``).",
                           "bitwise_and", result="integer or bool"),
    "bitwise_or": compare("Bitwise OR of integer or bool tensors (also ``|``).",
                          "bitwise_or", result="integer or bool"),
    "bitwise_xor": compare("Bitwise XOR of integer or bool tensors (also ``^``).",
                           "bitwise_xor", result="integer or bool"),
    "isnan": predicate("Whether each element is nan.", "isnan"),
    "isinf": predicate("Whether each element is +inf or -inf.", "isinf"),
    "isfinite": predicate("Whether each element is finite (not inf, not nan).", "isfinite"),
}

DOCS["logical_not"] = """Logical NOT of the elements' truth values.

    Returns
    -------
    Tensor
        A bool tensor of the input's shape; never requires grad.

    See Also
    --------
    funcgrad.numpy.logical_not : the functional equivalent.
    """

DOCS["bitwise_not"] = """Bitwise NOT of an integer tensor, logical NOT of a bool one (also ``~``).

    Returns
    -------
    Tensor
        A tensor of the input's shape and dtype; never requires grad.

    See Also
    --------
    funcgrad.numpy.invert : the functional equivalent.
    """

DOCS["where"] = """``self`` where `condition` holds, `other` elsewhere.

    Parameters
    ----------
    condition : Tensor
        A bool tensor broadcasting against self and other.
    other : Tensor or number
        The values taken where `condition` is False.

    Returns
    -------
    Tensor
        A new tensor of the broadcast shape and promoted dtype.

    Notes
    -----
    Records ``WhereBackward0``; backward: ``grad`` to self where `condition` holds
    and to other elsewhere (0 in the other positions).

    See Also
    --------
    funcgrad.where : the function form, ``where(condition, input, other)``.
    funcgrad.numpy.where : the functional equivalent.
    """

DOCS["clamp"] = """Limit each element to ``[min, max]``; `clip` is the same method.

    Parameters
    ----------
    min : number or Tensor, optional
        The lower bound; no lower bound when None.
    max : number or Tensor, optional
        The upper bound; no upper bound when None.

    Returns
    -------
    Tensor
        A new tensor of self's shape. A float bound on an integer tensor gives
        the default float dtype.

    Raises
    ------
    RuntimeError
        If both bounds are None.

    Notes
    -----
    With number bounds, records ``ClampBackward1``: ``grad`` where
    ``min <= self <= max`` (bounds included, as in PyTorch), 0 outside. With
    tensor bounds it is ``minimum(maximum(self, min), max)``, recording
    ``MaximumBackward0`` / ``MinimumBackward0`` (ties split the gradient).

    See Also
    --------
    funcgrad.numpy.clip : the functional equivalent.
    """

DOCS["clamp_min"] = """Limit each element from below: ``max(self, min)``.

    Parameters
    ----------
    min : number
        The lower bound.

    Returns
    -------
    Tensor
        A new tensor of self's shape.

    Notes
    -----
    Records ``ClampMinBackward0``: ``grad`` where ``self >= min``, 0 elsewhere.
    """

DOCS["clamp_max"] = """Limit each element from above: ``min(self, max)``.

    Parameters
    ----------
    max : number
        The upper bound.

    Returns
    -------
    Tensor
        A new tensor of self's shape.

    Notes
    -----
    Records ``ClampMaxBackward0``: ``grad`` where ``self <= max``, 0 elsewhere.
    """

DOCS["maximum"] = binary(
    "Elementwise maximum of self and other.", "MaximumBackward0",
    "``grad`` to the larger operand; on ties each operand gets ``grad / 2``, as in "
    "PyTorch", see="maximum")
DOCS["minimum"] = binary(
    "Elementwise minimum of self and other.", "MinimumBackward0",
    "``grad`` to the smaller operand; on ties each operand gets ``grad / 2``",
    see="minimum")

DOCS["lerp"] = """Linear interpolation ``self + weight * (end - self)``.

    Parameters
    ----------
    end : Tensor or number
        The other end point.
    weight : number or Tensor
        The interpolation weight (0 gives self, 1 gives end).

    Returns
    -------
    Tensor
        A new tensor of the broadcast shape.

    Notes
    -----
    Recorded as one composite node, ``LerpBackward0`` (number weight) or
    ``LerpBackward1`` (tensor weight, which then receives a gradient too);
    its backward can be differentiated again.
    """

DOCS["masked_fill"] = """A copy of self with `value` where `mask` is True.

    Parameters
    ----------
    mask : Tensor
        A bool tensor broadcasting to self's shape.
    value : number or Tensor
        The fill value; a tensor must be 0-dim (else RuntimeError, as PyTorch).

    Returns
    -------
    Tensor
        A new tensor of self's shape and dtype.

    Notes
    -----
    Records ``MaskedFillBackward0`` for a number `value`: ``grad`` where the mask is
    False, 0 where it is True. A tensor `value` records ``MaskedFillBackward1``, as
    PyTorch does, and receives the sum of ``grad`` where the mask is True.

    See Also
    --------
    funcgrad.Tensor.masked_fill_ : the in-place form.
    """

DOCS["round"] = """Round each element to the nearest integer (halves to even), or to `decimals`.

    Parameters
    ----------
    decimals : int, default 0
        Number of decimal places to keep.

    Returns
    -------
    Tensor
        A new tensor of self's shape and dtype.

    Notes
    -----
    Records ``RoundBackward0`` (``RoundBackward1`` with decimals); the gradient is
    zero.

    See Also
    --------
    funcgrad.numpy.round : the functional equivalent.
    """

DOCS["equal"] = """Whether self and other have the same shape and the same elements.

    Parameters
    ----------
    other : Tensor
        The tensor to compare with.

    Returns
    -------
    bool
        A Python bool (nan is not equal to nan).
    """

DOCS["allclose"] = """Whether all elements of self and other are close (``isclose``).

    Parameters
    ----------
    other : Tensor or array_like
        The values to compare with (broadcast).
    rtol : float, default 1e-05
        Relative tolerance.
    atol : float, default 1e-08
        Absolute tolerance.
    equal_nan : bool, default False
        Whether nan equals nan.

    Returns
    -------
    bool
        A Python bool.

    See Also
    --------
    funcgrad.numpy.allclose : the functional equivalent.
    """

DOCS["isclose"] = """Elementwise closeness: ``|a - b| <= atol + rtol * |b|``.

    Parameters
    ----------
    other : Tensor or array_like
        The values to compare with (broadcast).
    rtol : float, default 1e-05
        Relative tolerance.
    atol : float, default 1e-08
        Absolute tolerance.
    equal_nan : bool, default False
        Whether nan equals nan.

    Returns
    -------
    Tensor
        A bool tensor of the broadcast shape; never requires grad.

    See Also
    --------
    funcgrad.numpy.isclose : the functional equivalent.
    """

_TEST_PARAMS = """
    Parameters
    ----------
    dim : int, optional
        The dimension to reduce; all elements when None.
    keepdim : bool, default False
        Keep the reduced dimension with size 1 (only with `dim`).

    Returns
    -------
    Tensor
        A bool tensor; never requires grad.
"""
DOCS["all"] = "Whether every element is true (nonzero), overall or along `dim`.\n" \
    + _TEST_PARAMS + """
    See Also
    --------
    funcgrad.numpy.all : the functional equivalent.
    """
DOCS["any"] = "Whether some element is true (nonzero), overall or along `dim`.\n" \
    + _TEST_PARAMS + """
    See Also
    --------
    funcgrad.numpy.any : the functional equivalent.
    """

DOCS["count_nonzero"] = """Number of nonzero elements, overall or along `dim`.

    Parameters
    ----------
    dim : int or tuple of int, optional
        The dimensions to count along; all elements when None.

    Returns
    -------
    Tensor
        int64 counts; never requires grad.

    See Also
    --------
    funcgrad.numpy.count_nonzero : the functional equivalent.
    """

DOCS["nonzero"] = """Indices of the nonzero elements.

    Parameters
    ----------
    as_tuple : bool, default False
        Return one 1-D index tensor per dimension instead of one 2-D tensor.

    Returns
    -------
    Tensor or tuple of Tensor
        int64 indices, shape (number of nonzeros, ndim), or a tuple of ndim
        1-D tensors; never requires grad.

    See Also
    --------
    funcgrad.numpy.nonzero : the functional equivalent.
    """

_TRI = """The {part} triangle of the last two dimensions; other elements are set to 0.

    Parameters
    ----------
    diagonal : int, default 0
        Which diagonal bounds the triangle: 0 the main one, positive above it,
        negative below.

    Returns
    -------
    Tensor
        A new tensor of self's shape and dtype.

    Notes
    -----
    Records ``{node}``; backward keeps the gradient in the same triangle.

    See Also
    --------
    funcgrad.numpy.{name} : the functional equivalent.
    """
DOCS["tril"] = _TRI.format(part="lower", node="TrilBackward0", name="tril")
DOCS["triu"] = _TRI.format(part="upper", node="TriuBackward0", name="triu")

FUNCTIONS = {}
FUNCTIONS["where"] = """Choose elements: `input` where `condition` holds, `other` elsewhere.

    Parameters
    ----------
    condition : Tensor or array_like
        A bool condition broadcasting against input and other.
    input : Tensor or number, optional
        The values taken where `condition` is True.
    other : Tensor or number, optional
        The values taken where `condition` is False.

    Returns
    -------
    Tensor or tuple of Tensor
        A tensor of the broadcast shape and promoted dtype; with only
        `condition`, ``condition.nonzero(as_tuple=True)``.

    Notes
    -----
    Records ``WhereBackward0``; backward: ``grad`` to input where the condition
    holds and to other elsewhere (zeros in the other positions). The condition
    gets no gradient.

    See Also
    --------
    funcgrad.numpy.where : the functional equivalent.
    """

FUNCTIONS["addmm"] = """``beta * input + alpha * (mat1 @ mat2)``.

    Parameters
    ----------
    input : Tensor or number
        The term added; it broadcasts to the product's shape.
    mat1 : Tensor
        A 2-D tensor (n, k).
    mat2 : Tensor
        A 2-D tensor (k, m).
    beta : number, default 1
        Multiplier of `input`.
    alpha : number, default 1
        Multiplier of the product.

    Returns
    -------
    Tensor
        An (n, m) tensor.

    Notes
    -----
    Recorded as one composite node ``AddmmBackward0`` whose backward is written
    with funcgrad ops (so it can be differentiated again).
    """

FUNCTIONS["einsum"] = """Einstein summation over the operands, as numpy.einsum.

    Parameters
    ----------
    equation : str
        The subscripts, e.g. ``"ij,jk->ik"``.
    *operands_ : Tensor
        The operands, or one list or tuple of them.

    Returns
    -------
    Tensor
        The contraction.

    Notes
    -----
    Recorded as one composite node named ``ViewBackward0`` (PyTorch's name
    depends on how it lowers the contraction); its backward is funcgrad's
    einsum rule and can be differentiated again.

    See Also
    --------
    funcgrad.numpy.einsum : the functional equivalent.
    """


REFLECTED = {
    "rsub": "``other - alpha * self`` for a number on the left (``2 - t``): ``RsubBackward1``.",
    "rtruediv": "``other / self`` for a number on the left: recorded as ``reciprocal`` times "
                "other.",
    "rfloordiv": "``other // self`` for a number on the left (``NotImplemented``, as `floor_divide`).",
    "rremainder": "``other % self`` for a number on the left (``RemainderBackward0``).",
    "rpow": "``base ** self`` for a number base (``2 ** t``): ``PowBackward2``.",
    "rmatmul": "``other @ self`` for an array_like on the left.",
}


def apply(methods, functions):
    """Set the docstrings: `methods` maps Tensor method names to their functions,
    `functions` maps the names of FUNCTIONS and REFLECTED to theirs (the module's globals)."""
    for name, doc in DOCS.items():
        methods[name].__doc__ = doc
    for name, doc in {**FUNCTIONS, **REFLECTED}.items():
        functions[name].__doc__ = doc
