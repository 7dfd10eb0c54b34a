"""Bad input: every misuse fails at once with an exception that names the culprit and the fix.

One table, both styles. Each row calls funcgrad wrongly and states the exception type and
the fragments its message must contain: which argument / output / cotangent is wrong,
what was expected, and how to fix it. The Tensor facade's rows carry PyTorch's own texts
(the facade is a drop-in), so "the fix" there is whatever PyTorch's message says.
A second table documents inputs that look suspicious but are accepted, with the result.
"""
import re
import warnings

import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.tracing import active_traces

X = np.array([1.0, 2.0, 3.0])


def S(x):
    return fnp.sum(x * x)


def _leaf(values=(1.0, 2.0)):
    return fg.tensor(list(values), requires_grad=True)


def _twice():
    x = _leaf()
    y = (x * x).sum()
    y.backward()
    y.backward()


def _version():
    x = _leaf()
    y = x.exp()
    y.add_(1)
    y.sum().backward()


def _hook(result):
    x = _leaf()
    y = x * 2
    y.register_hook(lambda g: result(g))
    y.sum().backward()


def _store_tracer(x):
    buffer = np.zeros(3)
    buffer[0] = x[0]                    # numpy calls float() on the tracer
    return fnp.sum(buffer)


def _leak():
    kept = []
    fg.grad(lambda x: (kept.append(x), fnp.sum(x))[1])(X)
    return fg.grad(lambda y: fnp.sum(y * kept[0]))(X)


def _cvjp(bwd):
    @fg.custom_vjp
    def f(x):
        return x * 2
    f.defvjp(lambda x: (x * 2, None), bwd)
    return lambda: fg.grad(lambda x: fnp.sum(f(x)))(X)


# (id, call, exception type, fragments the message must contain)
CASES = [
    ("Tensor: matmul of incompatible shapes", lambda: _leaf() @ fg.ones(3, 3), RuntimeError,
     ["mat1 and mat2 shapes cannot be multiplied (1x2 and 3x3)"]),
    # ---- functional: differentiated inputs -----------------------------------------
    ("int array input", lambda: fg.grad(S)(np.array([1, 2])), TypeError,
     ["grad: argument 0", "dtype int64", "astype(float)", "argnums"]),
    ("bool array input", lambda: fg.grad(S)(np.array([True, False])), TypeError,
     ["argument 0", "dtype bool", "astype(float)"]),
    ("python int input", lambda: fg.grad(S)(3), TypeError,
     ["argument 0", "integer 3", "Pass a float (e.g. 3.0)"]),
    ("string input", lambda: fg.grad(S)("abc"), TypeError,
     ["argument 0", "type str", "argnums", "asarray"]),
    ("object input", lambda: fg.grad(S)(object()), TypeError, ["argument 0", "type object"]),
    ("second argument int", lambda: fg.grad(lambda x, n: S(x) * n, argnums=(0, 1))(X, 2), TypeError,
     ["argument 1", "integer 2", "argnums"]),
    ("string inside a pytree", lambda: fg.grad(lambda d: S(d["a"]))({"a": X, "b": "s"}), TypeError,
     ["argument 0", "type str"]),
    ("object array input", lambda: fg.grad(S)(np.array([1.0, None])), TypeError,
     ["argument 0", "dtype object", "astype(float)"]),
    ("jacrev int input", lambda: fg.jacrev(lambda x: x)(np.array([1, 2])), TypeError,
     ["jacrev: argument 0", "dtype int64"]),
    ("jacfwd complex without holomorphic", lambda: fg.jacfwd(lambda x: x * 2)(X + 1j), TypeError,
     ["jacfwd: input 0 is complex", "holomorphic=True"]),
    # ---- functional: transform arguments --------------------------------------------
    ("argnums out of range", lambda: fg.grad(S, argnums=2)(X), ValueError,
     ["argnums=2", "out of range", "1 positional argument"]),
    ("argnums not an int", lambda: fg.grad(S, argnums=1.0)(X), TypeError,
     ["argnums must be an int or a tuple of ints", "1.0"]),
    ("function not callable", lambda: fg.grad(S(X))(X), TypeError,
     ["grad: the function to transform must be callable", "fg.grad(f)(x), not fg.grad(f(x))"]),
    ("jacfwd of a non-callable", lambda: fg.jacfwd(None), TypeError, ["jacfwd", "callable"]),
    ("checkpoint of a non-callable", lambda: fg.checkpoint(S(X)), TypeError,
     ["checkpoint: expected a function", "fg.checkpoint(f)(x)"]),
    ("has_aux without a pair", lambda: fg.grad(S, has_aux=True)(X), TypeError,
     ["has_aux=True needs the function to return a pair (output, aux)"]),
    # ---- functional: outputs ---------------------------------------------------------
    ("non-scalar output", lambda: fg.grad(lambda x: x * 2)(X), TypeError,
     ["must return a scalar", "shape (3,)", "fg.vjp", "fg.jacobian"]),
    ("output of shape (1,)", lambda: fg.grad(lambda x: fnp.sum(x, keepdims=True))(X), TypeError,
     ["must return a scalar", "shape (1,)"]),
    ("tuple output", lambda: fg.grad(lambda x: (S(x), S(x)))(X), TypeError,
     ["must return a scalar", "(*, *)", "has_aux=True"]),
    ("None output", lambda: fg.grad(lambda x: None)(X), TypeError, ["must return a scalar", "None"]),
    ("string output", lambda: fg.grad(lambda x: "loss")(X), TypeError,
     ["must return a float scalar", "str"]),
    ("integer output", lambda: fg.grad(lambda x: fnp.argmax(x))(X), TypeError,
     ["output has dtype int64", "no derivative", "astype(float)"]),
    ("complex output without holomorphic", lambda: fg.grad(lambda x: fnp.sum(x * 1j))(X), TypeError,
     ["output 0 is complex", "holomorphic=True"]),
    # ---- functional: cotangents and tangents -----------------------------------------
    ("cotangent of the wrong shape", lambda: fg.vjp(lambda x: x * 2, X)[1](np.ones(2)), ValueError,
     ["cotangent 0 has shape (2,)", "output 0 has shape (3,)", "of the output's shape"]),
    ("cotangent of the wrong structure", lambda: fg.vjp(lambda x: (x, x), X)[1](np.ones(3)),
     ValueError, ["cotangent has structure *", "output has (*, *)", "output's structure"]),
    ("cotangent as a list", lambda: fg.vjp(lambda x: x * 2, X)[1]([1.0, 1.0, 1.0]), ValueError,
     ["structure [*, *, *]", "output has *"]),
    ("integer cotangent", lambda: fg.vjp(lambda x: x * 2, X)[1](np.ones(3, int)), TypeError,
     ["cotangent 0 has dtype int64", "float or complex"]),
    ("primals not a tuple", lambda: fg.jvp(S, X, X), TypeError,
     ["primals and tangents must be tuples", "fg.jvp(f, (x,), (v,))"]),
    ("tangent of the wrong shape", lambda: fg.jvp(S, (X,), (np.ones(2),)), ValueError,
     ["tangent 0 has shape (2,)", "primal has shape (3,)"]),
    ("tangents of the wrong structure", lambda: fg.jvp(S, (X,), (X, X)), ValueError,
     ["tangents have structure (*, *)", "primals have (*,)", "one tangent per primal"]),
    # ---- functional: values that escape or lose their derivative ---------------------
    ("float() of a traced value", lambda: fg.grad(lambda x: float(x) * x)(1.0), TypeError,
     ["converted to a Python float", "drop its derivative", "stop_gradient"]),
    ("np.asarray of a traced value", lambda: fg.grad(lambda x: np.asarray(x).sum())(X), TypeError,
     ["cannot be converted to a numpy array", "funcgrad.numpy"]),
    ("traced value stored into a numpy array", lambda: fg.grad(_store_tracer)(X), ValueError,
     ["setting an array element with a sequence"]),     # the cause is funcgrad's TypeError
    ("tracer used after its transform", _leak, RuntimeError,
     ["escaped the transform that made it", "Return it as an output or auxiliary value"]),
    ("Python if on a batched value", lambda: fg.vmap(lambda a: a if a > 0 else -a)(X), TypeError,
     ["truth value of a batched value", "funcgrad.numpy.where"]),
    # ---- functional: vmap ------------------------------------------------------------
    ("vmap sizes differ", lambda: fg.vmap(lambda a, b: a + b)(np.ones((2, 3)), np.ones((3, 3))),
     ValueError, ["one common size", "argument 0 has 2", "argument 1 has 3", "None in in_axes"]),
    ("vmap in_axes length", lambda: fg.vmap(lambda a, b: a + b, in_axes=(0,))(X, X), ValueError,
     ["in_axes has 1 entries for 2 arguments"]),
    ("vmap axis out of range", lambda: fg.vmap(lambda a: a, in_axes=3)(np.ones((2, 3))),
     ValueError, ["in_axes=3 for argument 0 of shape (2, 3)", "[-2, 2)"]),
    ("vmap over a scalar", lambda: fg.vmap(lambda a: a)(1.0), ValueError,
     ["argument 0 of shape ()", "pass None for it"]),
    ("vmap with nothing mapped", lambda: fg.vmap(lambda a: a, in_axes=None)(X), ValueError,
     ["at least one argument must be mapped", "in_axes=0"]),
    # ---- functional: custom rules ----------------------------------------------------
    ("custom_vjp without a rule", lambda: fg.grad(lambda x: S(fg.custom_vjp(fnp.sin)(x)))(X),
     TypeError, ["no rule defined", "defvjp(fwd, bwd)"]),
    ("custom_vjp bwd returns a bare array", _cvjp(lambda res, g: g * 2), TypeError,
     ["bwd must return a tuple with one cotangent per argument (1)"]),
    ("custom_vjp bwd cotangent of the wrong shape", _cvjp(lambda res, g: (fnp.sum(g),)), ValueError,
     ["cotangent of shape ()", "input array 0 of shape (3,)", "its input's shape"]),
    ("custom_vjp bwd cotangent of the wrong structure", _cvjp(lambda res, g: ((g, g),)), TypeError,
     ["cotangent for argument 0 has 2 array(s)", "the argument has 1", "structure"]),
    ("custom_jvp without a rule", lambda: fg.jvp(fg.custom_jvp(fnp.sin), (X,), (X,)), TypeError,
     ["no rule defined", "defjvp"]),
    ("NaN argument under debug_nans", lambda: fg.debug_nans()(fg.grad(S))(np.array([np.nan, 1.0])),
     FloatingPointError, ["grad: argument 0 holds nan/inf", "numpy.isfinite"]),
    # ---- Tensor facade (PyTorch's texts) ----------------------------------------------
    ("Tensor: backward of a non-scalar", lambda: (_leaf() * 2).backward(), RuntimeError,
     ["grad can be implicitly created only for scalar outputs"]),
    ("Tensor: backward of a constant", lambda: fg.tensor([1.0]).sum().backward(), RuntimeError,
     ["element 0 of tensors does not require grad and does not have a grad_fn"]),
    ("Tensor: integer requires_grad", lambda: fg.tensor([1, 2], requires_grad=True), RuntimeError,
     ["Only Tensors of floating point and complex dtype can require gradients"]),
    ("Tensor: bool requires_grad_", lambda: fg.tensor([True]).requires_grad_(), RuntimeError,
     ["only Tensors of floating point dtype can require gradients"]),
    ("Tensor: backward twice (freed graph)", _twice, RuntimeError,
     ["Trying to backward through the graph a second time", "Specify retain_graph=True"]),
    ("Tensor: gradient of the wrong shape", lambda: (_leaf() * 2).backward(fg.ones(3)), RuntimeError,
     ["Mismatch in shape: grad_output[0] has a shape of funcgrad.Size([3])",
      "output[0] has a shape of funcgrad.Size([2])"]),
    ("Tensor: gradient not a Tensor", lambda: (_leaf() * 2).backward([1.0, 1.0]), TypeError,
     ["gradients can be either Tensors or None, but got float"]),
    ("Tensor: in-place on a leaf", lambda: _leaf().add_(1), RuntimeError,
     ["a leaf Variable that requires grad is being used in an in-place operation."]),
    ("Tensor: saved value modified", _version, RuntimeError,
     ["modified by an inplace operation", "output 0 of Exp", "set_detect_anomaly(True"]),
    ("Tensor: unused input to autograd.grad",
     lambda: fg.autograd.grad((_leaf() * 2).sum(), [_leaf()]), RuntimeError,
     ["at index 0 appears to not have been used in the graph", "allow_unused=True"]),
    ("Tensor: input not requiring grad",
     lambda: fg.autograd.grad((_leaf() * 2).sum(), [fg.tensor([1.0])]), RuntimeError,
     ["One of the differentiated Tensors does not require grad"]),
    ("Tensor: numpy() of a tensor requiring grad", lambda: _leaf().numpy(), RuntimeError,
     ["Use tensor.detach().numpy() instead."]),
    ("Tensor: hook changes the shape", lambda: _hook(lambda g: g.sum()), RuntimeError,
     ["hook '<lambda>' has changed the size of value"]),
    ("Tensor: hook returns a non-Tensor", lambda: _hook(lambda g: 1), TypeError,
     ["expected Variable, but hook returned 'int'"]),
    ("Tensor: .grad of the wrong shape",
     lambda: setattr(_leaf(), "grad", fg.zeros(3)), RuntimeError,
     ["gradient of size '[3]' to a tensor of size '[2]'"]),
    ("Tensor: requires_grad_(False) on a non-leaf", lambda: (_leaf() * 2).requires_grad_(False),
     RuntimeError, ["only change requires_grad flags of leaf variables", "detach()"]),
    ("Tensor: hook on a constant", lambda: fg.tensor([1.0]).register_hook(lambda g: g),
     RuntimeError, ["cannot register a hook on a tensor that doesn't require gradient"]),
    ("Tensor: ragged data", lambda: fg.tensor([[1.0, 2.0], [3.0]]), ValueError,
     ["expected sequence of length 2 at dim 1 (got 1)"]),
    ("Tensor: string data", lambda: fg.tensor("abc"), TypeError, ["invalid data type 'str'"]),
    ("Tensor: shapes do not broadcast", lambda: _leaf() + fg.ones(3), RuntimeError,
     ["size of tensor a (2) must match the size of tensor b (3)"]),
    ("Tensor: item() of several values", lambda: _leaf().item(), RuntimeError,
     ["a Tensor with 2 elements cannot be converted to Scalar"]),
    ("Tensor: dim out of range", lambda: _leaf().sum(dim=3), IndexError,
     ["Dimension out of range (expected to be in range of [-1, 0], but got 3)"]),
    ("Tensor: a CUDA device without a GPU", lambda: fg.tensor([1.0], device="cuda"),
     AssertionError, ["CUDA", "pip install 'funcgrad[gpu]'", "funcgrad.cuda.is_available()"]),
]

XFAIL_CASES = [
    ("Tensor: mixing devices", lambda: fg.tensor([1.0]) + fg.tensor([1.0], device="meta"),
     RuntimeError, ["is not on the expected device"],
     "facade: there are no 'meta' tensors (device='meta' is refused as unavailable); "
     "cpu/cuda mixing is tested in tests/tensor/test_device.py"),
]


def _check(call, exc, fragments):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(exc) as info:
            call()
    message = str(info.value)
    if info.value.__cause__ is not None:
        message += " | " + str(info.value.__cause__)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert active_traces() == []


@pytest.mark.parametrize("name, call, exc, fragments", CASES, ids=[c[0] for c in CASES])
def test_misuse_is_refused_with_a_message_naming_culprit_and_fix(name, call, exc, fragments):
    _check(call, exc, fragments)


@pytest.mark.parametrize("name, call, exc, fragments, reason",
                         [pytest.param(*c, marks=pytest.mark.xfail(strict=True, reason=c[4]))
                          for c in XFAIL_CASES], ids=[c[0] for c in XFAIL_CASES])
def test_misuse_not_yet_refused(name, call, exc, fragments, reason):
    _check(call, exc, fragments)


def test_the_table_is_large_and_covers_both_styles():
    tensor = [c for c in CASES if c[0].startswith("Tensor:")]
    assert len(CASES) >= 40 and len(tensor) >= 15 and len(CASES) - len(tensor) >= 25


def test_storing_a_tracer_names_the_fix_in_the_cause():
    with pytest.raises(ValueError) as info:
        fg.grad(_store_tracer)(X)
    assert isinstance(info.value.__cause__, TypeError)
    assert re.search(r"fnp\.stack, fnp\.concatenate, fnp\.where", str(info.value.__cause__))


# ---- documented: accepted inputs that may look suspicious ---------------------------

def _vjp_twice():
    _, pullback = fg.vjp(lambda x: fnp.sin(x) * x, X)
    first, second = pullback(np.ones(3))[0], pullback(np.ones(3))[0]
    assert np.array_equal(first, second)
    return first


def _tensor_retain_twice():
    x = fg.tensor(X, requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    return x.grad.numpy()


ACCEPTED = [
    ("vjp_fn called twice gives the same cotangents", _vjp_twice,
     np.sin(X) + X * np.cos(X)),
    ("retain_graph=True allows a second backward (gradients add up)", _tensor_retain_twice, 4 * X),
    ("empty array: an empty gradient", lambda: fg.grad(lambda x: fnp.sum(x))(np.zeros(0)),
     np.zeros(0)),
    ("0-d array: a 0-d gradient", lambda: fg.grad(lambda x: x * x)(np.array(3.0)), np.array(6.0)),
    ("integer argument excluded by argnums",
     lambda: fg.grad(lambda x, n: S(x) * n)(X, 2), 4 * X),
    ("NaN input without debug_nans: NaN gradients, no error",
     lambda: fg.grad(S)(np.array([np.nan, 1.0])), np.array([np.nan, 2.0])),
    ("constant output: zero gradient", lambda: fg.grad(lambda x: 1.0)(X), np.zeros(3)),
    ("float32 cotangent for a float64 output is cast",
     lambda: fg.vjp(lambda x: x * 2, X)[1](np.ones(3, np.float32))[0], 2 * np.ones(3)),
    ("Tensor: empty tensor backward", lambda: (lambda t: (t.sum().backward(), t.grad.numpy())[1])(
        fg.zeros(0, requires_grad=True)), np.zeros(0)),
    ("Tensor: NaN input gives NaN grad",
     lambda: (lambda t: (t.sqrt().sum().backward(), t.grad.numpy())[1])(
         fg.tensor([-1.0], requires_grad=True)), np.array([np.nan])),
]


@pytest.mark.parametrize("name, call, expected", ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_documented_accepted_inputs(name, call, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = np.asarray(call())
    assert got.shape == np.shape(expected)
    np.testing.assert_allclose(got, expected, rtol=1e-6, equal_nan=True)
