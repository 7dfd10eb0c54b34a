"""Docstrings of the in-place Tensor methods of `_inplace` (``add_``, ``exp_``, ``zero_``...).

Most of them are made in loops (`_binary_`, `_unary_`, `_random_`) or are aliases
sharing one function, so their docstrings live here, one entry per method, each saying
what the method writes and what autodiff records; `apply` sets them.
"""

INPLACE = """Writes into self's memory, so views of self and `detach()` aliases see the new
values, and bumps the version counter they share: a backward that needs the old
values raises RuntimeError. When recording, the op becomes self's history
(its grad_fn); on a view, the base records ``CopySlices`` and the view's grad_fn is
regenerated. Refused with PyTorch's RuntimeError on a leaf that requires grad (use
``with funcgrad.no_grad():`` to initialize parameters), on a view of one, on the
outputs of split/chunk/unbind, on a view made under no_grad of a tensor requiring
grad, and on an inference tensor outside inference mode."""


def _doc(summary, params, record, see=None):
    """Assemble an in-place method's docstring (params: ``name : type`` blocks)."""
    out = summary + "\n"
    if params:
        out += "\nParameters\n----------\n" + params.strip("\n") + "\n"
    out += "\nReturns\n-------\nTensor\n    self, modified.\n"
    out += "\nNotes\n-----\n" + record.strip() + "\n" + INPLACE + "\n"
    if see:
        out += "\nSee Also\n--------\n" + see + "\n"
    return out


_OTHER = """other : Tensor or number
    The second operand; it must broadcast to self's shape (self's shape does not
    change) and the result must be castable to self's dtype."""
_ALPHA = ("\nalpha : number, default 1\n    Multiplier of `other` (keyword only; "
          "add_ and sub_ record it in their one node, as PyTorch).")


def _binary(op, node, method, *aliases):
    names = " and ".join(f"`{a}`" for a in aliases)
    alias = f" {names} {'are' if len(aliases) > 1 else 'is'} the same method." if aliases else ""
    return _doc(f"In-place `{method}`: ``self = {op}``.{alias}", _OTHER + _ALPHA,
                f"Records ``{node}``, as `{method}` does.",
                f"funcgrad.Tensor.{method} : the out-of-place form.")


def _unary(method, node, alias=""):
    alias = f" `{alias}` is the same method." if alias else ""
    return _doc(f"In-place `{method}`: ``self = self.{method}()``.{alias}", "",
                f"Records ``{node}``, as `{method}` does. Integer tensors are refused where "
                f"the result is floating point.",
                f"funcgrad.Tensor.{method} : the out-of-place form.")


DOCS = {
    "add_": _binary("self + alpha * other", "AddBackward0", "add"),
    "sub_": _binary("self - alpha * other", "SubBackward0", "sub", "subtract_"),
    "mul_": _binary("self * other", "MulBackward0", "mul", "multiply_"),
    "div_": _binary("self / other", "DivBackward0", "div", "divide_", "true_divide_"),
    "atan2_": _doc("In-place `atan2`: ``self = atan2(self, other)``.", _OTHER,
                   "Records ``Atan2Backward0`` with `atan2`'s rule: the gradient is 0 at the "
                   "origin, as PyTorch's.",
                   "funcgrad.Tensor.atan2 : the out-of-place form."),
    "fmod_": _doc("In-place `fmod`: ``self = fmod(self, other)`` (C's fmod, the sign of "
                  "self).", _OTHER,
                  "Records ``FmodBackward1`` (tensor `other`) or ``FmodBackward0`` (number, "
                  "one edge), as `fmod` does.", "funcgrad.Tensor.fmod : the out-of-place form."),
    "remainder_": _doc("In-place `remainder`: ``self = self % other`` (the sign of other).",
                       _OTHER, "Records ``RemainderBackward0``, as `remainder` does.",
                       "funcgrad.Tensor.remainder : the out-of-place form."),
    "exp_": _unary("exp", "ExpBackward0"),
    "log_": _unary("log", "LogBackward0"),
    "sqrt_": _unary("sqrt", "SqrtBackward0"),
    "sin_": _unary("sin", "SinBackward0"),
    "cos_": _unary("cos", "CosBackward0"),
    "tanh_": _unary("tanh", "TanhBackward0"),
    "sigmoid_": _unary("sigmoid", "SigmoidBackward0"),
    "reciprocal_": _unary("reciprocal", "ReciprocalBackward0"),
    "neg_": _unary("neg", "NegBackward0", "negative_"),
    "abs_": _unary("abs", "AbsBackward0"),
    "log1p_": _unary("log1p", "Log1PBackward0"),
    "expm1_": _unary("expm1", "Expm1Backward0"),
    "pow_": _doc("In-place `pow`: ``self = self ** exponent``.",
                 "exponent : Tensor or number\n    The exponent.",
                 "Records ``PowBackward0`` (number exponent) or ``PowBackward1`` (tensor "
                 "exponent).", "funcgrad.Tensor.pow : the out-of-place form."),
    "square_": _doc("In-place `square`: ``self = self ** 2``.", "",
                    "Records ``PowBackward0``.", "funcgrad.Tensor.square : the out-of-place "
                    "form."),
    "clamp_": _doc("In-place `clamp`: limit self to ``[min, max]``; `clip_` is the same "
                   "method.",
                   "min : number, optional\n    The lower bound.\n"
                   "max : number, optional\n    The upper bound.",
                   "Records ``ClampBackward1`` (both bounds), ``ClampMinBackward0`` or "
                   "``ClampMaxBackward0``: the gradient passes where self was within the "
                   "bounds (bounds included). Raises RuntimeError if both are None.",
                   "funcgrad.Tensor.clamp : the out-of-place form."),
    "clamp_min_": _doc("In-place `clamp_min`: ``self = max(self, min)``.",
                       "min : number\n    The lower bound.", "Records ``ClampMinBackward0``."),
    "clamp_max_": _doc("In-place `clamp_max`: ``self = min(self, max)``.",
                       "max : number\n    The upper bound.", "Records ``ClampMaxBackward0``."),
    "relu_": _doc("In-place `relu`: ``self = max(self, 0)``.", "",
                  "Records ``ReluBackward0``: the gradient passes where self was positive "
                  "(0 at 0).", "funcgrad.Tensor.relu : the out-of-place form."),
    "zero_": _doc("Fill self with zeros.", "",
                  "Records ``ZeroBackward0``: the earlier values receive a zero gradient."),
    "fill_": _doc("Fill self with `value`.",
                  "value : number or Tensor\n    The value; a tensor must be 0-dim.",
                  "Records ``FillBackward2`` for a number (the earlier values receive a zero "
                  "gradient) and ``FillBackward3`` for a tensor, which receives the sum of "
                  "the gradient. Raises RuntimeError for a tensor value with dimensions."),
    "copy_": _doc("Copy `src` into self (broadcast to self's shape, cast to self's dtype).",
                  "src : Tensor or array_like\n    The values.\n"
                  "non_blocking : bool, default False\n    Accepted for PyTorch "
                  "compatibility; ignored.",
                  "Records ``CopyBackwards``: the gradient flows to `src` (summed over "
                  "broadcast dimensions, cast back to its dtype), none to the earlier values. "
                  "Raises RuntimeError if src does not broadcast to self's shape."),
    "uniform_": _doc("Fill self with samples from the uniform distribution on ``[a, b)``.",
                     "*args : float\n    `a` (default 0.0) and `b` (default 1.0), also "
                     "accepted by keyword.\ngenerator : funcgrad.Generator, optional\n"
                     "    The generator to draw from; the default one when None.",
                     "Records ``UniformBackward0``: the earlier values receive a zero "
                     "gradient."),
    "normal_": _doc("Fill self with samples from the normal distribution.",
                    "*args : float\n    `mean` (default 0.0) and `std` (default 1.0), also "
                    "accepted by keyword.\ngenerator : funcgrad.Generator, optional\n"
                    "    The generator to draw from; the default one when None.",
                    "Records ``NormalBackward0``: the earlier values receive a zero "
                    "gradient."),
    "masked_fill_": _doc("In-place `masked_fill`: set self to `value` where `mask` is True.",
                         "mask : Tensor\n    A bool tensor broadcasting to self's shape.\n"
                         "value : number or Tensor\n    The fill value (a tensor must be "
                         "0-dim).",
                         "Records ``MaskedFillBackward0``: the gradient passes where the mask "
                         "is False; a tensor `value` records ``MaskedFillBackward1`` and gets "
                         "the sum of the gradient where the mask is True.",
                         "funcgrad.Tensor.masked_fill : the out-of-place form."),
    "t_": _doc("In-place `t`: transpose self's (at most 2) dimensions.", "",
               "Records ``TBackward1``. The shape changes; the memory is the same."),
    "unsqueeze_": _doc("In-place `unsqueeze`: insert a dimension of size 1 at `dim`.",
                       "dim : int\n    The position.", "Records ``UnsqueezeBackward1``."),
    "squeeze_": _doc("In-place `squeeze`: remove size-1 dimensions (all, or `dim`).",
                     "dim : int, optional\n    Only this dimension.",
                     "Records ``SqueezeBackward2``."),
}


def apply(methods):
    """Set the docstring of every method of `methods` (name -> function) listed in DOCS."""
    for name, doc in DOCS.items():
        methods[name].__doc__ = doc
