"""Differential tests for the facade fixes of a docstring review (fmod, integer sums,
masked_fill's value gradient, normal_, linear's AddmmBackward0, method names, alpha,
H/mH/real/imag, floor_divide's backward).

Each case is a snippet and the lines funcgrad prints (so the test means something without
torch); with torch installed the same snippet must print the same under torch.
"""
import pytest

import funcgrad

from .difftools import reset, run

CASES = {
    "fmod": ("""
a = torch.tensor([-5.0, 5.0, -3.5, 7.0], requires_grad=True)
b = torch.tensor([3.0, -3.0, 2.0, 2.5], requires_grad=True)
y = torch.fmod(a, b)
print(y, y.grad_fn, len(y.grad_fn.next_functions))
y.sum().backward(); print(a.grad, b.grad)
z = a.fmod(2.0); print(z, z.grad_fn, len(z.grad_fn.next_functions))
print(torch.fmod(torch.tensor([-5, 5]), 3), torch.remainder(torch.tensor([-5, 5]), 3))
""", """
tensor([-2.0000,  2.0000, -1.5000,  2.0000], grad_fn=<FmodBackward1>) <FmodBackward1 object at 0x?> 2
tensor([1., 1., 1., 1.]) tensor([ 1.,  1.,  1., -2.])
tensor([-1.0000,  1.0000, -1.5000,  1.0000], grad_fn=<FmodBackward0>) <FmodBackward0 object at 0x?> 1
tensor([-2,  2]) tensor([1, 2])
"""),
    "fmod_": ("""
c = torch.tensor([-5.0, 5.0], requires_grad=True).clone()
c.fmod_(3.0); print(c, c.grad_fn)
w = torch.tensor([-5.0, 5.0], requires_grad=True); v = w.clone()
v.fmod_(torch.tensor([3.0, -3.0])); v.sum().backward(); print(v, w.grad)
e = torch.tensor([-5.0, 5.0]); e.remainder_(3.0); print(e)
""", """
tensor([-2.,  2.], grad_fn=<FmodBackward0>) <FmodBackward0 object at 0x?>
tensor([-2.,  2.], grad_fn=<FmodBackward1>) tensor([1., 1.])
tensor([1., 2.])
"""),
    "integer sums": ("""
for dt in [torch.uint8, torch.int8, torch.int16, torch.int32, torch.bool]:
    x = torch.tensor([[1, 2], [3, 0]], dtype=dt)
    print(x.sum().dtype, x.sum(0).tolist(), x.cumsum(0).dtype, x.cumsum(1).tolist(),
          x.prod().dtype, x.prod(0).tolist(), torch.sum(x).item())
x = torch.tensor([200, 100], dtype=torch.uint8)
print(x.sum(), x.cumsum(0), x.sum(dtype=torch.int16).dtype, x.cumsum(0, dtype=torch.uint8))
""", """
torch.int64 [4, 2] torch.int64 [[1, 3], [3, 3]] torch.int64 [3, 0] 6
torch.int64 [4, 2] torch.int64 [[1, 3], [3, 3]] torch.int64 [3, 0] 6
torch.int64 [4, 2] torch.int64 [[1, 3], [3, 3]] torch.int64 [3, 0] 6
torch.int64 [4, 2] torch.int64 [[1, 3], [3, 3]] torch.int64 [3, 0] 6
torch.int64 [2, 1] torch.int64 [[1, 2], [1, 1]] torch.int64 [1, 0] 3
tensor(300) tensor([200, 300]) torch.int16 tensor([200,  44], dtype=torch.uint8)
"""),
    "masked_fill value": ("""
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
v = torch.tensor(5.0, requires_grad=True)
m = torch.tensor([[True, False], [True, True]])
y = x.masked_fill(m, v)
print(y.grad_fn, [type(f).__name__ for f, _ in y.grad_fn.next_functions])
(y * torch.tensor([[1.0, 2.0], [3.0, 4.0]])).sum().backward(); print(x.grad, v.grad)
y2 = torch.tensor([1.0, 2.0]).masked_fill(torch.tensor([True, False]), v)
print(y2, y2.grad_fn.next_functions[0])
print(x.masked_fill(m, torch.tensor(7.0)).grad_fn, x.masked_fill(m, 7.0).grad_fn)
z = x.clone(); z.masked_fill_(m, v); print(z.grad_fn)
z.sum().backward(); print(v.grad)
x.masked_fill(m, torch.tensor([1.0, 2.0]))
""", """
<MaskedFillBackward1 object at 0x?> ['AccumulateGrad', 'AccumulateGrad']
tensor([[0., 2.],
        [0., 0.]]) tensor(8.)
tensor([5., 2.], grad_fn=<MaskedFillBackward1>) (None, 0)
<MaskedFillBackward1 object at 0x?> <MaskedFillBackward0 object at 0x?>
<MaskedFillBackward1 object at 0x?>
tensor(11.)
EXC RuntimeError: masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).
"""),
    "normal_": ("""
for name in ["uniform_", "normal_", "zero_", "fill_"]:
    x = torch.zeros(3, requires_grad=True)
    y = x * 2
    getattr(y, name)(*([1.0] if name == "fill_" else []))
    y.sum().backward()
    print(y.grad_fn, y.grad_fn.next_functions[0][0], x.grad)
""", """
<UniformBackward0 object at 0x?> <MulBackward0 object at 0x?> tensor([0., 0., 0.])
<NormalBackward0 object at 0x?> <MulBackward0 object at 0x?> tensor([0., 0., 0.])
<ZeroBackward0 object at 0x?> <MulBackward0 object at 0x?> tensor([0., 0., 0.])
<FillBackward2 object at 0x?> <MulBackward0 object at 0x?> tensor([0., 0., 0.])
"""),
    "fill_ tensor": ("""
x = torch.zeros(3, requires_grad=True); v = torch.tensor(2.0, requires_grad=True)
y = x * 2; y.fill_(v); y.sum().backward(); print(y.grad_fn, x.grad, v.grad)
""", """
<FillBackward3 object at 0x?> tensor([0., 0., 0.]) tensor(3.)
"""),
    "linear nodes": ("""
W = torch.ones(3, 4, requires_grad=True); b = torch.ones(3, requires_grad=True)
def names(fn, depth=3):
    if fn is None or depth == 0:
        return str(None) if fn is None else type(fn).__name__
    return type(fn).__name__ + "(" + ", ".join(names(f, depth - 1) for f, _ in fn.next_functions) + ")"
for shape in [(4,), (2, 4), (5, 2, 4)]:
    x = torch.ones(*shape, requires_grad=True)
    for bias in [b, None]:
        out = torch.nn.functional.linear(x, W, bias)
        print(tuple(out.shape), names(out.grad_fn))
        out.sum().backward()
        print(x.grad.sum().item(), W.grad.sum().item(), None if bias is None else b.grad.sum().item())
        W.grad = None; b.grad = None; x.grad = None
m = torch.nn.Linear(4, 3)
print(names(m(torch.ones(2, 4)).grad_fn))
""", """
(3,) ViewBackward0(AddmmBackward0(AccumulateGrad(), ViewBackward0(AccumulateGrad), TBackward0(AccumulateGrad)))
12.0 12.0 3.0
(3,) SqueezeBackward4(MmBackward0(UnsqueezeBackward0(AccumulateGrad), TBackward0(AccumulateGrad)))
12.0 12.0 None
(2, 3) AddmmBackward0(AccumulateGrad(), AccumulateGrad(), TBackward0(AccumulateGrad()))
24.0 24.0 6.0
(2, 3) MmBackward0(AccumulateGrad(), TBackward0(AccumulateGrad()))
24.0 24.0 None
(5, 2, 3) ViewBackward0(AddmmBackward0(AccumulateGrad(), ViewBackward0(AccumulateGrad), TBackward0(AccumulateGrad)))
120.0 120.0 30.0
(5, 2, 3) UnsafeViewBackward0(MmBackward0(ViewBackward0(AccumulateGrad), TBackward0(AccumulateGrad)))
120.0 120.0 None
AddmmBackward0(AccumulateGrad(), None, TBackward0(AccumulateGrad()))
"""),
    "alpha": ("""
a = torch.tensor([1.0, 2.0], requires_grad=True); b = torch.tensor([3.0, 4.0], requires_grad=True)
for f in ["add", "sub"]:
    y = getattr(a, f)(b, alpha=2)
    print(y, [type(n).__name__ for n, _ in y.grad_fn.next_functions])
    y.sum().backward(); print(a.grad, b.grad); a.grad = None; b.grad = None
    c = a * 1; getattr(c, f + "_")(b, alpha=2)
    print(c.grad_fn, [type(n).__name__ for n, _ in c.grad_fn.next_functions])
    c.sum().backward(); print(b.grad); b.grad = None; a.grad = None
x = torch.ones(2, 1, dtype=torch.float64, requires_grad=True); y = torch.ones(3, requires_grad=True)
z = x.sub(y, alpha=3); z.sum().backward(); print(x.grad.dtype, x.grad.shape, y.grad)
torch.tensor([1, 2]).add(torch.tensor([1, 2]), alpha=2.5)
""", """
tensor([ 7., 10.], grad_fn=<AddBackward0>) ['AccumulateGrad', 'AccumulateGrad']
tensor([1., 1.]) tensor([2., 2.])
<AddBackward0 object at 0x?> ['MulBackward0', 'AccumulateGrad']
tensor([2., 2.])
tensor([-5., -6.], grad_fn=<SubBackward0>) ['AccumulateGrad', 'AccumulateGrad']
tensor([1., 1.]) tensor([-2., -2.])
<SubBackward0 object at 0x?> ['MulBackward0', 'AccumulateGrad']
tensor([-2., -2.])
torch.float64 torch.Size([2, 1]) tensor([-6., -6., -6.])
EXC RuntimeError: For integral input tensors, argument alpha must not be a floating point number.
"""),
    "H real imag": ("""
z = torch.tensor([[1+2j, 3-1j], [0.5j, 2+1j]], requires_grad=True)
print(z.H, z.mH.grad_fn, z.H.grad_fn.next_functions[0][0])
r, i = z.real, z.imag
print(r, i, r.requires_grad, r._base is z, r.grad_fn)
(r.sum() * 2 + (i * i).sum()).backward(); print(z.grad)
y = z * 2; r = y.real; r.mul_(3); print(y.grad_fn)
w = torch.zeros(2, dtype=torch.complex64); w.real[0] = 5; w.imag[1] = 3; print(w)
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
print(x.H.grad_fn, x.mH.grad_fn, x.real is x, torch.ones(2, 2, 3, dtype=torch.complex64).mH.shape)
for f in [lambda: x.imag, lambda: torch.ones(2).H, lambda: torch.ones(2, 2, 2).H, lambda: torch.ones(3).mH]:
    try:
        f()
    except RuntimeError as e:
        print(e)
""", """
tensor([[1.-2.0000j, 0.-0.5000j],
        [3.+1.0000j, 2.-1.0000j]], grad_fn=<ConjBackward0>) <ConjBackward0 object at 0x?> <TransposeBackward0 object at 0x?>
tensor([[1., 3.],
        [0., 2.]], grad_fn=<SelectBackward0>) tensor([[ 2.0000, -1.0000],
        [ 0.5000,  1.0000]], grad_fn=<SelectBackward0>) True True <SelectBackward0 object at 0x?>
tensor([[2.+4.j, 2.-2.j],
        [2.+1.j, 2.+2.j]])
<CopySlices object at 0x?>
tensor([5.+0.j, 0.+3.j])
<TransposeBackward0 object at 0x?> <TransposeBackward0 object at 0x?> True torch.Size([2, 3, 2])
imag is not implemented for tensors with non-complex dtypes.
tensor.H is only supported on matrices (2-D tensors). Got 1-D tensor.
tensor.H is only supported on matrices (2-D tensors). Got 3-D tensor. For batches of matrices, consider using tensor.mH
tensor.mH is only supported on matrices or batches of matrices. Got 1-D tensor.
"""),
    "floor_divide": ("""
a = torch.tensor([5.0, -7.0], requires_grad=True); b = torch.tensor([2.0, 2.0], requires_grad=True)
for f in [lambda: torch.floor_divide(a, b), lambda: a // 2, lambda: 9 // a, lambda: a.floor_divide(b)]:
    y = f(); print(y, y.requires_grad)
    try:
        y.sum().backward()
    except RuntimeError as e:
        print(e, a.grad, b.grad)
print(torch.tensor([7, -7]) // 2, (a * 0 + (a // 2).detach()).sum().backward(), a.grad)
""", """
tensor([ 2., -4.], grad_fn=<NotImplemented>) True
derivative for aten::floor_divide is not implemented None None
tensor([ 2., -4.], grad_fn=<NotImplemented>) True
derivative for aten::floor_divide is not implemented None None
tensor([ 1., -2.], grad_fn=<NotImplemented>) True
derivative for aten::floor_divide is not implemented None None
tensor([ 2., -4.], grad_fn=<NotImplemented>) True
derivative for aten::floor_divide is not implemented None None
tensor([ 3, -4]) None tensor([0., 0.])
"""),
}


def _lines(text):
    return [line.rstrip() for line in text.strip().splitlines()]


@pytest.mark.parametrize("name", sorted(CASES))
def test_funcgrad_prints_expected(name):
    code, expected = CASES[name]
    reset(funcgrad)
    assert run(code, funcgrad) == _lines(expected)


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_as_torch(name):
    torch = pytest.importorskip("torch")
    code, _ = CASES[name]
    reset(funcgrad)
    reset(torch)
    assert run(code, funcgrad) == run(code, torch)


def test_methods_and_functions_are_named_after_their_attribute():
    import types

    from funcgrad import _facade_namespace
    bad = []
    for name, value in vars(funcgrad.Tensor).items():
        fn = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
        if isinstance(fn, types.FunctionType) and (
                fn.__name__ != name or fn.__qualname__ != "Tensor." + name):
            bad.append(name)
    for name in _facade_namespace.__all__:
        fn = getattr(funcgrad, name)
        if isinstance(fn, types.FunctionType) and (fn.__name__ != name or fn.__qualname__ != name):
            bad.append("funcgrad." + name)
    assert bad == []
    assert (funcgrad.Tensor.sin.__name__, funcgrad.Tensor.sin.__qualname__) == ("sin", "Tensor.sin")
    assert funcgrad.Tensor.divide.__name__ == "divide" and funcgrad.Tensor.div.__name__ == "div"
    assert funcgrad.Tensor.divide.__doc__ == funcgrad.Tensor.div.__doc__
    assert (funcgrad.concat.__name__, funcgrad.sin.__qualname__) == ("concat", "sin")
    x = funcgrad.tensor([1.0, 4.0])
    assert funcgrad.Tensor.divide(x, 2.0).tolist() == funcgrad.Tensor.div(x, 2.0).tolist()


def test_same_as_torch_names():
    torch = pytest.importorskip("torch")
    for name in ["sin", "div", "divide", "add", "__add__", "masked_fill", "fmod", "sum"]:
        assert getattr(funcgrad.Tensor, name).__name__ == getattr(torch.Tensor, name).__name__
    for name in ["sin", "cat", "concat", "sum"]:
        assert getattr(funcgrad, name).__name__ == getattr(torch, name).__name__
