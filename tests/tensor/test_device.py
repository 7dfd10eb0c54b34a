"""The Tensor facade on devices: device=, .device, .to/.cuda/.cpu, funcgrad.cuda, reprs,
PyTorch's device errors.

The GPU paths run on the hostless backend (`hostless_cuda` fixture): numpy arrays
behind a wall that refuses every implicit host conversion, registered as "cuda", so
a test passing here proves the facade copied between host and device only where it
says it does. PyTorch (CPU build) is the oracle for the texts it can produce here.
"""
import pickle

import numpy as np
import pytest

import funcgrad as fg
from tests.backend import hostless
from tests.backend.hostless import HostlessArray

torch = pytest.importorskip("torch")


@pytest.fixture
def strict_indices(hostless_cuda, monkeypatch):
    """The hostless "cuda" device, also refusing index arrays left in host memory (a device
    array indexed with a numpy array would copy it to the device behind the code's back)."""
    def check(index):
        for i in index if isinstance(index, tuple) else (index,):
            if isinstance(i, np.ndarray) and i.ndim > 0:
                raise hostless.HostConversionError(f"a host index array of shape {i.shape} "
                                                   f"used on a device array")
    get, put, scatter = HostlessArray.__getitem__, HostlessArray.__setitem__, \
        hostless_cuda.scatter_add
    monkeypatch.setattr(HostlessArray, "__getitem__", lambda a, i: (check(i), get(a, i))[1])
    monkeypatch.setattr(HostlessArray, "__setitem__", lambda a, i, v: (check(i), put(a, i, v))[1])
    monkeypatch.setattr(hostless_cuda, "scatter_add",
                        lambda out, i, v: (check(i), scatter(out, i, v))[1])
    return hostless_cuda


def on_device(t):
    """True when t's data is a device (hostless) array, not a numpy one."""
    return type(t._data) is HostlessArray


def host(t):
    return fg.backend.to_device(t.detach()._data, "cpu")


# ---- funcgrad.device -----------------------------------------------------------------


@pytest.mark.parametrize("args", [("cpu",), ("cuda",), ("cuda:0",), ("cuda", 1), (0,),
                                  ("cuda:3",), ("meta",), ("cpu", 0)])
def test_device_objects_print_compare_and_hash_as_torch(args):
    ours, theirs = fg.device(*args), torch.device(*args) if args != (0,) else \
        torch.device("cuda", 0)
    assert repr(ours) == repr(theirs)
    assert str(ours) == str(theirs)
    assert (ours.type, ours.index) == (theirs.type, theirs.index)
    assert ours == fg.device(str(ours)) and hash(ours) == hash(fg.device(str(ours)))
    assert (ours == str(ours)) == (theirs == str(theirs))    # never equal to a string
    assert pickle.loads(pickle.dumps(ours)) == ours


@pytest.mark.parametrize("args", [("gpu",), ("cuda:x",), ("cuda:-1",), ("cuda: 1",),
                                  ("cuda", -1), ("cuda:1", 2), ("CUDA",)])
def test_malformed_devices_raise_torch_errors(args):
    with pytest.raises(RuntimeError) as theirs:
        torch.device(*args)
    with pytest.raises(RuntimeError) as ours:
        fg.device(*args)
    assert str(ours.value) == str(theirs.value)


def test_device_is_immutable():
    d = fg.device("cuda:0")
    with pytest.raises(AttributeError):
        d.index = 1


# ---- without a CUDA device ---------------------------------------------------------------


def test_without_a_gpu_cuda_is_unavailable_and_asking_names_the_fix():
    assert not fg.cuda.is_available()
    assert fg.cuda.device_count() == 0
    for ask in (lambda: fg.ones(2, device="cuda"), lambda: fg.ones(2).cuda(),
                lambda: fg.ones(2).to("cuda"), lambda: fg.tensor([1.0], device="cuda:0"),
                fg.cuda.current_device, lambda: fg.cuda.FloatTensor([1.0])):
        with pytest.raises(AssertionError) as info:     # PyTorch's type on a CPU-only build
            ask()
        assert isinstance(info.value, RuntimeError)
        assert "pip install 'funcgrad[gpu]'" in str(info.value)
        assert "funcgrad.cuda.is_available()" in str(info.value)


def test_cuda_memory_functions_are_no_ops_without_a_device():
    fg.cuda.empty_cache()                   # as torch.cuda.empty_cache on a CPU-only build
    assert fg.cuda.memory_allocated() == 0 == torch.cuda.memory_allocated()


def test_cpu_tensors_report_the_cpu_as_torch():
    x, tx = fg.ones(2), torch.ones(2)
    assert repr(x.device) == repr(tx.device)
    assert (x.is_cuda, x.get_device(), x.type()) == (tx.is_cuda, tx.get_device(),
                                                      tx.type().replace("torch", "funcgrad"))
    assert x.cpu() is x and x.to("cpu") is x and x.to(fg.device("cpu")) is x
    with pytest.raises(AttributeError, match="non-CUDA tensor type: funcgrad.FloatTensor"):
        x.__cuda_array_interface__
    assert not hasattr(x, "__cuda_array_interface__")


def test_unsupported_device_types_are_refused():
    with pytest.raises(RuntimeError, match="'cpu' .* and 'cuda'"):
        fg.zeros(2, device="mps")


# ---- on the (hostless) CUDA device ---------------------------------------------------------


def test_cuda_module_under_a_cuda_backend(hostless_cuda):
    assert fg.cuda.is_available()
    assert fg.cuda.device_count() == 1
    assert fg.cuda.current_device() == 0
    assert "hostless" in fg.cuda.get_device_name()
    fg.cuda.set_device(0)
    fg.cuda.set_device("cuda:0")
    fg.cuda.synchronize()
    assert fg.cuda.is_initialized()
    with pytest.raises(AssertionError, match="device_count"):
        fg.cuda.set_device(1)
    with pytest.raises(AssertionError, match="has 1 CUDA device"):
        fg.ones(2, device="cuda:1")


FACTORIES = [
    ("tensor", lambda d: fg.tensor([1.0, 2.0], device=d)),
    ("as_tensor", lambda d: fg.as_tensor(np.arange(3.0), device=d)),
    ("scalar_tensor", lambda d: fg.scalar_tensor(2.0, device=d)),
    ("zeros", lambda d: fg.zeros(2, 3, device=d)),
    ("ones", lambda d: fg.ones((2,), device=d)),
    ("empty", lambda d: fg.empty(2, device=d)),
    ("full", lambda d: fg.full((2,), 7, device=d)),
    ("eye", lambda d: fg.eye(3, device=d)),
    ("arange", lambda d: fg.arange(5, device=d)),
    ("linspace", lambda d: fg.linspace(0, 1, 5, device=d)),
    ("logspace", lambda d: fg.logspace(0, 1, 5, device=d)),
    ("rand", lambda d: fg.rand(3, device=d)),
    ("randn", lambda d: fg.randn(3, device=d)),
    ("randint", lambda d: fg.randint(0, 5, (3,), device=d)),
    ("randperm", lambda d: fg.randperm(4, device=d)),
    ("legacy", lambda d: fg.Tensor([1.0, 2.0], device=d)),
]


@pytest.mark.parametrize("name, make", FACTORIES, ids=[f[0] for f in FACTORIES])
@pytest.mark.parametrize("where", ["cuda", "cuda:0", 0])
def test_factories_place_their_result_on_the_device(hostless_cuda, name, make, where):
    if where == 0 and name in ("legacy",):
        where = "cuda"
    t = make(fg.device(where) if where == 0 else where)
    assert on_device(t)
    assert t.device == fg.device("cuda:0") and t.is_cuda and t.get_device() == 0
    cpu = make("cpu")
    assert not on_device(cpu) and cpu.dtype == t.dtype and cpu.shape == t.shape
    if name not in ("rand", "randn", "randint", "randperm", "empty"):
        np.testing.assert_array_equal(host(t), cpu.numpy())


def test_like_and_new_factories_keep_the_device(hostless_cuda):
    x = fg.tensor([[1.0, 2.0]], device="cuda")
    made = [fg.zeros_like(x), fg.ones_like(x), fg.empty_like(x), fg.full_like(x, 3),
            fg.rand_like(x), fg.randn_like(x), fg.randint_like(x, 4), x.new_tensor([1, 2]),
            x.new_zeros(2), x.new_ones(2, 3), x.new_empty((1,)), x.new_full((2,), 5.0)]
    assert all(on_device(t) for t in made)
    assert not on_device(fg.zeros_like(x, device="cpu"))
    assert not on_device(x.new_ones(2, device="cpu"))
    assert on_device(fg.ones(2).new_zeros(2, device="cuda"))
    np.testing.assert_array_equal(host(fg.full_like(x, 3)), np.full((1, 2), 3.0, np.float32))


def test_manual_seed_seeds_the_cuda_stream_too_as_torch(hostless_cuda):
    fg.manual_seed(5)
    a = host(fg.randn(3, device="cuda"))
    fg.manual_seed(5)
    np.testing.assert_array_equal(host(fg.randn(3, device="cuda")), a)


def test_cuda_random_tensors_have_their_own_seed(hostless_cuda):
    fg.cuda.manual_seed(3)
    a = host(fg.rand(4, device="cuda"))
    fg.manual_seed(3)
    fg.rand(4)          # the CPU stream does not move the CUDA one
    fg.cuda.manual_seed_all(3)
    np.testing.assert_array_equal(host(fg.rand(4, device="cuda")), a)


def test_reprs_show_the_device_in_torch_order(hostless_cuda):
    x = fg.tensor([1.0, 2.0], device="cuda")
    assert repr(x) == "tensor([1., 2.], device='cuda:0')"
    leaf = fg.tensor([1.0, 2.0], device="cuda", requires_grad=True)
    assert repr(leaf) == "tensor([1., 2.], device='cuda:0', requires_grad=True)"
    assert repr(leaf * 2) == "tensor([2., 4.], device='cuda:0', grad_fn=<MulBackward0>)"
    assert repr(fg.tensor([1, 2], dtype=fg.int32, device="cuda")) == \
        "tensor([1, 2], device='cuda:0', dtype=funcgrad.int32)"
    assert repr(fg.ones(2, device="cuda").to(fg.float64)) == \
        "tensor([1., 1.], device='cuda:0', dtype=funcgrad.float64)"
    assert str(fg.tensor(3.5, device="cuda")) == "tensor(3.5000, device='cuda:0')"
    assert f"{fg.tensor(3.5, device='cuda'):.2f}" == "3.50"


def test_to_cuda_is_differentiable_with_torch_grad_fn(hostless_cuda):
    x = fg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.to("cuda")
    assert on_device(y) and type(y.grad_fn).__name__ == "ToCopyBackward0"
    (y * y).sum().backward()
    assert not on_device(x.grad)              # the gradient came back to the CPU leaf
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 4.0, 6.0])
    tx = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    assert type(tx.to(torch.float64).grad_fn).__name__ == "ToCopyBackward0"


def test_to_with_device_and_dtype_is_one_copy(hostless_cuda):
    x = fg.tensor([1.0, 2.0], requires_grad=True)
    y = x.to("cuda", fg.float64)
    assert on_device(y) and y.dtype == fg.float64
    assert y.grad_fn.next_functions[0][0] is not None
    assert type(y.grad_fn.next_functions[0][0]).__name__ == "AccumulateGrad"
    (y * 3).sum().backward()
    assert x.grad.dtype == fg.float32 and not on_device(x.grad)
    np.testing.assert_array_equal(x.grad.numpy(), [3.0, 3.0])


def test_to_overloads(hostless_cuda):
    x = fg.ones(2)
    other = fg.zeros(1, dtype=fg.float64, device="cuda")
    y = x.to(other)
    assert on_device(y) and y.dtype == fg.float64
    z = x.to(device="cuda", dtype=fg.int64)
    assert on_device(z) and z.dtype == fg.int64
    assert y.to("cuda") is y and y.to(fg.device("cuda", 0)) is y and y.cuda() is y
    assert y.to("cuda", copy=True) is not y
    assert on_device(x.cuda(0)) and on_device(x.cuda("cuda:0"))
    assert on_device(x.to(0))
    back = y.cpu()
    assert not on_device(back) and back.device == fg.device("cpu")


def test_gradients_of_cuda_leaves_stay_on_the_device(hostless_cuda):
    w = fg.tensor([[1.0, -2.0], [0.5, 3.0]], device="cuda", requires_grad=True)
    x = fg.tensor([1.0, 2.0], device="cuda")
    loss = ((w @ x).tanh() ** 2).sum()
    loss.backward()
    assert on_device(w.grad) and w.grad.device == w.device
    tw = torch.tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
    ((tw @ torch.tensor([1.0, 2.0])).tanh() ** 2).sum().backward()
    np.testing.assert_allclose(host(w.grad), tw.grad.numpy(), rtol=1e-5)
    loss2 = (w * 2).sum()
    loss2.backward()                     # accumulates in place on the device
    np.testing.assert_allclose(host(w.grad), tw.grad.numpy() + 2, rtol=1e-5)


def test_autograd_grad_on_cuda(hostless_cuda):
    x = fg.tensor([1.0, 2.0], device="cuda", requires_grad=True)
    (g,) = fg.autograd.grad((x ** 3).sum(), [x], create_graph=True)
    assert on_device(g)
    (gg,) = fg.autograd.grad(g.sum(), [x])
    np.testing.assert_allclose(host(gg), [6.0, 12.0])


def test_numpy_of_a_cuda_tensor_points_to_cpu(hostless_cuda):
    x = fg.ones(2, device="cuda")
    message = ("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy "
               "the tensor to host memory first.")
    with pytest.raises(TypeError) as info:
        x.numpy()
    assert str(info.value) == message
    with pytest.raises(TypeError, match="Use Tensor.cpu"):
        np.asarray(x)
    np.testing.assert_array_equal(x.numpy(force=True), [1.0, 1.0])
    np.testing.assert_array_equal(x.cpu().numpy(), [1.0, 1.0])


def test_scalars_of_cuda_tensors_are_fine(hostless_cuda):
    x = fg.tensor([1.5, 2.5], device="cuda")
    assert x.sum().item() == 4.0
    assert float(x[0]) == 1.5 and int(x[1]) == 2
    assert x.tolist() == [1.5, 2.5]
    assert bool(x[0] > 1)


def test_mixing_devices_raises_torch_error(hostless_cuda):
    gpu, cpu = fg.ones(2, device="cuda"), fg.ones(2)
    with pytest.raises(RuntimeError) as info:
        gpu + cpu
    assert str(info.value) == ("Expected all tensors to be on the same device, but found at "
                               "least two devices, cuda:0 and cpu!")
    with pytest.raises(RuntimeError, match="at least two devices, cpu and cuda:0!"):
        cpu * gpu
    with pytest.raises(RuntimeError, match="same device"):
        fg.maximum(gpu, cpu)


def test_cpu_scalars_join_cuda_tensors(hostless_cuda):
    gpu = fg.tensor([1.0, 2.0], device="cuda")
    for out in (gpu + fg.tensor(3.0), fg.tensor(3.0) + gpu, gpu * 2, 2 ** gpu, gpu / 4.0):
        assert on_device(out)
    np.testing.assert_array_equal(host(gpu + fg.tensor(3.0)), [4.0, 5.0])


def test_legacy_cuda_type_names(hostless_cuda):
    x = fg.cuda.FloatTensor([1.0, 2.0])
    assert on_device(x) and x.dtype == fg.float32
    assert x.type() == "funcgrad.cuda.FloatTensor"
    assert isinstance(x, fg.cuda.FloatTensor) and not isinstance(x, fg.FloatTensor)
    assert not isinstance(fg.ones(1), fg.cuda.FloatTensor)
    assert repr(fg.cuda.DoubleTensor) == "<class 'funcgrad.cuda.DoubleTensor'>"
    y = fg.ones(2).type("funcgrad.cuda.DoubleTensor")
    assert on_device(y) and y.dtype == fg.float64
    assert not on_device(y.type("funcgrad.FloatTensor"))


def test_pickle_keeps_the_device(hostless_cuda):
    x = fg.tensor([1.0, 2.0], device="cuda")
    y = pickle.loads(pickle.dumps(x))
    assert on_device(y)
    np.testing.assert_array_equal(host(y), [1.0, 2.0])


# ---- nn.Module on devices -------------------------------------------------------------------


class _Net(fg.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = fg.nn.Linear(3, 4)
        self.out = fg.nn.Linear(4, 1)
        self.register_buffer("scale", fg.tensor([2.0]))
        self.register_buffer("steps", fg.tensor(0))

    def forward(self, x):
        return self.out(self.hidden(x).tanh()) * self.scale


def test_module_to_cuda_moves_parameters_in_place_and_buffers(hostless_cuda):
    net = _Net()
    params = list(net.parameters())
    x = fg.randn(5, 3)
    expected = net(x).detach()
    net(x).sum().backward()
    assert net.cuda() is net
    assert list(net.parameters()) == params            # the same Parameter objects
    assert all(on_device(p) and on_device(p.grad) for p in params)
    assert on_device(net.scale) and on_device(net.steps)
    assert all(isinstance(p, fg.nn.Parameter) and p.requires_grad for p in params)
    y = net(x.cuda())
    np.testing.assert_allclose(host(y), expected.numpy(), rtol=1e-6)
    net.zero_grad()
    y.sum().backward()
    assert all(on_device(p.grad) for p in params)
    net.cpu()
    assert not any(on_device(p) for p in params) and not on_device(net.scale)


def test_module_to_with_dtype_casts_floating_values_only(hostless_cuda):
    net = _Net().to("cuda", fg.float64)
    assert net.hidden.weight.dtype == fg.float64 and on_device(net.hidden.weight)
    assert net.steps.dtype == fg.int64 and on_device(net.steps)
    net.to(fg.float32)
    assert net.scale.dtype == fg.float32 and on_device(net.scale)
    net.to(device="cpu")
    assert not on_device(net.scale)


def test_module_training_step_on_cuda_matches_cpu(hostless_cuda):
    fg.manual_seed(0)
    cpu_net = _Net()
    fg.manual_seed(0)
    gpu_net = _Net().cuda()
    x, target = fg.randn(8, 3), fg.randn(8, 1)
    for net, xs, ts in ((cpu_net, x, target), (gpu_net, x.cuda(), target.cuda())):
        for _ in range(3):
            net.zero_grad()
            loss = ((net(xs) - ts) ** 2).mean()
            loss.backward()
            with fg.no_grad():
                for p in net.parameters():
                    p -= 0.1 * p.grad
    for (name, a), (_, b) in zip(cpu_net.named_parameters(), gpu_net.named_parameters()):
        np.testing.assert_allclose(host(b), a.detach().numpy(), rtol=1e-6, err_msg=name)


# ---- every kind of op: the same values, gradients and device on cuda as on the cpu ------

OPS = """
x.abs() x.sign() x.floor() x.ceil() x.round() x.trunc() x.clamp(-0.5,0.5) x.clamp(min=0)
x.exp2() x.log2() x.erf() x.rsqrt() x.sqrt() x.square() x.reciprocal() x.sigmoid() x.tanh()
x.relu() x.cumsum(0) x.prod() x.norm() x.norm(1) x.norm(float('inf')) x.std() x.var(0)
x.logsumexp(0) x.amax(0) x.amin(1) x.max(0).values x.min() x.argmax() x.argmin(1)
x.sort(1).values x.argsort(0) x.topk(2,1).values x.flip(0) x.roll(1,0) x.tril() x.triu(1)
x.diag() x.trace() x.t() x.T x.mT x.expand(2,3,4) x.repeat(2,1) x.unsqueeze(0) x.flatten()
x.view(-1) x.reshape(4,3) x.permute(1,0) x.transpose(0,1) x.narrow(1,1,2) x.select(0,1)
x.index_select(0,DEV.tensor([0,2])) x.gather(1,DEV.tensor([[0],[1],[2]])) x.masked_fill(x>0,0.)
x.masked_select(x>0) x.take(DEV.tensor([0,5])) x.split(2,1)[0] x.chunk(2,1)[1] x.unbind(0)[0]
fg.where(x>0,x,fg.zeros_like(x)) fg.where(x>0,x,0.) x.nonzero() x.count_nonzero() x.isnan()
x.isfinite() x.all() x.any() fg.cat([x,x]) fg.stack([x,x]) fg.hstack([x,x]) fg.vstack([x,x])
x.clone() x.contiguous() x.detach() x.double() x.half() x.long() x.bool() x.int() x@x.t()
fg.mm(x,x.t()) fg.outer(x[0],x[1]) fg.dot(x[0],x[1]) fg.einsum('ij,kj->ik',x,x)
fg.addmm(x[:,:3],x,x.t()) x.softmax(1) x.log_softmax(0) fg.maximum(x,x*2) fg.minimum(x,-x)
fg.lerp(x,x*2,0.5) fg.atan2(x,x+1) x.div(2,rounding_mode='floor') x//2 x%2 x.fmod(2)
x.remainder(2) x.pow(2) 2**x F.softmax(x,1) F.gelu(x) F.gelu(x,approximate='tanh') F.elu(x)
F.softplus(x) F.leaky_relu(x) F.mse_loss(x,x*0) F.cross_entropy(x,DEV.tensor([0,1,2]))
F.nll_loss(x.log_softmax(1),DEV.tensor([0,1,2]))
F.binary_cross_entropy(x.sigmoid(),x.sigmoid().detach())
F.binary_cross_entropy_with_logits(x,x.detach()) F.l1_loss(x,x*0) F.linear(x,x) x.real
x.mean(dim=(0,1)) x.sum(1,keepdim=True) x.mean(0,dtype=fg.float64) x.equal(x) x.allclose(x)
x.isclose(x) x.eq(x) x.logical_not() x.to(fg.complex64).abs() x[0,1] x[:,1:] x[x>0] x[[0,2]]
x[DEV.tensor([0,2])] x[None] x[...,0] x.unflatten(1,(2,2)) x.movedim(0,1) x.squeeze()
x.new_zeros(2) x.type_as(x) (x*1).exp_() (x*1).clamp_(0,1) (x*1).masked_fill_(x>0,1.)
_setitem(x*1) _index_put(x*1) (x*1).t_() (x*1).unsqueeze_(0) (x*1).copy_(x.flip(0))
""".split()


class _Factories:
    """DEV.tensor(...) makes an index tensor on the device under test."""

    def __init__(self, device):
        self.device = device

    def tensor(self, data):
        return fg.tensor(data, device=self.device)


def _setitem(t):
    t[0] = t[1] * 2
    return t


def _index_put(t):
    t[t > 0] = 0.5
    return t


def _run(expr, device):
    x = fg.tensor(np.arange(-6, 6, dtype=np.float32).reshape(3, 4) / 3, device=device,
                  requires_grad=True)
    y = eval(expr, {"x": x, "fg": fg, "F": fg.nn.functional, "DEV": _Factories(device),
                    "_setitem": _setitem, "_index_put": _index_put})
    if isinstance(y, fg.Tensor) and y.requires_grad \
            and type(y.grad_fn).__name__ != "NotImplemented":   # x//2: backward raises
        y.abs().sum().backward()
    grad = None if x.grad is None else x.grad
    return y, grad


@pytest.mark.parametrize("expr", OPS)
def test_op_on_cuda_matches_cpu(strict_indices, expr):
    y_cpu, g_cpu = _run(expr, "cpu")
    y_gpu, g_gpu = _run(expr, "cuda")
    if isinstance(y_cpu, fg.Tensor):
        assert on_device(y_gpu) and y_gpu.device == fg.device("cuda:0")
        assert y_gpu.dtype == y_cpu.dtype and y_gpu.shape == y_cpu.shape
        assert type(y_gpu.grad_fn) is type(y_cpu.grad_fn)
        np.testing.assert_allclose(host(y_gpu), y_cpu.detach().numpy(), rtol=1e-6)
    else:
        assert y_gpu == y_cpu
    assert (g_cpu is None) == (g_gpu is None)
    if g_cpu is not None:
        assert on_device(g_gpu)
        np.testing.assert_allclose(host(g_gpu), g_cpu.numpy(), rtol=1e-6)


def test_device_blocks_and_default_device(hostless_cuda):
    with fg.device("cuda"):
        assert on_device(fg.ones(2)) and on_device(fg.tensor([1.0]))
        with fg.device("cpu"):
            assert not on_device(fg.zeros(1))
        assert fg.get_default_device() == fg.device("cuda:0")
        assert not on_device(fg.from_numpy(np.ones(1)))     # from_numpy shares host memory
    assert not on_device(fg.ones(2)) and fg.get_default_device() == fg.device("cpu")


def test_a_missing_device_leaves_the_default_alone():
    with pytest.raises(AssertionError):
        with fg.device("cuda"):
            pass
    with pytest.raises(AssertionError):
        fg.set_default_device("cuda")
    assert fg.get_default_device() == fg.device("cpu")


def test_traced_tensors_do_not_move(hostless_cuda):
    with pytest.raises(RuntimeError, match="move the transform's inputs"):
        fg.grad(lambda t: t.to("cuda").sum())(fg.ones(2))


def test_strict_indices_refuse_host_index_arrays(strict_indices):
    data = fg.arange(4.0, device="cuda")._data
    with pytest.raises(hostless.HostConversionError, match="host index array"):
        data[np.array([0, 1])]
    assert on_device(fg.arange(4.0, device="cuda")[[0, 1]])   # the facade moves it first


def test_custom_function_materializes_missing_grads_on_the_device(hostless_cuda):
    class TwoOut(fg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, a, b):
            assert on_device(a) and on_device(b)     # b was never used: zeros, on the device
            return a * 2 + b * 3
    x = fg.ones(2, device="cuda", requires_grad=True)
    first, _ = TwoOut.apply(x)
    first.sum().backward()
    np.testing.assert_array_equal(host(x.grad), [2.0, 2.0])


def test_real_and_imag_of_cuda_tensors(hostless_cuda):
    z = fg.tensor([1 + 2j, 3 - 1j], device="cuda")
    assert on_device(z.real) and on_device(z.imag)
    np.testing.assert_array_equal(host(z.imag), [2.0, -1.0])


MIXES = {
    "add": lambda g, c: g + c, "matmul": lambda g, c: g @ c.view(2, 1), "cat": lambda g, c:
    fg.cat([g, c]), "stack": lambda g, c: fg.stack([g, c]), "where": lambda g, c:
    fg.where(g > 0, g, c), "eq": lambda g, c: g == c, "add_": lambda g, c: g.clone().add_(c),
    "maximum": lambda g, c: fg.maximum(g, c), "lerp": lambda g, c: fg.lerp(g, c, 0.5),
    "addmm": lambda g, c: fg.addmm(c.view(1, 2), g.view(1, 2), fg.eye(2, device="cuda")),
    "einsum": lambda g, c: fg.einsum("i,i->", g, c),
    "mse_loss": lambda g, c: fg.nn.functional.mse_loss(g, c),
    "bce": lambda g, c: fg.nn.functional.binary_cross_entropy(g * 0.5, c * 0.5),
    "bce_logits": lambda g, c: fg.nn.functional.binary_cross_entropy_with_logits(g, c),
    "cross_entropy": lambda g, c: fg.nn.functional.cross_entropy(g.view(1, 2),
                                                                 fg.tensor([1])),
}


@pytest.mark.parametrize("name", MIXES)
def test_every_mix_of_devices_is_torch_error(hostless_cuda, name):
    gpu, cpu = fg.tensor([1.0, 2.0], device="cuda"), fg.tensor([3.0, 4.0])
    with pytest.raises(RuntimeError, match="^Expected all tensors to be on the same device, "
                                           "but found at least two devices, (cuda:0 and cpu|"
                                           "cpu and cuda:0)!$"):
        MIXES[name](gpu, cpu)


def test_numpy_checks_the_device_before_requires_grad(hostless_cuda):
    # PyTorch: layer.weight.numpy() on a cuda parameter reports the device first
    w = fg.ones(2, device="cuda", requires_grad=True)
    with pytest.raises(TypeError, match="can't convert cuda:0 device type tensor"):
        w.numpy()
