"""The workloads' functions, written once and shared by the systems that run them.

`numpy_style` programs take a numpy-like namespace `xp` (funcgrad.numpy, autograd.numpy,
jax.numpy, mygrad); `tensor_style` programs use PyTorch's Tensor methods, so the same code
runs on torch tensors and on funcgrad's Tensor facade. Every system therefore
differentiates the same sequence of operations as the others.
"""


# ---- numpy-style (functional systems) ---------------------------------------------------

def mlp_loss(xp, X, onehot):
    """loss(W1, W2): mean softmax cross-entropy of tanh(X W1) W2 against one-hot labels."""
    batch = X.shape[0]

    def loss(W1, W2):
        logits = xp.tanh(X @ W1) @ W2
        log_partition = xp.log(xp.sum(xp.exp(logits), axis=1))
        return (xp.sum(log_partition) - xp.sum(logits * onehot)) / batch
    return loss


def chain_sum(xp, steps):
    """f(x): `steps` dependent updates x = sin(x) * 0.9 + 0.1 * x, then the sum."""
    def f(x):
        for _ in range(steps):
            x = xp.sin(x) * 0.9 + 0.1 * x
        return xp.sum(x)
    return f


def elementwise_sum(xp):
    def f(x):
        return xp.sum(xp.tanh(x) * xp.sin(x) + xp.exp(-x * x))
    return f


def hvp_objective(xp, A):
    def f(x):
        return xp.sum(xp.tanh(A @ x) ** 2)
    return f


def jacobian_map(xp, W):
    def f(x):
        return xp.tanh(W @ x) * x
    return f


# ---- tensor-style (torch and funcgrad's Tensor facade) ----------------------------------

def mlp_loss_tensor(X, onehot, W1, W2):
    logits = (X @ W1).tanh() @ W2
    log_partition = logits.exp().sum(dim=1).log()
    return (log_partition.sum() - (logits * onehot).sum()) / X.shape[0]


def chain_sum_tensor(x, steps):
    for _ in range(steps):
        x = x.sin() * 0.9 + 0.1 * x
    return x.sum()


def elementwise_sum_tensor(x):
    return (x.tanh() * x.sin() + (-x * x).exp()).sum()


def hvp_objective_tensor(A):
    def f(x):
        return ((A @ x).tanh() ** 2).sum()
    return f


def jacobian_map_tensor(W):
    def f(x):
        return (W @ x).tanh() * x
    return f


# ---- tensor-style drivers: leaves with requires_grad, then backward() -------------------

def backward_builders(lib):
    """{tensor workload: builder} driving `lib` (torch or funcgrad) through backward().

    The leaves are made once; each call clears their .grad (as zero_grad(set_to_none=True)
    does in a training loop), runs the forward pass and backward(), and returns the grads.
    """
    def leaf(array):
        return lib.tensor(array, requires_grad=True)

    def mlp(inputs):
        X, onehot = lib.tensor(inputs["X"]), lib.tensor(inputs["onehot"])
        W1, W2 = leaf(inputs["W1"]), leaf(inputs["W2"])

        def call():
            W1.grad = W2.grad = None
            mlp_loss_tensor(X, onehot, W1, W2).backward()
            return W1.grad, W2.grad
        return call

    def chain(inputs):
        x, steps = leaf(inputs["x"]), inputs["steps"]

        def call():
            x.grad = None
            chain_sum_tensor(x, steps).backward()
            return x.grad
        return call

    def elementwise(inputs):
        x = leaf(inputs["x"])

        def call():
            x.grad = None
            elementwise_sum_tensor(x).backward()
            return x.grad
        return call

    return {"tensor_mlp": mlp, "tensor_chain": chain, "tensor_elementwise": elementwise}
