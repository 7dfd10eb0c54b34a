"""nn.Module and nn.Linear against torch.nn: registration, traversal, modes, grads, repr.

(Their device moves, to/cuda/cpu, are tested with the other device paths in
test_device.py.)
"""
import numpy as np
import pytest

import funcgrad as fg

torch = pytest.importorskip("torch")


def _build(nn):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.first = nn.Linear(3, 4)
            self.second = nn.Linear(4, 2, bias=False)
            self.register_buffer("running", nn.Parameter(torch_like(nn).zeros(2)).detach())

        def forward(self, x):
            return self.second(self.first(x).relu()) + self.running
    return Net()


def torch_like(nn):
    return fg if nn is fg.nn else torch


def test_registration_and_traversal_match_torch():
    ours, theirs = _build(fg.nn), _build(torch.nn)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [tuple(p.shape) for p in ours.parameters()] == \
        [tuple(p.shape) for p in theirs.parameters()]
    assert repr(ours).replace("funcgrad", "torch") == repr(theirs)
    assert ours.second.bias is None


def test_forward_and_backward_match_torch_with_the_same_weights():
    ours, theirs = _build(fg.nn), _build(torch.nn)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        with fg.no_grad():
            p.copy_(fg.tensor(q.detach().numpy()))
    x = np.linspace(-1, 1, 15, dtype=np.float32).reshape(5, 3)
    ours(fg.tensor(x)).pow(2).sum().backward()
    theirs(torch.tensor(x)).pow(2).sum().backward()
    for p, q in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-5, atol=1e-7)
    ours.zero_grad()
    assert all(p.grad is None for p in ours.parameters())


def test_linear_init_is_bounded_as_torch():
    fg.manual_seed(0)
    layer = fg.nn.Linear(16, 8)
    bound = 1 / 4
    assert layer.weight.abs().max().item() <= bound and layer.bias.abs().max().item() <= bound
    assert layer.weight.requires_grad and layer.weight.is_leaf


def test_modes_requires_grad_and_attribute_errors():
    net = _build(fg.nn)
    assert net.training and not net.eval().training and not net.first.training
    assert net.train().first.training
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())
    with pytest.raises(AttributeError, match="no attribute 'missing'"):
        net.missing
    with pytest.raises(TypeError, match="funcgrad.nn.Parameter or None required"):
        net.register_parameter("w", fg.ones(1))
    with pytest.raises(NotImplementedError, match='missing the required "forward"'):
        fg.nn.Module()(1)


def test_double_casts_floating_parameters_and_buffers_in_place():
    net = _build(fg.nn)
    weight = net.first.weight
    net.double()
    assert net.first.weight is weight and weight.dtype == fg.float64
    assert net.running.dtype == fg.float64
    out = net(fg.ones(1, 3, dtype=fg.float64))
    assert out.dtype == fg.float64
