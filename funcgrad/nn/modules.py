"""`Module` (parameters, buffers, submodules; moving them between devices and dtypes) and
`Linear`, the part of torch.nn's module system the Tensor facade needs.

As in PyTorch, `module.to(device)` / `.cuda()` / `.cpu()` / `.double()` keep each
Parameter object (an optimizer holding it still sees it) and swap its data, and its
.grad's, for the converted copy; buffers are replaced by their converted copies.
"""
import math
from collections import OrderedDict

from funcgrad.tensors._core import Tensor

from .parameter import Parameter

__all__ = ["Module", "Linear"]


class Module:
    """Base class of layers and models: attributes that are Parameters, buffers or Modules
    are registered, so `parameters()`, `to()`, `zero_grad()`... reach all of them."""

    def __init__(self):
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_modules", OrderedDict())
        object.__setattr__(self, "training", True)

    # ---- registration ------------------------------------------------------------------

    def __setattr__(self, name, value):
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign attributes before Module.__init__() call")
        for table in (self._parameters, self._buffers, self._modules):
            table.pop(name, None)
        if isinstance(value, Parameter):
            self._parameters[name] = value
        elif isinstance(value, Module):
            self._modules[name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        tables = self.__dict__
        for table in ("_parameters", "_buffers", "_modules"):
            if table in tables and name in tables[table]:
                return tables[table][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        for table in (self._parameters, self._buffers, self._modules):
            if name in table:
                del table[name]
                return
        object.__delattr__(self, name)

    def register_parameter(self, name, param):
        """Add `param` (a Parameter, or None) under `name`."""
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter "
                            f"'{name}' (funcgrad.nn.Parameter or None required)")
        self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        """Add a Tensor that is state but not a parameter (moved by `to()`, not trained)."""
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{type(tensor).__name__}' object to buffer "
                            f"'{name}' (funcgrad.Tensor or None required)")
        self._buffers[name] = tensor

    def add_module(self, name, module):
        """Add a submodule under `name`."""
        self._modules[name] = module

    # ---- traversal ------------------------------------------------------------------------

    def named_modules(self, prefix=""):
        """(name, module) for self and every submodule, depth first."""
        yield prefix, self
        for name, child in self._modules.items():
            if child is not None:
                yield from child.named_modules(f"{prefix}.{name}" if prefix else name)

    def modules(self):
        return (m for _, m in self.named_modules())

    def named_children(self):
        return ((n, m) for n, m in self._modules.items() if m is not None)

    def children(self):
        return (m for _, m in self.named_children())

    def _named(self, table, recurse):
        seen = set()
        mods = self.named_modules() if recurse else [("", self)]
        for prefix, module in mods:
            for name, value in getattr(module, table).items():
                if value is None or id(value) in seen:
                    continue
                seen.add(id(value))
                yield (f"{prefix}.{name}" if prefix else name), value

    def named_parameters(self, recurse=True):
        """(qualified name, Parameter) for every parameter, each once."""
        return self._named("_parameters", recurse)

    def parameters(self, recurse=True):
        return (p for _, p in self.named_parameters(recurse))

    def named_buffers(self, recurse=True):
        return self._named("_buffers", recurse)

    def buffers(self, recurse=True):
        return (b for _, b in self.named_buffers(recurse))

    # ---- running ------------------------------------------------------------------------------

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required '
                                  f'"forward" function')

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def train(self, mode=True):
        for m in self.modules():
            object.__setattr__(m, "training", bool(mode))
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Clear every parameter's .grad (None, or zeros with set_to_none=False)."""
        for p in self.parameters():
            if p.grad is None:
                continue
            if set_to_none:
                p.grad = None
            else:
                p.grad = p.grad.detach().zero_()

    # ---- devices and dtypes ---------------------------------------------------------------

    def _apply(self, convert):
        """Convert every parameter (in place: same object), its grad, and every buffer."""
        for module in self.modules():
            for p in module._parameters.values():
                if p is None:
                    continue
                p.data = convert(p.detach())
                if p._grad is not None:
                    p._grad = convert(p._grad.detach())
            for name, b in module._buffers.items():
                if b is not None:
                    module._buffers[name] = convert(b)
        return self

    def to(self, *args, **kwargs):
        """Move and/or cast the parameters and buffers: to(device), to(dtype),
        to(device, dtype), to(tensor). Only floating point values change dtype."""
        def convert(t):
            if t.is_floating_point() or t.is_complex():
                return t.to(*args, **kwargs)
            where = [a for a in args if not _is_dtype(a)]
            options = {k: v for k, v in kwargs.items() if k != "dtype"}
            return t.to(*where, **options) if where or "device" in options else t
        return self._apply(convert)

    def cuda(self, device=None):
        """Move every parameter and buffer to a CUDA device (the current one by default)."""
        return self._apply(lambda t: t.cuda(device))

    def cpu(self):
        """Move every parameter and buffer to host memory."""
        return self._apply(lambda t: t.cpu())

    def _cast(self, dtype):
        return self._apply(lambda t: t.to(dtype) if t.is_floating_point() else t)

    def double(self):
        from funcgrad import float64
        return self._cast(float64)

    def float(self):
        from funcgrad import float32
        return self._cast(float32)

    def half(self):
        from funcgrad import float16
        return self._cast(float16)

    def extra_repr(self):
        return ""

    def __repr__(self):
        lines = [f"({name}): {repr(child)}".replace("\n", "\n  ")
                 for name, child in self.named_children()]
        head = f"{type(self).__name__}({self.extra_repr()}"
        if not lines:
            return head + ")"
        return head + "\n  " + "\n  ".join(lines) + "\n)"


def _is_dtype(value):
    from funcgrad._dtypes import dtype
    return isinstance(value, dtype)


class Linear(Module):
    """y = x @ weight.T + bias, with PyTorch's initialisation U(-1/sqrt(in), 1/sqrt(in)).

    Parameters
    ----------
    in_features, out_features : int
        The sizes of each input and output sample.
    bias : bool, default True
        Whether to add a learned bias.
    device, dtype : optional
        Where and of which dtype the parameters are made.
    """

    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__()
        from funcgrad.tensors._factories import empty
        self.in_features, self.out_features = in_features, out_features
        bound = 1.0 / math.sqrt(in_features) if in_features else 0.0
        self.weight = Parameter(empty(out_features, in_features, dtype=dtype, device=device)
                                .uniform_(-bound, bound))
        if bias:
            self.bias = Parameter(empty(out_features, dtype=dtype, device=device)
                                  .uniform_(-bound, bound))
        else:
            self.register_parameter("bias", None)

    def forward(self, input):
        out = input @ self.weight.t()
        return out + self.bias if self.bias is not None else out

    def extra_repr(self):
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")
