"""PyTorch programs for the Tensor facade, one per behaviour of the spec (torch-autograd.md).

Each case is a small program written against PyTorch (`torch`, `F` for
torch.nn.functional, `np`). `expected.py` holds what torch 2.13 prints for each
(regenerate it with `python -m tests.tensor.regen` when torch is installed); the
tests run every case under funcgrad and compare, and, when torch is present,
also under torch itself.
"""

CASES = {}


def case(name, code):
    CASES[name] = code.strip("\n")


# ---- 1. creation, dtypes, requires_grad at creation (checklist 1) ---------------------

case("dtype_inference", """
for e in ["torch.tensor(1.)", "torch.tensor([1., 2.])", "torch.tensor([1, 2, 3])", "torch.tensor(5)",
          "torch.tensor([1, 2.])", "torch.tensor(True)", "torch.tensor(1+2j)",
          "torch.tensor(np.array([1., 2.]))", "torch.tensor(np.array([1., 2.], dtype=np.float32))",
          "torch.tensor(np.float64(1.5))", "torch.tensor([np.float64(1.5)])", "torch.tensor(np.int32(1))",
          "torch.ones(2, 3)", "torch.zeros(2)", "torch.empty(2)", "torch.rand(2)", "torch.randn(2)",
          "torch.arange(3)", "torch.arange(3.)", "torch.arange(0, 3, 1.0)", "torch.arange(0.5, 2)",
          "torch.full((2,), 7)", "torch.full((2,), 7.)", "torch.full((2,), True)", "torch.full((2,), 1+1j)",
          "torch.linspace(0, 1, 3)", "torch.eye(2)", "torch.randint(0, 5, (3,))", "torch.randperm(3)",
          "torch.ones(2, dtype=int)", "torch.ones(2, dtype=float)", "torch.ones(2, dtype=bool)",
          "torch.tensor([1, 2]) / 2", "torch.tensor([1, 2]) // 2",
          "torch.tensor([1., 2.]) * torch.tensor(2., dtype=torch.float64)",
          "torch.tensor([1., 2.], requires_grad=True) + torch.tensor([1, 2])",
          "torch.tensor([True, 2])", "torch.tensor([np.float32(1), 2.5])", "torch.tensor([])"]:
    print(e, eval(e).dtype)
""")

case("construction_values", """
print(torch.tensor([1, 2]) / 2, torch.tensor([1, 2]) // 2, torch.linspace(0, 1, 3))
print(torch.tensor(1e40), torch.tensor(1e40, dtype=torch.float64))
print(torch.ones((2, 3)).shape, torch.ones([2, 3]).shape, torch.ones(torch.Size([2, 3])).shape)
print(torch.arange(0, 1, 0.25), torch.arange(1, 4), torch.arange(0.5, 2), torch.arange(5, dtype=torch.float32))
print(torch.Tensor(), torch.Tensor(2, 0), torch.Tensor([1, 2]), torch.FloatTensor([1]), torch.LongTensor([1.5]))
print(torch.zeros(2, 3).tolist(), torch.eye(2, 3))
""")

case("construction_errors", """
for e in ["torch.tensor([[1., 2.], [3.]])", "torch.tensor('a')", "torch.tensor(2**63)",
          "torch.tensor([2**63])", "torch.tensor(None)", "torch.tensor([1, None])",
          "torch.set_default_dtype(torch.int64)", "torch.randn(3, dtype=torch.int64)"]:
    try:
        print(eval(e))
    except Exception as exc:
        print(type(exc).__name__, exc)
""")

case("default_dtype_float64", """
torch.set_default_dtype(torch.float64)
print(torch.tensor(1.), torch.tensor(1., dtype=torch.float32), torch.tensor(1+2j).dtype)
print(torch.tensor([1.5]), torch.get_default_dtype(), torch.ones(2).dtype, torch.tensor([1, 2]) / 2)
torch.set_default_dtype(torch.float32)
print(torch.get_default_dtype())
""")

case("requires_grad_at_creation", """
print(torch.tensor(1.0, requires_grad=True))
print(torch.ones(2, 3, requires_grad=True))
print(torch.zeros(2, requires_grad=True), torch.full((2,), 7., requires_grad=True))
print(torch.eye(2, requires_grad=True), torch.arange(3.0, requires_grad=True))
print(torch.tensor(1., dtype=torch.float64, requires_grad=True))
print(torch.tensor([1., 2.], dtype=torch.float16, requires_grad=True))
print(torch.tensor([1+1j, 2], requires_grad=True))
print(torch.tensor([], requires_grad=True), torch.zeros(2, 0, requires_grad=True))
x = torch.tensor(1., requires_grad=True)
print(x.is_leaf, x.grad_fn, x.grad)
with torch.no_grad():
    print(torch.ones(2, requires_grad=True))
""")

case("int_requires_grad_errors", """
for e in ["torch.tensor([1, 2, 3], requires_grad=True)", "torch.ones(3, dtype=torch.long, requires_grad=True)",
          "torch.arange(3, requires_grad=True)", "torch.full((2, 2), 7, requires_grad=True)",
          "torch.randint(0, 5, (3,), requires_grad=True)",
          "torch.zeros_like(torch.tensor([1]), requires_grad=True)", "torch.tensor(True, requires_grad=True)",
          "torch.tensor([1]).requires_grad_()", "torch.tensor([1]).requires_grad_(True)",
          "torch.tensor([1j]).requires_grad_(True)", "torch.tensor([1]).requires_grad_(False)",
          "torch.zeros_like(torch.tensor([1]), dtype=torch.float32, requires_grad=True)"]:
    try:
        print(eval(e))
    except Exception as exc:
        print(type(exc).__name__, exc)
t = torch.tensor([1])
try:
    t.requires_grad = True
except Exception as exc:
    print(type(exc).__name__, exc)
t.requires_grad = False
x = torch.ones(2, requires_grad=True)
try:
    x.data = torch.tensor([1, 2])
except Exception as exc:
    print(type(exc).__name__, exc)
""")

case("like_factories", """
x = torch.ones(2, requires_grad=True)
y = torch.ones_like(x)
print(y.requires_grad, y.grad_fn, y.is_leaf)
print(torch.ones_like(torch.ones(2), requires_grad=True), torch.full_like(torch.ones(2), 3.))
print(torch.zeros_like(x), torch.zeros_like(torch.tensor([1, 2])), torch.empty_like(x).shape)
print(torch.rand_like(x).shape, torch.randn_like(x).dtype)
""")

case("copy_construct_warnings", """
x = torch.tensor([1., 2.], requires_grad=True)
y = torch.tensor(x)
print(y, y.requires_grad)
z = torch.tensor([x[0], x[1]])
print(z, z.requires_grad)
""")

case("conversions", """
x = torch.tensor([1., 2.], requires_grad=True)
for e in ["x.numpy()", "x.detach().numpy()", "x.tolist()", "x[0].item()", "float(x[0])", "int(x[1])",
          "float(x)", "bool(torch.tensor([1., 2.]))", "bool(torch.tensor([0.]))", "len(torch.tensor(1.))",
          "len(x)", "x.type()", "x.double().type()", "torch.tensor([1]).type()", "x.dim()", "x.size()",
          "x.size(0)", "x.numel()", "x.shape", "x.dtype", "x.device", "x.element_size()"]:
    try:
        print(e, repr(eval(e)))
    except Exception as exc:
        print(e, type(exc).__name__, exc)
""")

# ---- 2. autograd attributes and node names (checklist 2, 3) ----------------------------

case("leaf_table", """
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
w = torch.tensor([1., 2.])
v = w * 2
print(x.requires_grad, y.requires_grad, v.requires_grad)
print(x.grad_fn, y.grad_fn, v.grad_fn)
print(x.is_leaf, y.is_leaf, v.is_leaf)
print(x.grad, v.grad)
print(x.retains_grad, y.retains_grad, v.retains_grad)
print(x._version, y._version, v._version)
x.retain_grad()
print(x.retains_grad)
y.retain_grad()
y.retain_grad()
print(y.retains_grad, y.grad)
try:
    w.retain_grad()
except Exception as exc:
    print(exc)
for attr in ["is_leaf", "grad_fn"]:
    try:
        setattr(x, attr, None)
    except Exception as exc:
        print(type(exc).__name__, exc)
""")

case("non_leaf_grad_warning", """
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
print(y.grad)
z = x * 3
z.retain_grad()
print(z.grad)
u = x * 4
u.grad = torch.ones(2)
print(u.grad)
print(torch.ones(2).grad)
""")

case("non_differentiable_outputs", """
x = torch.tensor([1., 2.], requires_grad=True)
for e in ["x.argmax()", "x > 2", "x.long()", "x.sort().indices", "x.floor()", "x.round()", "x.sign()",
          "x.ceil()", "x.trunc()"]:
    r = eval(e)
    print(e, r, r.requires_grad, r.grad_fn)
print(x.float() is x, x.to(torch.float32) is x, x.contiguous() is x, x.flatten() is x)
print(torch.ones(2, 2, requires_grad=True).flatten().grad_fn)
""")

case("parameter", """
p = torch.nn.Parameter(torch.ones(2))
print(p)
print(p * 2)
print(type(p * 2).__name__, p.is_leaf, p.requires_grad)
""")

_NAME_LOOP = """
for e in EXPRS:
    y = eval(e)
    print(e, type(y.grad_fn).__name__, [(type(n).__name__ if n else None, i) for n, i in y.grad_fn.next_functions])
"""

case("node_names_arithmetic", """
x = torch.tensor([1., 2.], requires_grad=True)
EXPRS = ['x+x', 'x+1', '1+x', 'x-x', 'x-1', '1-x', 'x*x', 'x*2', '2*x', '2/x', 'x/x', 'x/2', 'x**2',
         'x**2.5', 'x.pow(2)', 'x.square()', 'x**x', '2**x', 'torch.pow(2, x)', '-x', 'torch.add(x, 1)',
         'torch.mul(x, x)', 'torch.sub(x, 2)', 'torch.div(x, 2)']
""" + _NAME_LOOP)

case("node_names_reductions", """
x = torch.tensor([1., 2.], requires_grad=True)
M = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
EXPRS = ['x.sum()', 'x.sum(0)', 'M.sum((0, 1))', 'x.mean()', 'M.mean(1)', 'x.max()', 'x.min()',
         'M.max(0).values', 'M.min(1).values', 'x.amax()', 'x.prod()', 'x.norm()', 'x.var()', 'x.std()',
         'x.cumsum(0)', 'torch.logsumexp(x, 0)', 'torch.sum(x)', 'torch.mean(M, 0)']
""" + _NAME_LOOP)

case("node_names_unary", """
x = torch.tensor([1., 2.], requires_grad=True)
EXPRS = ['x.exp()', 'x.log()', 'x.log1p()', 'x.sqrt()', 'x.rsqrt()', 'x.reciprocal()', 'x.sin()', 'x.cos()',
         'x.tan()', 'x.tanh()', 'x.sigmoid()', 'x.relu()', 'F.relu(x)', 'F.leaky_relu(x)', 'F.gelu(x)',
         'F.softplus(x)', 'F.elu(x)', 'x.abs()', 'x.clamp(0, 1)', 'x.clamp(min=0)', 'x.clamp_min(0)',
         'x.clamp_max(1)', 'torch.maximum(x, x)', 'torch.minimum(x, x)', 'x.softmax(0)', 'x.log_softmax(0)',
         'x.exp2()', 'x.log2()', 'x.log10()', 'x.sinh()', 'x.cosh()', 'x.asin()', 'x.acos()', 'x.atan()',
         'torch.atan2(x, x)', 'x.erf()', 'torch.where(x > 1, x, x * 2)', 'x.masked_fill(x > 1, 0.)',
         'x.lerp(x.detach(), 0.5)', 'x.floor()', 'x.round()', 'x.sign()', 'x.ceil()', 'x.trunc()',
         'torch.exp(x)', 'torch.tanh(x)', 'torch.sigmoid(x)', 'torch.relu(x)', 'torch.clamp(x, 0, 1)',
         'F.softmax(x, 0)', 'F.log_softmax(x, 0)', 'torch.softmax(x, 0)']
""" + _NAME_LOOP)

case("node_names_linalg", """
x = torch.tensor([1., 2.], requires_grad=True)
M = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
B = torch.ones(2, 2, 2, requires_grad=True)
EXPRS = ['x@x', 'torch.dot(x, x)', 'M@x', 'M.mv(x)', 'x@M', 'F.linear(x, M)', 'M@M', 'M.mm(M)',
         'torch.bmm(B, B)', 'torch.addmm(M, M, M)', 'F.linear(M, M, x)', 'torch.outer(x, x)', 'M.trace()',
         'M.tril()', 'M.triu()', 'x.diag()', 'torch.matmul(M, M)', 'torch.mm(M, M)']
""" + _NAME_LOOP)

case("node_names_shape", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
M = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
EXPRS = ['x.view(3)', 'x.reshape(3, 1)', 'M.flatten()', 'x.view_as(x)', 'M.t()', 'M.T', 'M.permute(1, 0)',
         'M.transpose(0, 1)', 'x.unsqueeze(0)', 'M[None]', 'x.unsqueeze(0).squeeze(0)',
         'x.unsqueeze(0).squeeze()', 'x.expand(2, 3)', 'x.repeat(2)', 'x[0]', 'M[0, 1]', 'M[:, 0]', 'x[:1]',
         'x.narrow(0, 0, 2)', 'x[[0]]', 'x[x > 1]', 'x.index_select(0, torch.tensor([0, 2]))',
         'x.gather(0, torch.tensor([0, 0]))', 'torch.cat([x, x])', 'torch.stack([x, x])', 'x.split(1)[0]',
         'x.chunk(3)[1]', 'x.split([1, 2])[0]', 'x.unbind()[0]', 'x.flip(0)', 'x.roll(1)',
         'x.sort().values', 'x.topk(2).values', 'x.clone()', 'M.t().contiguous()', 'x.double()',
         'x.to(torch.float64)', 'x.type(torch.float64)', 'x[...]', 'x[:]', 'M[0][None]', 'M[None, 0]',
         'M[..., 0]', 'M[:, None]', 'M.reshape(-1)', 'torch.reshape(M, (4,))', 'torch.flatten(M)']
""" + _NAME_LOOP)

case("node_names_losses", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
M = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
EXPRS = ['F.mse_loss(x, x.detach() * 2)', 'F.l1_loss(x, x.detach() * 2)',
         'F.cross_entropy(M, torch.tensor([0, 1]))', 'F.nll_loss(M, torch.tensor([0, 1]))',
         'F.binary_cross_entropy(x.sigmoid(), torch.ones(3))',
         'F.binary_cross_entropy_with_logits(x, torch.ones(3))']
""" + _NAME_LOOP)

case("graph_inspection", """
x = torch.tensor([1., 2.], requires_grad=True)
print((x * 2).grad_fn.next_functions, x.exp().grad_fn.next_functions, (x * 2).sum().grad_fn.next_functions)
w = torch.tensor([1., 2.])
print((x * w).grad_fn.next_functions)
n = (x + x).grad_fn.next_functions
print(n[0][0] is n[1][0], n[0][0].variable is x, n[0][0].next_functions, n[0][0].name())
print((x * 2).grad_fn(torch.ones(2)))
print((x * x).grad_fn._saved_self is x, (x * 2).grad_fn._saved_other, x.exp().grad_fn._saved_result)
print(x.sum().grad_fn._saved_self_sym_sizes, (x ** 2).grad_fn._saved_exponent)
y = x.exp()
print(y.grad_fn.metadata, type(y.grad_fn).__module__, isinstance(y.grad_fn, torch.autograd.graph.Node))
print(y.grad_fn.name(), (x * x).grad_fn, y.grad_fn)
y.sum().backward()
try:
    y.grad_fn._saved_result
except Exception as exc:
    print(type(exc).__name__, exc)
print(x.view(-1)._base is x, x.view(-1)._is_view(), x.detach()._is_view(), x.detach()._base)
z = x * 1
z[0] = 9.
print(z.grad_fn.next_functions, z.grad_fn.name())
""")

# ---- 3/4. backward and autograd.grad (checklist 4, 5, 6, 7) -----------------------------

case("implicit_gradient", """
x = torch.tensor([5.], requires_grad=True)
(x * 2).backward()
print(x.grad)
x = torch.tensor([[5.]], requires_grad=True)
(x * 2).backward()
print(x.grad)
x = torch.tensor([1., 2.], requires_grad=True)
try:
    (x * 2).backward()
except Exception as exc:
    print(type(exc).__name__, exc)
z = torch.tensor(1+1j, requires_grad=True)
try:
    (z * 2).backward()
except Exception as exc:
    print(type(exc).__name__, exc)
x = torch.tensor(5., requires_grad=True)
x.backward()
print(x.grad)
x.backward()
print(x.grad)
""")

case("explicit_gradient_checks", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
for g in ["torch.ones(2)", "torch.ones(3, 1)", "torch.ones(1)"]:
    try:
        (x * 2).backward(eval(g))
    except Exception as exc:
        print(type(exc).__name__, exc)
for g in ["torch.ones(1)", "torch.ones(1, 1)"]:
    try:
        (x * 2).sum().backward(eval(g))
    except Exception as exc:
        print(type(exc).__name__, exc)
(x * 2).backward(torch.ones(3, dtype=torch.float64))
print(x.grad, x.grad.dtype)
(x * 2).backward(torch.ones(3, dtype=torch.int64))
print(x.grad, x.grad.dtype)
for stmt in ["(x * 2).backward(torch.ones(3, dtype=torch.complex64))", "(x * 2).sum().backward(2.0)",
             "(x * 2).backward(gradient=[1., 1.])", "torch.tensor([1., 2.]).backward()",
             "torch.tensor([1., 2.]).backward(torch.ones(3))"]:
    try:
        exec(stmt)
    except Exception as exc:
        print(type(exc).__name__, exc)
""")

case("explicit_gradient_values", """
x2 = torch.tensor([1., 2.], requires_grad=True)
(x2 * 2).sum().backward(torch.tensor(2.))
print(x2.grad)
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 2
y.backward(torch.tensor([1., 0.1, 0.01]))
print(x.grad)
x.grad = None
(x * 2).backward(torch.ones(3, requires_grad=True))
print(x.grad.requires_grad)
""")

case("outputs_not_requiring_grad", """
try:
    torch.tensor(3.).backward()
except Exception as exc:
    print(type(exc).__name__, exc)
x = torch.tensor([1., 2.], requires_grad=True)
try:
    torch.autograd.backward([(x * 2).sum(), torch.tensor(3.)])
except Exception as exc:
    print(type(exc).__name__, exc)
print(x.grad)
""")

case("second_backward", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
for e in ["(x*x).sum()", "(x*2).sum()", "x.exp().sum()", "(x+1).sum()", "(x-1).mean()", "x.view(3, 1).sum()",
          "x.sigmoid().sum()", "x[0] * 1", "x.relu().sum()", "torch.cat([x, x]).sum()"]:
    y = eval(e)
    y.backward()
    try:
        y.backward()
        print(e, "ok", x.grad)
    except Exception as exc:
        print(e, type(exc).__name__, exc)
    x.grad = None
""")

case("retain_graph", """
x = torch.tensor([1., 2.], requires_grad=True)
y = x.sigmoid().sum()
y.backward(retain_graph=True)
y.backward()
print(x.grad)
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = (x * x).sum()
y.backward(retain_graph=True)
y.backward()
print(x.grad)
try:
    y.backward()
except Exception as exc:
    print(type(exc).__name__)
y = (x ** 3).sum()
y.backward(create_graph=True)
y.backward()
print(x.grad)
y = (x ** 3).sum()
y.backward(create_graph=True, retain_graph=False)
try:
    y.backward()
except Exception as exc:
    print(type(exc).__name__)
""")

case("accumulation_identity", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
(x ** 2).sum().backward()
print(x.grad)
(x ** 2).sum().backward()
print(x.grad)
x.grad = None
h = x.register_hook(lambda g: print("hook", g))
z = (x * 2).sum() + (x * 3).sum()
z.backward()
h.remove()
g = torch.ones(3)
x.grad = None
x.backward(g)
print(x.grad is g)
a = x.grad
(x * 2).sum().backward()
print(a is x.grad, a)
g = torch.ones(3)
x.grad = g
(x * 6).sum().backward()
print(g)
print(x.grad.requires_grad, x.grad.is_leaf, x.grad.grad_fn)
""")

case("accumulation_create_graph", """
x = torch.tensor([1., 2.], requires_grad=True)
y = (x * x).sum()
y.backward(create_graph=True)
a = x.grad
print(a, a.grad_fn.next_functions[0])
y = (x * x).sum()
y.backward(create_graph=True)
print(a is x.grad, x.grad)
x2 = torch.tensor([1., 2.], requires_grad=True)
(x2 * 2).sum().backward(create_graph=True)
(x2 * 2).sum().backward(create_graph=True)
print(x2.grad)
""")

case("mixed_dtype_and_no_grad_backward", """
x = torch.tensor([1., 2.], requires_grad=True)
d = torch.tensor([3., 4.], dtype=torch.float64, requires_grad=True)
z = x * d
print(z.dtype)
z.sum().backward()
print(x.grad, d.grad)
x.grad = None
y = (x * 2).sum()
with torch.no_grad():
    y.backward()
print(x.grad)
""")

case("backward_inputs", """
a = torch.tensor(2., requires_grad=True)
b = torch.tensor(3., requires_grad=True)
c = a * b
c.backward(inputs=[a])
print(a.grad, b.grad)
c = a * b
c.backward(inputs=a)
print(a.grad, b.grad)
c = a * b
c.backward(inputs={'k': b})
print(a.grad, b.grad)
c = a * b
try:
    c.backward(inputs=[])
except Exception as exc:
    print(type(exc).__name__, exc)
w = torch.tensor(1., requires_grad=True)
c = a * b
c.backward(inputs=[w])
print(w.grad)
a = torch.tensor(2., requires_grad=True)
b = torch.tensor(3., requires_grad=True)
m = a * b
c = m * 2
c.backward(inputs=[m])
print(a.grad, b.grad, m.grad)
c = a * b
try:
    c.backward(inputs=[torch.tensor(1.)])
except Exception as exc:
    print(type(exc).__name__, exc)
""")

case("higher_order", """
x = torch.tensor([1., 2.], requires_grad=True)
y = (x ** 3).sum()
y.backward(create_graph=True)
print(x.grad, x.grad.requires_grad)
g = x.grad
x.grad = None
g.sum().backward()
print(x.grad)
x = torch.tensor([1., 2.], requires_grad=True)
y = (x ** 3).sum()
y.backward(create_graph=True)
g = x.grad
g.sum().backward()
print(x.grad)
x = torch.tensor(2., requires_grad=True)
y = x ** 3
g1, = torch.autograd.grad(y, x, create_graph=True)
g2, = torch.autograd.grad(g1, x, create_graph=True)
g3, = torch.autograd.grad(g2, x)
print(g1, g2, g3)
x = torch.tensor(2., requires_grad=True)
y = x ** 3
g1, = torch.autograd.grad(y, x, create_graph=True)
g2, = torch.autograd.grad(g1, x, create_graph=True)
g3, = torch.autograd.grad(g2, x, create_graph=True)
print(g3)
""")

case("higher_order_functions", """
x = torch.tensor([0.5, 1.5], requires_grad=True)
for e in ["x.sin()", "x.exp()", "x.tanh()", "x.sigmoid()", "x.log()", "x.sqrt()", "x * x * x", "x / (1 + x)",
          "x.softmax(0)", "x.log_softmax(0)", "x.norm()", "(x ** 2).mean()", "x.var()", "torch.logsumexp(x, 0)",
          "F.softplus(x)", "F.gelu(x)", "x.cumsum(0)", "x.prod()", "torch.cat([x, x * 2])", "x @ x", "x.relu() ** 2"]:
    y = eval(e).sum()
    g, = torch.autograd.grad(y, x, create_graph=True)
    h, = torch.autograd.grad(g.sum(), x)
    print(e, g.detach(), h)
""")

case("autograd_grad_basics", """
x = torch.tensor([1., 2.], requires_grad=True)
y = (x * x).sum()
print(torch.autograd.grad(y, x, retain_graph=True), x.grad)
print(torch.autograd.grad(y, {'a': x}, retain_graph=True))
print(torch.autograd.grad(y, (x,), create_graph=True))
g, = torch.autograd.grad((x * x).sum(), x, create_graph=True)
print(torch.autograd.grad(g.sum(), x))
x3 = torch.tensor([1., 2., 3.], requires_grad=True)
with torch.no_grad():
    g, = torch.autograd.grad((x3 * x3).sum(), x3, create_graph=True)
print(g)
y = x * x
print(torch.autograd.grad([y.sum(), y.sum()], [x]))
print(torch.autograd.grad(x.sum(), [x, x]))
print(torch.autograd.grad(x, x, torch.ones(2)))
m = x * 3
print(torch.autograd.grad((m * m).sum(), m))
print(torch.autograd.grad([x.sum(), x * 2], x, grad_outputs=[None, torch.ones(2)]))
""")

case("autograd_grad_unused", """
x = torch.tensor([1., 2.], requires_grad=True)
w = torch.tensor([1., 1.], requires_grad=True)
for kw in [dict(), dict(allow_unused=True), dict(materialize_grads=True),
           dict(allow_unused=False, materialize_grads=True)]:
    try:
        r = torch.autograd.grad((x * x).sum(), [x, w], **kw)
        print(r, r[1].requires_grad if r[1] is not None else None)
    except Exception as exc:
        print(type(exc).__name__, exc)
""")

case("autograd_grad_errors", """
x = torch.tensor([1., 2.], requires_grad=True)
for stmt in ["torch.autograd.grad((x * x).sum(), [x, torch.ones(2)], allow_unused=True)",
             "torch.autograd.grad(torch.ones(2).sum(), [x], allow_unused=True)",
             "torch.autograd.grad([x.sum(), torch.ones(2).sum()], [x])",
             "torch.autograd.grad(x * 2, x)", "torch.autograd.grad(x * 2, x, torch.ones(3))",
             "torch.autograd.grad(x * 2, x, [torch.ones(2), torch.ones(2)])",
             "torch.autograd.grad((x * x).sum(), [])", "torch.autograd.grad(5, x)",
             "torch.autograd.grad(x.sum(), 5)"]:
    try:
        exec(stmt)
    except Exception as exc:
        print(type(exc).__name__, exc)
y = (x * x).sum()
torch.autograd.grad(y, x)
try:
    torch.autograd.grad(y, x)
except Exception as exc:
    print(type(exc).__name__, exc)
""")

case("autograd_grad_options", """
x = torch.tensor([1., 2.], requires_grad=True)
print(torch.autograd.grad((x * x).sum(), x, only_inputs=False))
print(torch.autograd.grad(x * x, x, grad_outputs=torch.eye(2), is_grads_batched=True))
""")

case("autograd_backward_function", """
x = torch.tensor([1., 2.], requires_grad=True)
w = torch.tensor([1., 2.], requires_grad=True)
torch.autograd.backward([(x * x).sum(), (w * x).sum()])
print(x.grad, w.grad)
try:
    torch.autograd.backward([x * 2, x * 3], [torch.ones(2)])
except Exception as exc:
    print(type(exc).__name__, exc)
torch.autograd.backward((x * 2).sum(), grad_variables=torch.tensor(1.))
print(x.grad)
""")

# ---- 5. grad modes (checklist 8) --------------------------------------------------------

case("no_grad", """
print(torch.is_grad_enabled())
x = torch.tensor([1., 2.], requires_grad=True)
with torch.no_grad() as ng:
    y = x * 2
    print(ng, y, y.requires_grad, y.grad_fn, y.is_leaf)
    v = x.view(2)
    s = x[0]
    print(v.requires_grad, v.grad_fn, v.is_leaf, s.requires_grad, s.grad_fn, s.is_leaf)
    x.mul_(2)
    print(x, x.requires_grad, x._version)
    x[0] = 5.
    print(x, x._version)
""")

case("no_grad_decorators", """
x = torch.tensor([1., 2.], requires_grad=True)
@torch.no_grad()
def f(a):
    return a * 2
@torch.no_grad
def f2(a):
    return a * 2
print(f(x).requires_grad, f2(x).requires_grad, torch.no_grad()(lambda a: a * 2)(x).requires_grad)
print(f.__name__, f2.__name__)
with torch.no_grad():
    with torch.enable_grad():
        print((x * 2).grad_fn is not None)
@torch.enable_grad()
def g(a):
    return a * 2
with torch.no_grad():
    print(g(torch.ones(2, requires_grad=True)))
print(type(torch.no_grad()).__module__, type(torch.no_grad()).__name__)
""")

case("set_grad_enabled", """
print(torch.set_grad_enabled(False))
print(torch.is_grad_enabled())
torch.set_grad_enabled(True)
with torch.set_grad_enabled(False) as s:
    print(s, torch.is_grad_enabled())
    with torch.set_grad_enabled(True):
        print(torch.is_grad_enabled())
    print(torch.is_grad_enabled())
print(torch.is_grad_enabled())
import threading
with torch.no_grad():
    r = []
    th = threading.Thread(target=lambda: r.append(torch.is_grad_enabled()))
    th.start()
    th.join()
    print(r, torch.is_grad_enabled())
@torch.set_grad_enabled(False)
def h(a):
    return a * 2
print(torch.is_grad_enabled(), h(torch.ones(1, requires_grad=True)).requires_grad)
""")

case("inference_mode", """
x = torch.tensor([1., 2.], requires_grad=True)
with torch.inference_mode():
    print(torch.is_inference_mode_enabled(), torch.is_grad_enabled())
    y = x * 2
    print(y.is_inference(), y.requires_grad)
    with torch.enable_grad():
        z = x * 2
        print(z, z.requires_grad)
    print(torch.ones(2, requires_grad=True))
    x.mul_(1)
print(torch.is_inference_mode_enabled(), x.is_inference())
with torch.inference_mode(False):
    print((x * 2).grad_fn is not None)
@torch.inference_mode()
def h(a):
    return a * 2
print(h(x).is_inference())
print(y + 1, (y + 1).requires_grad)
print(y.clone().add_(1).is_inference())
for stmt in ["y * x", "y.requires_grad_()", "y._version", "y.add_(1)"]:
    try:
        exec(stmt)
    except Exception as exc:
        print(type(exc).__name__, exc)
""")

# ---- 6. detach, data, requires_grad_ (checklist 9) --------------------------------------

case("detach_shares_version", """
x = torch.tensor([1., 2.], requires_grad=True)
d = x.detach()
print(d.requires_grad, d.is_leaf, d.grad_fn)
d.add_(1)
print(x._version, x)
x = torch.tensor([1., 2.], requires_grad=True)
y = x * x
x.detach().add_(1)
try:
    y.sum().backward()
except Exception as exc:
    print(type(exc).__name__, exc)
""")

case("detach_inplace", """
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
z = y.detach_()
print(z is y, y, y.requires_grad, y.is_leaf, y.grad_fn)
w = torch.tensor([1., 2.], requires_grad=True)
w.detach_()
print(w.requires_grad)
v = (x * 2).view(2)
try:
    v.detach_()
except Exception as exc:
    print(type(exc).__name__, exc)
""")

case("requires_grad_method", """
x = torch.tensor([1., 2.], requires_grad=True)
r = x.requires_grad_()
print(r is x)
x.requires_grad_(False)
print(x.requires_grad)
x.requires_grad_()
y = x * 2
y.requires_grad_(True)
print(y.requires_grad)
for stmt in ["y.requires_grad_(False)", "y.requires_grad = False"]:
    try:
        exec(stmt)
    except Exception as exc:
        print(type(exc).__name__, exc)
fresh = x.detach().requires_grad_()
print(fresh.is_leaf, fresh)
with torch.no_grad():
    q = x * 2
q.requires_grad_()
print(q, q.is_leaf)
""")

case("data_attribute", """
x = torch.tensor([1., 2.], requires_grad=True)
print(x.data is x.data, x.data.requires_grad, x.data.is_leaf, x.data.grad_fn)
d = x.data
d.add_(1)
print(x._version, d._version)
x = torch.tensor([1., 2.], requires_grad=True)
y = x * x
x.data.add_(1)
y.sum().backward()
print(x.grad)
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
z = y * y
y.data.zero_()
z.sum().backward()
print(x.grad)
x.data = torch.zeros(3)
print(x, x.grad)
print(x.clone(), x.detach().clone(), x.detach().clone().is_leaf)
""")

# ---- 7. in-place, versions, views (checklist 10) ----------------------------------------

case("inplace_leaf_errors", """
x = torch.tensor([1., 2.], requires_grad=True)
for stmt in ["x.add_(1)", "x.zero_()", "x.copy_(torch.ones(2))", "x.uniform_()", "x.mul_(2)", "x.fill_(1.)",
             "x += 1", "x[0] = 5.", "x.view(2).add_(1)", "x[0].add_(1)", "x.clamp_(0, 1)", "x.exp_()"]:
    try:
        exec(stmt)
    except Exception as exc:
        print(type(exc).__name__, exc)
x.data.add_(1)
x.detach().add_(1)
print(x, x._version)
x.requires_grad_(False)
x.add_(1)
print(x)
""")

case("inplace_non_leaf", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
z = x.clone()
z += 1
print(z.grad_fn, z._version)
z[0] = 1
print(z._version, type(z.grad_fn).__name__)
w = torch.tensor(7., requires_grad=True)
a = torch.zeros(3)
a[1] = w
print(a, a.is_leaf, a.requires_grad)
(a * torch.tensor([1., 2., 3.])).sum().backward()
print(w.grad)
w = torch.tensor([1., 2., 3., 4., 5.], requires_grad=True)
a = torch.ones(3)
a.mul_(w.sum())
print(a, a.is_leaf)
a.sum().backward()
print(w.grad)
""")

case("inplace_node_names", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
for stmt in ["z += 1", "z.add_(1)", "z.mul_(2)", "z.zero_()", "z.fill_(3.)", "z.copy_(x)", "z[0] = 5.",
             "z[1:] = 0.", "z[0] += 1", "z[[0, 2]] = x[:2]", "z[z > 1] = 0.", "z.sub_(1)", "z.div_(2)",
             "z.exp_()", "z.clamp_(0, 1)", "z.pow_(2)", "z.neg_()", "z.sigmoid_()", "z.tanh_()", "z.relu_()"]:
    z = x * 1
    exec(stmt)
    print(stmt, type(z.grad_fn).__name__, z)
y = torch.ones(2, 2, requires_grad=True) * 1
y.t_()
print(y.grad_fn)
b = x * 1
b.unsqueeze_(0)
print(b.grad_fn, b.shape)
""")

case("version_counter_errors", """
x = torch.tensor([1., 2.], requires_grad=True)
y = x.exp()
y.add_(1)
try:
    y.sum().backward()
except Exception as exc:
    print(exc)
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 1
z = y * y
y[0] = 3.
try:
    z.sum().backward()
except Exception as exc:
    print(exc)
w = torch.ones(2, 2, requires_grad=True)
m = torch.ones(2, 2)
o = m.mm(w)
with torch.no_grad():
    w.add_(1)
try:
    o.sum().backward()
except Exception as exc:
    print(exc)
y = x.exp()
y.add_(1)
y.add_(1)
try:
    y.sum().backward()
except Exception as exc:
    print(exc)
""")

case("version_counter_labels", """
for code in ["x.relu()", "x.tanh()", "x.sigmoid()", "x.exp()", "x.softmax(0)", "x ** x", "2 ** x", "x.sqrt()",
             "x.max()", "(x * 2).zero_() * 1"]:
    x = torch.tensor([1., 2.], requires_grad=True)
    y = eval(code)
    y.add_(1)
    try:
        y.sum().backward()
        print(code, "ok")
    except Exception as exc:
        print(code, str(exc).split(": ", 1)[1].split(" Hint")[0])
x = torch.tensor([1., 2.], requires_grad=True)
y = (x * 2).zero_()
y2 = y * y
y.add_(1)
try:
    y2.sum().backward()
except Exception as exc:
    print(str(exc).split(": ", 1)[1].split(" Hint")[0])
x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = x * 1
y2 = y * y
y.t_()
try:
    y2.sum().backward()
except Exception as exc:
    print(str(exc).split(": ", 1)[1].split(" Hint")[0])
""")

case("version_counter_no_error", """
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 1
z = y + y
y.add_(1)
z.sum().backward()
print(x.grad)
x.grad = None
y = x.sin()
y2 = y + 1
y.add_(1)
y2.sum().backward()
print(x.grad)
x2 = torch.tensor([1., 2.], requires_grad=True)
y = x2 * 2
with torch.no_grad():
    x2.add_(1)
y.sum().backward()
print(x2.grad)
""")

case("setitem_copyslices", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 1
y[0] = y[0] * 5
print(y)
y.sum().backward()
print(x.grad)
x.grad = None
y = x * 1
y[0].mul_(5)
print(y)
y.sum().backward()
print(x.grad)
x.grad = None
y = x * 1
y[1:] = 0.
print(y)
y.sum().backward()
print(x.grad)
y = x * 1
y[0] += 1
print(y, y.grad_fn.name())
y = x * 1
y[[0, 2]] = torch.tensor([7., 8.])
print(y)
y = x * 1
y[y > 1] = 0.
print(y)
x.grad = None
t = torch.tensor([7., 8.], requires_grad=True)
y = x * 1
y[[0, 2]] = t
(y * torch.tensor([1., 2., 3.])).sum().backward()
print(x.grad, t.grad)
""")

case("views_rebase", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 1
v = y[:2]
v += 1
print(v, y)
y.sum().backward()
print(x.grad)
x.grad = None
y = x * 1
v = y[:2]
y.mul_(2)
print(v)
v.sum().backward()
print(x.grad)
x.grad = None
M = torch.ones(2, 3, requires_grad=True)
N = M * 1
col = N[:, 1]
col.mul_(torch.tensor([2., 3.]))
r = N.t()[1:]
r.add_(1)
print(N, col, r)
(N * torch.arange(6.).view(2, 3)).sum().backward()
print(M.grad)
""")

case("multi_output_and_no_grad_views", """
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * 1
for stmt in ["y.unbind()[0].mul_(2)", "y.split(1)[0].mul_(2)", "y.chunk(3)[0].mul_(2)"]:
    try:
        exec(stmt)
    except Exception as exc:
        print(type(exc).__name__, exc)
with torch.no_grad():
    v = y[:2]
try:
    v.mul_(2)
except Exception as exc:
    print(type(exc).__name__, exc)
y = x * 2
with torch.no_grad():
    v = y[:2]
    v.mul_(2)
print(y)
""")

# ---- 8. hooks (checklist 11) -------------------------------------------------------------

case("tensor_hooks", """
x = torch.tensor([1., 2.], requires_grad=True)
h = x.register_hook(lambda g: g * 10)
(x * 3).sum().backward()
print(x.grad)
h.remove()
h.remove()
x.grad = None
x.register_hook(lambda g: None)
(x * 3).sum().backward()
print(x.grad)
x = torch.tensor([1., 2.], requires_grad=True)
x.register_hook(lambda g: g * 2)
x.register_hook(lambda g: g + 1)
(x * 2).sum().backward()
print(x.grad)
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
y.register_hook(lambda g: g + 100)
y.sum().backward()
print(x.grad)
x = torch.tensor([1., 2.], requires_grad=True)
def mut(g):
    g.mul_(2)
x.register_hook(mut)
(x * 3).sum().backward()
print(x.grad)
x = torch.tensor([1., 2.], requires_grad=True)
x.register_hook(lambda g: g * torch.ones(2, requires_grad=True))
(x * 3).sum().backward()
print(x.grad.requires_grad)
x = torch.tensor([1., 2.], requires_grad=True)
y = (x * 2).sum()
x.register_hook(lambda g: print("hook", g))
y.backward(retain_graph=True)
y.backward()
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
y.register_hook(lambda g: print("in grad()", g))
x.register_hook(lambda g: print("leaf in grad()", g))
print(torch.autograd.grad(y.sum(), x))
""")

case("hook_errors", """
try:
    torch.ones(2).register_hook(lambda g: g)
except Exception as exc:
    print(type(exc).__name__, exc)
x = torch.tensor([1., 2.], requires_grad=True)
with torch.no_grad():
    q = x * 2
try:
    q.register_hook(lambda g: g)
except Exception as exc:
    print(type(exc).__name__, exc)
def named_hook(g):
    return torch.ones(3)
for hook in [lambda g: torch.ones(3), named_hook, lambda g: g.reshape(2, 1), lambda g: g.double(), lambda g: 1]:
    x = torch.tensor([1., 2.], requires_grad=True)
    x.register_hook(hook)
    try:
        (x * 2).sum().backward()
    except Exception as exc:
        print(type(exc).__name__, exc)
    print(x.grad)
""")

case("retain_grad_and_hooks", """
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
y.retain_grad()
y.register_hook(lambda g: g + 100)
y.sum().backward()
print(y.grad, x.grad)
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
y.register_hook(lambda g: g + 100)
y.retain_grad()
y.sum().backward()
print(y.grad)
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
y.retain_grad()
(y * y).sum().backward(retain_graph=True)
print(y.grad)
(y * y).sum().backward()
print(y.grad)
x.retain_grad()
print(x.retains_grad)
""")

case("post_accumulate_hooks", """
x = torch.tensor([1., 2.], requires_grad=True)
order = []
x.register_hook(lambda g: order.append('pre'))
x.register_post_accumulate_grad_hook(lambda p: order.append('post'))
(x * 3).sum().backward()
print(order)
x = torch.tensor([1., 2.], requires_grad=True)
x.register_post_accumulate_grad_hook(lambda p: print("post", p.grad, torch.is_grad_enabled()))
(x * 3).sum().backward()
x = torch.tensor([1., 2.], requires_grad=True)
def setp(p):
    p.grad = p.grad * 0 + 42
x.register_post_accumulate_grad_hook(setp)
(x * 3).sum().backward()
print(x.grad)
for stmt in ["(x * 2).register_post_accumulate_grad_hook(lambda p: None)",
             "torch.ones(2).register_post_accumulate_grad_hook(lambda p: None)"]:
    try:
        exec(stmt)
    except Exception as exc:
        print(type(exc).__name__, exc)
x = torch.tensor([1., 2.], requires_grad=True)
x.register_post_accumulate_grad_hook(lambda p: 1)
try:
    (x * 3).sum().backward()
except Exception as exc:
    print(type(exc).__name__, exc)
x = torch.tensor([1., 2.], requires_grad=True)
x.register_post_accumulate_grad_hook(lambda p: print("not for grad()"))
print(torch.autograd.grad((x * 2).sum(), x))
v = torch.tensor([0., 0., 0.], requires_grad=True)
v.register_post_accumulate_grad_hook(lambda p: p.add_(p.grad, alpha=-0.01))
v.backward(torch.tensor([1., 2., 3.]))
print(v)
""")

case("node_hooks", """
x = torch.tensor([1., 2.], requires_grad=True)
y = x * 2
y.grad_fn.register_hook(lambda gi, go: print(gi, go))
y.grad_fn.register_prehook(lambda go: print(go))
y.sum().backward()
""")

# ---- 9. zeroing gradients (checklist 6) ----------------------------------------------------

case("zeroing", """
x = torch.tensor([1., 2.], requires_grad=True)
(x * 2).sum().backward()
g = x.grad
x.grad.zero_()
print(x.grad, x.grad is g)
(x * 2).sum().backward()
print(g)
x.grad = None
(x * 2).sum().backward()
print(x.grad)
del x.grad
print(x.grad)
(x * 2).sum().backward()
x.grad.data.zero_()
print(x.grad, x.grad.requires_grad, x.grad.is_leaf, x.grad.grad_fn)
""")

case("grad_assignment_checks", """
x = torch.tensor([1., 2.], requires_grad=True)
for v in ["[1., 1.]", "torch.ones(3)", "torch.ones(2, dtype=torch.long)", "torch.ones(2, dtype=torch.float64)"]:
    try:
        x.grad = eval(v)
    except Exception as exc:
        print(type(exc).__name__, exc)
t = torch.ones(2)
t.grad = torch.ones(2)
print(t.grad)
""")

# ---- 14. broadcasting and reductions in backward (checklist 17) ----------------------------

case("broadcast_reduction", """
a = torch.ones(2, 3, requires_grad=True)
b = torch.ones(3, requires_grad=True)
(a * b).sum().backward()
print(b.grad)
a = torch.ones(2, 3, requires_grad=True)
b = torch.ones(2, 1, requires_grad=True)
(a + b).sum().backward()
print(b.grad)
s = torch.tensor(1., requires_grad=True)
(a * s).sum().backward()
print(s.grad, s.grad.shape)
s = torch.ones(1, requires_grad=True)
(a * s).sum().backward()
print(s.grad, s.grad.shape)
a = torch.ones(4, 1, 3, requires_grad=True)
b = torch.ones(5, 1, requires_grad=True)
c = a + b
print(c.shape)
c.sum().backward()
print(a.grad.shape, b.grad)
x = torch.ones(3, requires_grad=True)
x.expand(2, 3).sum().backward()
print(x.grad)
x = torch.ones(3, requires_grad=True)
x.unsqueeze(0).repeat(4, 1).sum().backward()
print(x.grad)
x = torch.ones(2, 2, requires_grad=True)
x.mean().backward()
print(x.grad)
x = torch.ones(2, 2, requires_grad=True)
x.sum(dim=1, keepdim=True).backward(torch.ones(2, 1))
print(x.grad)
x = torch.tensor([1., 2., 3.], requires_grad=True)
(x[1:] * x[:-1]).sum().backward()
print(x.grad)
x = torch.tensor([1., 2., 3.], requires_grad=True)
x[[0, 0, 2]].sum().backward()
print(x.grad)
M = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
(M.t() @ torch.ones(2, 2)).sum().backward()
print(M.grad, M.grad.is_contiguous())
""")

case("nondifferentiable_points", """
for e in ["x.abs()", "x.relu()", "x.sign()", "x.sqrt()", "x**0.5", "x**2", "x**0", "x.clamp(0, 1)", "x.round()",
          "x.norm()", "x.log()"]:
    for v in [[0., 0.], [1., 1.], [-1., -1.]]:
        x = torch.tensor(v, requires_grad=True)
        y = eval(e)
        (y.sum() if y.dim() else y).backward()
        print(e, v, x.grad)
""")

case("ties_and_integer_operands", """
x = torch.tensor([2., 2.], requires_grad=True)
x.max().backward()
print(x.grad)
x = torch.tensor([2., 2.], requires_grad=True)
x.amax().backward()
print(x.grad)
x = torch.tensor([[2., 2.]], requires_grad=True)
x.max(1).values.sum().backward()
print(x.grad)
x = torch.tensor([1., 2.], requires_grad=True)
torch.maximum(x, torch.tensor([1., 1.])).sum().backward()
print(x.grad)
x = torch.tensor([1., 2., 3.], requires_grad=True)
y = x * torch.tensor([1, 2, 3])
print(y)
y.sum().backward()
print(x.grad)
""")

# ---- 15. printing (checklist 16) -----------------------------------------------------------

case("print_scalars_and_vectors", """
for e in ["1.", "-2.", "2.5", "1/3", "0.1+0.2", "-0.5", "123456.", "1234567.", "123456.7", "1e8", "1.0000001e8",
          "1e10", "1e-5", "0.0001", "0.00012345", "9.99e-5", "float('nan')", "float('inf')", "1e40", "[1., 2., 3.]",
          "[1., 2.5]", "[1., -2.5]", "[0.1, 0.25, 100.]", "[0.001, 1.]", "[1e-4, 1.]", "[1e-5, 1.]", "[1e7, 1.5]",
          "[12345678., 1.]", "[1., 1000.]", "[1., 1e4]", "[1001., 1.]", "[1001., 1.5]", "[1000., 1.1]",
          "[123., 4567.]", "[123.25, 4567.]", "[1.25, 1.5e4]", "[100.5, 1e-3]", "[-1e-5, 1e-5]", "[0.12345678]",
          "[1.23456789e-3]", "[0.5, 1e7]", "[1.5e20, 2.5e-20]", "[float('nan'), 1.]", "[float('inf'), 1.]",
          "[-float('inf'), 1.5]", "[float('nan'), 1.5]", "[float('inf'), 1e10]", "[1e-5, float('inf')]",
          "[3., float('inf'), -float('inf'), float('nan')]", "[0.]", "[-0.]", "[0., -0., 1.]", "[0., 1e-5]",
          "[0., float('nan')]", "[-1., 10.]", "[]", "[True, False, True]", "[1, -2, 300]", "[[-1., 2.], [3., 40.]]",
          "[[-1.5, 2.], [3., 40.]]", "[[1, -2], [300, 4]]", "[1+2j, -3.5-1j]", "[0.5-0.25j, 10+0j]", "[1e-5+1j]",
          "[1+0j]"]:
    print(torch.tensor(eval(e)))
""")

case("print_dtypes_and_empty", """
print(torch.zeros(0, 3), torch.tensor([], dtype=torch.int64), torch.tensor([], dtype=torch.float64))
print(torch.tensor([1, 2], dtype=torch.int32), torch.tensor([1, 2], dtype=torch.uint8))
print(torch.tensor([1.5, 2.], dtype=torch.float16), torch.tensor([1., 2.], dtype=torch.float64))
print(torch.tensor([1+2j], dtype=torch.complex128), torch.tensor(0.1+0.2, dtype=torch.float64))
print(torch.linspace(0, 1, 3), torch.arange(0, 1, 0.25))
""")

case("print_suffix_wrapping", """
print(torch.arange(6., requires_grad=True) / 3)
print(torch.arange(9., dtype=torch.float64, requires_grad=True) / 3)
print(torch.arange(10., dtype=torch.float64, requires_grad=True) / 3)
print(torch.arange(20., requires_grad=True))
print(torch.arange(12, dtype=torch.int32))
print((torch.arange(4., requires_grad=True) / 3).reshape(2, 2))
""")

case("print_multidim_and_summary", """
print(torch.arange(24.).reshape(2, 3, 4))
print(torch.arange(8.).reshape(2, 2, 1, 2))
print(torch.arange(10.) / 3)
print(torch.arange(12.).reshape(2, 6) / 7)
print(torch.arange(1001.))
print(torch.arange(2000))
print(torch.ones(2, 1001))
print(torch.arange(1001.).reshape(7, 143))
print(torch.arange(2000.) * torch.ones(1, requires_grad=True))
print(torch.arange(2000.).reshape(1000, 2))
print(torch.arange(1000.))
""")

case("print_autograd_suffixes", """
x = torch.tensor([1e-5, 1.], requires_grad=True)
print(x)
print(torch.tensor([[1e-5, 1.], [2., 3.]], requires_grad=True) * 1)
print(torch.tensor([1.5, float('nan')], requires_grad=True) * 1)
print(torch.tensor([], requires_grad=True) * 1)
print(torch.tensor([1.5, 2.5], requires_grad=True).double())
print(torch.tensor([1., 2.], requires_grad=True).sort().values, torch.tensor([1., 2.], requires_grad=True)[0])
print(torch.tensor([[1., 2.]], requires_grad=True) * 2, torch.tensor(7., requires_grad=True) ** 2)
print(torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64, requires_grad=True) * 2)
print(torch.tensor([3.1416], requires_grad=True).exp())
""")

case("print_options_and_format", """
torch.set_printoptions(precision=2)
print(torch.tensor([1.12345, 2.]))
torch.set_printoptions(profile="default")
print(torch.tensor([1.12345, 2.]))
torch.set_printoptions(sci_mode=False)
print(torch.tensor([1e-5, 1.]))
torch.set_printoptions(precision=4)
print(torch.tensor([1e-5, 1.]))
print(f"{torch.tensor(2.5)}", format(torch.tensor(2.5), '.2f'), f"{torch.tensor(2., requires_grad=True)}")
print(f"{torch.tensor(3)}", f"{torch.tensor(True)}", f"{torch.tensor([1., 2.])}")
try:
    format(torch.tensor([1., 2.]), '.2f')
except Exception as exc:
    print(type(exc).__name__, exc)
print(repr(torch.Size([2, 3])), torch.float32, repr(torch.ones(2, requires_grad=True).grad))
print(str(torch.ones(2)) == repr(torch.ones(2)), torch.Size([2, 3]) == (2, 3))
""")

# ---- 10. Variable (checklist 12) ---------------------------------------------------------

case("variable_shim", """
from torch.autograd import Variable
t = torch.ones(2)
print(Variable, isinstance(torch.ones(2), Variable), type(Variable).__name__)
v = Variable(t)
print(type(v).__name__, v.requires_grad, v is t)
v.add_(1)
print(t, t._version)
v = Variable(torch.ones(2), requires_grad=True)
print(v, v.is_leaf, isinstance(v, Variable))
(v * 2).sum().backward()
print(v.grad)
r = torch.ones(2, requires_grad=True)
v = Variable(r)
print(v is r, v.requires_grad, v.is_leaf, r.requires_grad)
print(Variable())
for stmt in ["Variable([1., 2.])", "Variable(torch.tensor([1]), requires_grad=True)"]:
    try:
        exec(stmt)
    except Exception as exc:
        print(type(exc).__name__, exc)
print(Variable(torch.ones(2), volatile=True))
print(torch.ones(2).volatile)
""")


# ---- 12. custom Function, 11. autograd.functional, 13. gradcheck (checklist 12-15) ----

case("function_basics", """
class MyExp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, i):
        result = i.exp(); ctx.save_for_backward(result); return result
    @staticmethod
    def backward(ctx, grad_output):
        result, = ctx.saved_tensors; return grad_output * result
x = torch.tensor([0., 1.], requires_grad=True)
y = MyExp.apply(x)
print(y, type(y.grad_fn).__name__, y.grad_fn.name(), y.grad_fn.next_functions)
y.sum().backward(); print(x.grad)
with torch.no_grad(): print(MyExp.apply(x))
print(MyExp.apply(torch.tensor([0., 1.])))
y = MyExp.apply(x); y.add_(1)
try: y.sum().backward()
except Exception as e: print(e)
try: MyExp()(x)
except Exception as e: print(type(e).__name__, e)
""")

case("function_needs_input_grad_and_modes", """
class F1(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k=1):
        print("fwd grad", torch.is_grad_enabled(), ctx.needs_input_grad); ctx.k = k; return x * k
    @staticmethod
    def backward(ctx, g):
        print("bwd grad", torch.is_grad_enabled(), ctx.needs_input_grad); return g * ctx.k, None
x = torch.tensor(2., requires_grad=True)
o = F1.apply(x, k=3); o.backward(); print(x.grad)
o = F1.apply(x, 3); o.backward(create_graph=True)
class F2(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b, n):
        print(ctx.needs_input_grad); return a * b * n
    @staticmethod
    def backward(ctx, g): return g, g, None
F2.apply(torch.ones(1, requires_grad=True), torch.ones(1), 10)
with torch.no_grad(): F2.apply(torch.ones(1, requires_grad=True), torch.ones(1), 10)
class NoStatic(torch.autograd.Function):
    def forward(ctx, x): return x * 2
    def backward(ctx, g): return g * 2
x = torch.tensor(1., requires_grad=True); NoStatic.apply(x).backward(); print(x.grad)
class FwdOnly(torch.autograd.Function):
    @staticmethod
    def forward(x): return x * 2
    @staticmethod
    def setup_context(ctx, inputs, output): ctx.save_for_backward(inputs[0])
    @staticmethod
    def backward(ctx, g): return g * 2
x = torch.tensor(1., requires_grad=True); o = FwdOnly.apply(x); o.backward(); print(o, x.grad)
""")

case("function_saved_tensors", """
class S(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(None, x); return x * 2
    @staticmethod
    def backward(ctx, g):
        print(ctx.saved_tensors); print(ctx.saved_tensors); return g
x = torch.tensor(2., requires_grad=True)
o = S.apply(x); o.backward(retain_graph=True); print(o.grad_fn.saved_tensors); o.backward()
try: o.grad_fn.saved_tensors
except Exception as e: print(e)
try: o.backward()
except Exception as e: print(e)
class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(3); return x
try: Bad.apply(x)
except Exception as e: print(type(e).__name__, e)
o = S.apply(x)
with torch.no_grad(): x.add_(1)
try: o.backward()
except Exception as e: print(e)
""")

case("function_gradient_checks", """
def mk(name, ret, n=1):
    def backward(ctx, g): return ret(g)
    return type(name, (torch.autograd.Function,), {"forward": staticmethod(lambda ctx, *a: a[0] * 1), "backward": staticmethod(backward)})
x = torch.tensor([1., 2.], requires_grad=True); w = torch.tensor([1., 2.], requires_grad=True)
for name, ret, args in [("BadBackward_", lambda g: g, (x, w)), ("Bad2", lambda g: (g, g), (x,)), ("Ok3", lambda g: (g, None), (x,)), ("Bad4", lambda g: 1, (x,)), ("Bad3", lambda g: torch.ones(3), (x,))]:
    F = type(name, (torch.autograd.Function,), {"forward": staticmethod(lambda ctx, *a: a[0] * 1), "backward": staticmethod(lambda ctx, g, ret=ret: ret(g))})
    try: F.apply(*args).sum().backward(); print(name, "ok", x.grad)
    except Exception as e: print(type(e).__name__, e)
s = torch.tensor(1., requires_grad=True)
E = type("E", (torch.autograd.Function,), {"forward": staticmethod(lambda ctx, a: a * 1), "backward": staticmethod(lambda ctx, g: g.expand(2))})
E.apply(s).backward(torch.tensor(1.)); print(s.grad)
s1 = torch.tensor([1.], requires_grad=True)
E2 = type("E2", (torch.autograd.Function,), {"forward": staticmethod(lambda ctx, a: a * 1), "backward": staticmethod(lambda ctx, g: g.reshape(1, 1))})
E2.apply(s1).sum().backward(); print(s1.grad)
E3 = type("E3", (torch.autograd.Function,), {"forward": staticmethod(lambda ctx, a: a * 1), "backward": staticmethod(lambda ctx, g: g.double())})
E3.apply(s1).sum().backward(); print(s1.grad, s1.grad.dtype)
N = type("N", (torch.autograd.Function,), {"forward": staticmethod(lambda ctx, a: a * 1)})
try: N.apply(s1).sum().backward()
except Exception as e: print(type(e).__name__, e)
""")

case("function_outputs", """
class TwoOut(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a): return a * 2, a * 3
    @staticmethod
    def backward(ctx, g1, g2): print("g", g1, g2); return g1 + g2
a = torch.tensor(1., requires_grad=True)
o1, o2 = TwoOut.apply(a); print(o1, o2); o1.backward(); print(a.grad)
class F5(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a): return a * 2, 3
    @staticmethod
    def backward(ctx, g, g2): return g
print(F5.apply(a))
class NoMat(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a): ctx.set_materialize_grads(False); return a * 2, a * 3
    @staticmethod
    def backward(ctx, g1, g2): print("g", g1, g2); return g1
o1, o2 = NoMat.apply(a); o1.backward()
class ND(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        i = a.clone(); ctx.mark_non_differentiable(i); return a * 2, i
    @staticmethod
    def backward(ctx, g, gi): print("gi", gi); return g
o, i = ND.apply(a); print(i.requires_grad, o); o.backward()
class Dirty(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u): u.mul_(2); ctx.mark_dirty(u); return u
    @staticmethod
    def backward(ctx, g): return g * 2
w = torch.tensor(1., requires_grad=True); u = w * 1
o = Dirty.apply(u); print(o is u, u, u._version); u.backward(); print(w.grad)
class Id(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a): return a
    @staticmethod
    def backward(ctx, g): return g
o = Id.apply(a); print(o is a, o)
class F4(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a): return np.array([1., 2.])
    @staticmethod
    def backward(ctx, g): return g
print(F4.apply(a))
""")

case("function_once_differentiable", """
from torch.autograd.function import once_differentiable
class Once(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(x); return x ** 3
    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        x, = ctx.saved_tensors; print("grad mode", torch.is_grad_enabled()); return g * 3 * x ** 2
x = torch.tensor(1., requires_grad=True)
g, = torch.autograd.grad(Once.apply(x), x, create_graph=True); print(g)
try: g.backward()
except Exception as e: print(type(e).__name__, e)
g, = torch.autograd.grad(Once.apply(x), x); print(g)
try: g.backward()
except Exception as e: print(e)
class Twice(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(x); return x ** 3
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors; return g * 3 * x ** 2
g, = torch.autograd.grad(Twice.apply(x), x, create_graph=True); print(g); print(torch.autograd.grad(g, x))
""")

case("functional_jacobian", """
from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp, vhp
x = torch.tensor([1., 2., 3.])
print(jacobian(lambda x: x ** 2, x))
print(jacobian(lambda x: x.sum(), x))
print(jacobian(lambda x: x * 2, torch.tensor(3.)))
print(jacobian(lambda x: x.reshape(2, 2), torch.ones(4)).shape, jacobian(lambda x: x * 2, torch.ones(1, 2)).shape)
a, b = torch.tensor([1., 2.]), torch.tensor([3., 4.])
print(jacobian(lambda x, y: x * y, (a, b)))
print(jacobian(lambda x: (x * 2, x.sum()), a))
print(jacobian(lambda x, y: (x * y, x + y), (a, b)))
print(jacobian(lambda x: x ** 2, (a,)))
print(jacobian(lambda x: x * 2, torch.tensor([1., 2.], dtype=torch.float64)).dtype)
print(jacobian(lambda x: torch.ones(2), a), jacobian(lambda x: x.argmax(), a))
print(jacobian(lambda x: x ** 2, a, create_graph=True))
print(jacobian(lambda x: x ** 2, a, vectorize=True))
x = torch.tensor([1., 2.], requires_grad=True)
print(jacobian(lambda x: x ** 2, x).requires_grad, x.requires_grad)
""")

case("functional_errors", """
from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp, vhp
a, b = torch.tensor([1., 2.]), torch.tensor([3., 4.])
for stmt in ["jacobian(lambda x: x, [a])", "jacobian(lambda x: [x], a)", "jacobian(lambda x: x, torch.tensor([1, 2]))",
             "jacobian(lambda x: torch.ones(2), a, strict=True)", "jacobian(lambda x, y: x * 2, (a, b), strict=True)",
             "vjp(lambda x, y: x * 2, (a, b), torch.ones(2), strict=True)", "jvp(lambda x, y: x * 2, (a, b), (torch.ones(2), torch.ones(2)), strict=True)",
             "hessian(lambda x: x.sum() * 2, a, strict=True)", "jacobian(lambda x: x, a, strategy='forward-mode')",
             "jacobian(lambda x: x, a, strategy='bad')", "hessian(lambda x: x, a)", "vjp(lambda x: x * 2, a)",
             "jvp(lambda x: x * 2, a)", "hvp(lambda x: x.sum(), a)", "vjp(lambda x: x * 2, a, torch.ones(3))", "hvp(lambda x: x * 2, a, torch.ones(2))",
             "hessian(lambda x: x.sum(), a, outer_jacobian_strategy='forward-mode')"]:
    try: print(eval(stmt))
    except Exception as e: print(type(e).__name__, e)
""")

case("functional_products", """
from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp, vhp
a = torch.tensor([1., 2.])
print(hessian(lambda x: (x ** 3).sum(), a))
print(hessian(lambda x: x ** 3, torch.tensor(2.)))
print(hessian(lambda x, y: (x * y).sum(), (a, a)))
print(hessian(lambda x: (x ** 3).sum(), a, create_graph=True))
print(vjp(lambda x: x ** 2, a, torch.ones(2)), vjp(lambda x: x.sum(), a))
print(vjp(lambda x: x ** 2, (a,), (torch.ones(2),)))
print(jvp(lambda x: x ** 2, a, torch.tensor([1., 0.])), jvp(lambda x: x.sum(), torch.tensor(2.)))
print(hvp(lambda x: (x ** 3).sum(), a, torch.tensor([1., 0.])), vhp(lambda x: (x ** 3).sum(), a, torch.tensor([1., 0.])))
x, y = torch.tensor([1., 2.]), torch.tensor([3., 4.])
print(vhp(lambda x, y: (x * y ** 2).sum(), (x, y), (torch.ones(2), torch.ones(2))))
print(hvp(lambda x, y: (x * y ** 2).sum(), (x, y), (torch.ones(2), torch.ones(2))))
print(vjp(lambda x: x ** 2, a, torch.ones(2), create_graph=True), jvp(lambda x: x ** 2, a, torch.ones(2), create_graph=True))
print(hvp(lambda x: (x ** 3).sum(), a, torch.tensor([1., 0.]), create_graph=True))
print(jvp(lambda x: (x * 2, x ** 2), a, torch.ones(2)))
""")

case("gradcheck_messages", """
from torch.autograd.gradcheck import GradcheckError
class Bad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a): ctx.save_for_backward(a); return a**2
    @staticmethod
    def backward(ctx, g): a, = ctx.saved_tensors; return 3*a*g
a = torch.tensor([1.5410, -0.2934], dtype=torch.float64, requires_grad=True)
try: torch.autograd.gradcheck(Bad.apply, (a,))
except GradcheckError as e: print(repr(str(e)))
b = torch.tensor([[1., 2.],[3., 4.]], dtype=torch.float64, requires_grad=True)
try: torch.autograd.gradcheck(lambda x: Bad.apply(x).sum(0), (b,))
except GradcheckError as e: print(str(e))
print(torch.autograd.gradcheck(lambda x: Bad.apply(x).sum(0), (b,), raise_exception=False))
print(torch.autograd.gradcheck(torch.sin, a))
try: torch.autograd.gradcheck(torch.sin, torch.ones(2, dtype=torch.float64))
except Exception as e: print(type(e).__name__, e)
try: print(torch.autograd.gradcheck(torch.sin, torch.ones(2, requires_grad=True)))
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
print(torch.autograd.gradgradcheck(lambda x: (x**3).sum(), a))
print(torch.autograd.gradcheck(lambda x, y: (x * y.exp(), x.sum() * y), (a, a.detach().clone().requires_grad_())))
print(torch.autograd.gradgradcheck(lambda x, y: (x * y.exp()).tanh(), (a, a.detach().clone().requires_grad_())))
print(GradcheckError.__mro__[1:])
from torch.autograd.function import once_differentiable
class Once(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x): ctx.save_for_backward(x); return x ** 3
    @staticmethod
    @once_differentiable
    def backward(ctx, g): x, = ctx.saved_tensors; return g * 3 * x ** 2
try: torch.autograd.gradgradcheck(Once.apply, (a,))
except Exception as e: print(type(e).__name__, str(e).splitlines()[0])
""")


# ---- 7.3 anomaly detection; scalar operands in backward --------------------------------------

case("anomaly_mode", """
import warnings
def first_lines(caught):
    return [str(w.message).splitlines()[0] for w in caught]
x = torch.tensor([1., 2.], requires_grad=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with torch.autograd.detect_anomaly():
        print(torch.is_anomaly_enabled())
        y = x.exp()
        y.add_(1)
        try:
            y.sum().backward()
        except Exception as exc:
            print(exc)
print(first_lines(caught), torch.is_anomaly_enabled())
x = torch.tensor([0., 1.], requires_grad=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.autograd.set_detect_anomaly(True)
    try:
        (x.sqrt() * 0).sum().backward()
    except Exception as exc:
        print(exc)
    torch.autograd.set_detect_anomaly(False)
print(first_lines(caught))
x = torch.tensor([-1., 1.], requires_grad=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with torch.autograd.detect_anomaly(check_nan=False):
        x.sqrt().sum().backward()
print(x.grad, first_lines(caught))
""")

case("scalar_operands_in_backward", """
x = torch.tensor([0., 1.], requires_grad=True)
(x.sqrt() * 0).sum().backward()
print(x.grad)
x = torch.tensor([1., 2.], requires_grad=True)
(x / 0).sum().backward()
print(x.grad)
x = torch.tensor([1., 2.], requires_grad=True)
(x * 0).sum().backward()
print(x.grad)
(0 * x + 0).sum().backward()
print(x.grad)
x = torch.tensor([0., 2.], requires_grad=True)
x.log().sum().backward()
print(x.grad)
(x ** -1).sum().backward()
print(x.grad)
""")


# ---- programs in the style of the PyTorch tutorials ------------------------------------

case("tutorial_autograd_basics", """
import math
x = torch.ones(5); y = torch.zeros(3)
w = torch.tensor(np.linspace(-1, 1, 15).reshape(5, 3), dtype=torch.float32, requires_grad=True)
b = torch.tensor([0.1, -0.2, 0.3], requires_grad=True)
z = torch.matmul(x, w) + b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
print(f"Gradient function for z = {type(z.grad_fn).__name__}")
print(f"Gradient function for loss = {type(loss.grad_fn).__name__}")
loss.backward(); print(w.grad); print(b.grad)
with torch.no_grad(): z = torch.matmul(x, w) + b
print(z.requires_grad)
z_det = (torch.matmul(x, w) + b).detach(); print(z_det.requires_grad)
inp = torch.eye(4, 5, requires_grad=True)
out = (inp + 1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"First call\n{inp.grad}")
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nSecond call\n{inp.grad}")
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nCall after zeroing gradients\n{inp.grad}")
""")

case("tutorial_polynomial_fit", """
import math
dtype = torch.float
x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
y = torch.sin(x)
a = torch.tensor(0.1, dtype=dtype, requires_grad=True)
b = torch.tensor(-0.2, dtype=dtype, requires_grad=True)
c = torch.tensor(0.3, dtype=dtype, requires_grad=True)
d = torch.tensor(0.05, dtype=dtype, requires_grad=True)
learning_rate = 1e-6
for t in range(300):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum()
    if t % 100 == 99:
        print(t, round(loss.item(), 1))
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None; b.grad = None; c.grad = None; d.grad = None
print(f'Result: y = {a.item():.4f} + {b.item():.4f} x + {c.item():.4f} x^2 + {d.item():.4f} x^3')
""")

case("tutorial_legendre_function", """
class LegendrePolynomial3(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)
    @staticmethod
    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)
x = torch.linspace(-1, 1, 5)
a = torch.full((), 0.0, requires_grad=True); b = torch.full((), -1.0, requires_grad=True)
c = torch.full((), 0.0, requires_grad=True); d = torch.full((), 0.3, requires_grad=True)
P3 = LegendrePolynomial3.apply
y_pred = a + b * P3(c + d * x)
loss = (y_pred - x).pow(2).sum(); print(loss); loss.backward()
print(a.grad, b.grad, c.grad, d.grad)
""")

case("common_reductions_and_reprs", """
x = torch.randn((), requires_grad=True)
print(x.shape, x.dim(), x.requires_grad)
q = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
print(q.sum(dim=0), q.mean(dim=-1, keepdim=True), q.max(dim=1), q.argmax(dim=1), q.norm(dim=1))
print(torch.max(q), torch.max(q, 1)[0], torch.sum(q, dim=1), torch.mean(q))
print(q.T, q.numel(), q.size(), q.view(-1), q.flatten(), q.unsqueeze(-1).shape)
print(torch.cat((q, q), dim=1), torch.stack((q, q)).shape, torch.zeros(2, 3).fill_(2.5))
print(q.detach().numpy(), q.data.numpy(), q.tolist(), q.abs().max().item())
""")


case("complex_gradients", """
z = torch.tensor(1+1j, requires_grad=True)
(z * z).abs().backward()
print(z.grad)
z = torch.tensor([1+1j, 2-1j], requires_grad=True)
y = (z * torch.tensor([2+0j, 1j])).exp()
y.register_hook(lambda g: print("hook", g))
(y.abs() ** 2).sum().backward()
print(z.grad)
print(torch.autograd.grad((z.conj() * z).abs().sum(), z))
z.grad = None
w = z * (1 + 2j)
w.backward(torch.tensor([1+0j, 1j]))
print(z.grad)
""")
