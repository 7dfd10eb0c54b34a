"""Misuse of the Tensor facade raises PyTorch's exception types with PyTorch's texts,
and PyTorch's warnings are emitted (spec sections 1-13; texts name funcgrad where
PyTorch names torch)."""
import re

import pytest

import funcgrad as torch
from funcgrad.autograd import engine
from funcgrad.tensors import _factories


@pytest.fixture(autouse=True)
def fresh_state():
    engine._warned[0] = False
    _factories._scalar_warned[0] = False
    torch.set_grad_enabled(True)
    yield
    torch.set_grad_enabled(True)


def raises(exc, text):
    return pytest.raises(exc, match="^" + re.escape(text) + "$")


FREED = ("Trying to backward through the graph a second time (or directly access saved tensors "
         "after they have already been freed). Saved intermediate values of the graph are freed "
         "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
         "backward through the graph a second time or if you need to access saved tensors after "
         "calling backward.")


def test_backward_of_non_scalar_needs_a_gradient():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with raises(RuntimeError, "grad can be implicitly created only for scalar outputs"):
        (x * 2).backward()


def test_gradient_of_wrong_shape():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    with raises(RuntimeError, "Mismatch in shape: grad_output[0] has a shape of "
                              "funcgrad.Size([2]) and output[0] has a shape of "
                              "funcgrad.Size([3])."):
        (x * 2).backward(torch.ones(2))
    with raises(RuntimeError, "Mismatch in shape: grad_output[1] has a shape of "
                              "funcgrad.Size([3]) and output[1] has a shape of "
                              "funcgrad.Size([2])."):
        y = torch.tensor([1.0, 2.0], requires_grad=True)
        torch.autograd.backward([y * 2, y * 3], [torch.ones(2), torch.ones(3)])


def test_non_tensor_gradients():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with raises(TypeError, "'float' object is not iterable"):
        (x * 2).sum().backward(2.0)
    with raises(TypeError, "gradients can be either Tensors or None, but got float"):
        (x * 2).backward(gradient=[1.0, 1.0])


def test_output_without_grad():
    with raises(RuntimeError, "element 0 of tensors does not require grad and does not have a "
                              "grad_fn"):
        torch.tensor(3.0).backward()


def test_second_backward_through_freed_graph():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with raises(RuntimeError, FREED):
        y.backward()
    z = (x + 1).sum()   # saves nothing: a second backward works
    z.backward()
    z.backward()


@pytest.mark.parametrize("make", [
    lambda: torch.tensor([1, 2, 3], requires_grad=True),
    lambda: torch.ones(3, dtype=torch.long, requires_grad=True),
    lambda: torch.arange(3, requires_grad=True),
    lambda: torch.full((2, 2), 7, requires_grad=True),
    lambda: torch.tensor(True, requires_grad=True),
    lambda: torch.autograd.Variable(torch.tensor([1]), requires_grad=True),
])
def test_integer_tensors_cannot_require_grad_at_creation(make):
    with raises(RuntimeError, "Only Tensors of floating point and complex dtype can require "
                              "gradients"):
        make()


def test_integer_tensors_cannot_require_grad_afterwards():
    t = torch.tensor([1, 2])
    with raises(RuntimeError, "only Tensors of floating point dtype can require gradients"):
        t.requires_grad_()
    with raises(RuntimeError, "only Tensors of floating point and complex dtype can require "
                              "gradients"):
        t.requires_grad = True
    x = torch.ones(2, requires_grad=True)
    with raises(RuntimeError, "data set to a tensor that requires gradients must be floating "
                              "point or complex dtype"):
        x.data = t
    t.requires_grad_(False)   # no-ops
    t.requires_grad = False


def test_in_place_on_leaf_requiring_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with raises(RuntimeError, "a leaf Variable that requires grad is being used in an in-place "
                              "operation."):
        x.add_(1)
    with raises(RuntimeError, "a view of a leaf Variable that requires grad is being used in an "
                              "in-place operation."):
        x[0] = 5.0
    with torch.no_grad():
        x.mul_(2)
    assert x._version == 1


def test_saved_tensor_modified_in_place():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    y.add_(1)
    with raises(RuntimeError, "one of the variables needed for gradient computation has been "
                              "modified by an inplace operation: [funcgrad.FloatTensor [2]], which "
                              "is output 0 of Exp, is at version 1; expected version 0 instead. "
                              "Hint: enable anomaly detection to find the operation that failed "
                              "to compute its gradient, with funcgrad.autograd.set_detect_anomaly("
                              "True, check_nan=False)."):
        y.sum().backward()
    w = torch.ones(2, 2, requires_grad=True)
    out = torch.ones(2, 2, requires_grad=True).mm(w)   # MmBackward0 saves w
    with torch.no_grad():
        w.add_(1)
    with pytest.raises(RuntimeError, match=re.escape("[funcgrad.FloatTensor [2, 2]] is at "
                                                     "version 1; expected version 0 instead.")):
        out.sum().backward()


def test_unused_input_to_grad():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([1.0, 1.0], requires_grad=True)
    with raises(RuntimeError, "The differentiated Tensor at index 1 appears to not have been used "
                              "in the graph. Set allow_unused=True if this is the desired "
                              "behavior."):
        torch.autograd.grad((x * x).sum(), [x, w])
    with raises(ValueError, "Expected allow_unused to be True or not passed when "
                            "materialize_grads=True, but got: allow_unused=False."):
        torch.autograd.grad((x * x).sum(), [x, w], allow_unused=False, materialize_grads=True)
    with raises(RuntimeError, "One of the differentiated Tensors does not require grad"):
        torch.autograd.grad((x * x).sum(), [x, torch.ones(2)])


def test_hooks_returning_wrong_values():
    def named_hook(g):
        return torch.ones(3)
    for hook, exc, text in [
            (named_hook, RuntimeError, "hook 'named_hook' has changed the size of value"),
            (lambda g: g.double(), RuntimeError, "hook '<lambda>' has changed the type of value "
                                                 "(was funcgrad.FloatTensor got "
                                                 "funcgrad.DoubleTensor)"),
            (lambda g: 1, TypeError, "expected Variable, but hook returned 'int'")]:
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        x.register_hook(hook)
        with raises(exc, text):
            (x * 2).sum().backward()
        assert x.grad is None
    with raises(RuntimeError, "cannot register a hook on a tensor that doesn't require gradient"):
        torch.ones(2).register_hook(lambda g: g)


def test_views_modified_in_place():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1
    with raises(RuntimeError, "Output 0 of Unbind is a view and is being modified inplace. This "
                              "view is the output of a function that returns multiple views. Such "
                              "functions do not allow the output views to be modified inplace. "
                              "You should replace the inplace operation by an out-of-place one."):
        y.unbind()[0].mul_(2)
    with torch.no_grad():
        v = y[:2]
    with pytest.raises(RuntimeError, match="^A view was created in no_grad mode and is being "
                                           "modified inplace with grad mode enabled"):
        v.mul_(2)
    with pytest.raises(RuntimeError, match="^Can't detach views in-place. Use detach() instead."
                                           .replace("(", r"\(").replace(")", r"\)")):
        y[:1].detach_()


def test_conversion_errors():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with raises(RuntimeError, "Can't call numpy() on Tensor that requires grad. Use "
                              "tensor.detach().numpy() instead."):
        x.numpy()
    with raises(ValueError, "only one element tensors can be converted to Python scalars"):
        float(x)
    with raises(RuntimeError, "Boolean value of Tensor with more than one value is ambiguous"):
        bool(x)
    with raises(TypeError, "len() of a 0-d tensor"):
        len(torch.tensor(1.0))
    with raises(ValueError, "expected sequence of length 2 at dim 1 (got 1)"):
        torch.tensor([[1.0, 2.0], [3.0]])
    with raises(TypeError, "new(): invalid data type 'str'"):
        torch.tensor("a")
    with raises(ValueError, "Overflow when unpacking long long"):
        torch.tensor(2 ** 63)
    with raises(TypeError, "only floating-point types are supported as the default type"):
        torch.set_default_dtype(torch.int64)


def test_warnings():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    with pytest.warns(UserWarning, match=re.escape("The .grad attribute of a Tensor that is not a "
                                                   "leaf Tensor is being accessed.")):
        assert y.grad is None
    with pytest.warns(UserWarning, match=re.escape("To copy construct from a tensor, it is "
                                                   "recommended to use")):
        torch.tensor(x)
    with pytest.warns(UserWarning, match=re.escape("Converting a tensor with requires_grad=True "
                                                   "to a scalar may lead to unexpected behavior."
                                                   "\nConsider using tensor.detach() first.")):
        torch.tensor([x[0], x[1]])
    with pytest.warns(UserWarning, match=re.escape("Using backward() with create_graph=True will "
                                                   "create a reference cycle")):
        (x ** 3).sum().backward(create_graph=True)
    with pytest.warns(FutureWarning, match=re.escape("`grad_variables` is deprecated. Use "
                                                     "`grad_tensors` instead.")):
        torch.autograd.backward((x * 2).sum(), grad_variables=torch.tensor(1.0))
    with pytest.warns(FutureWarning, match=re.escape("only_inputs argument is deprecated")):
        torch.autograd.grad((x * x).sum(), x, only_inputs=False)
    with pytest.warns(UserWarning, match=re.escape("volatile was removed and now has no effect. "
                                                   "Use `with torch.no_grad():` instead.")):
        torch.autograd.Variable(torch.ones(2), volatile=True)
    with pytest.warns(UserWarning, match=re.escape("volatile was removed (Variable.volatile is "
                                                   "always False)")):
        assert torch.ones(2).volatile is False
    with pytest.warns(UserWarning, match=re.escape("Anomaly Detection has been enabled.")):
        with torch.autograd.detect_anomaly():
            pass


def test_function_misuse():
    class MyExp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, i):
            return i.exp()

        @staticmethod
        def backward(ctx, g):
            return g, g

    x = torch.tensor([0.0], requires_grad=True)
    with pytest.warns(DeprecationWarning, match="should not be instantiated"):
        instance = MyExp()
    with pytest.raises(RuntimeError, match="^Legacy autograd function with non-static forward"):
        instance(x)
    with raises(RuntimeError, "function MyExpBackward returned an incorrect number of gradients "
                              "(expected 1, got 2)"):
        MyExp.apply(x).sum().backward()
