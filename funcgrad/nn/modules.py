"""`Module` (parameters, buffers, submodules; moving them between devices and dtypes) and
`Linear`, the part of torch.nn's module system the Tensor facade needs.

As in PyTorch, `module.to(device)` / `.cuda()` / `.cpu()` / `.double()` keep each
Parameter object (an optimizer holding it still sees it) and swap its data, and its
.grad's, for the converted copy; buffers are replaced by their converted copies.
"""
import math
from collections import OrderedDict

from funcgrad.tensors._core import Tensor

from . import functional as F
from .parameter import Parameter

__all__ = ["Module", "Linear"]


class Module:
    """Base class of layers and models, as torch.nn.Module.

    Attributes that are Parameters or Modules are registered when assigned (tensors
    that are state but not trained go through `register_buffer`), so `parameters()`,
    `to()`, `zero_grad()`... reach all of them, submodules included. Subclasses call
    ``super().__init__()`` first and define `forward`; calling the module calls it.
    Hooks, state_dict and the other torch.nn features are not implemented.

    Examples
    --------
    >>> import funcgrad as fg
    >>> class Scale(fg.nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.w = fg.nn.Parameter(fg.ones(2))
    ...     def forward(self, x):
    ...         return self.w * x
    >>> m = Scale()
    >>> m(fg.tensor([1.0, 2.0])).sum().backward()
    >>> [name for name, _ in m.named_parameters()], m.w.grad
    (['w'], tensor([1., 2.]))
    """

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
        """Add `param` (a Parameter, or None for an absent one) under `name`.

        Parameters
        ----------
        name : str
            The attribute name.
        param : Parameter or None
            The parameter.

        Raises
        ------
        TypeError
            If `param` is neither a Parameter nor None.
        """
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter "
                            f"'{name}' (funcgrad.nn.Parameter or None required)")
        self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        """Add a Tensor that is state but not a parameter (moved and cast by `to()`, not trained).

        Parameters
        ----------
        name : str
            The attribute name.
        tensor : Tensor or None
            The buffer.
        persistent : bool, default True
            Accepted for PyTorch compatibility (there is no state_dict).

        Raises
        ------
        TypeError
            If `tensor` is neither a Tensor nor None.
        """
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{type(tensor).__name__}' object to buffer "
                            f"'{name}' (funcgrad.Tensor or None required)")
        self._buffers[name] = tensor

    def add_module(self, name, module):
        """Add a submodule under `name` (as assigning ``self.name = module`` does).

        Parameters
        ----------
        name : str
            The attribute name.
        module : Module or None
            The submodule.
        """
        self._modules[name] = module

    # ---- traversal ------------------------------------------------------------------------

    def named_modules(self, prefix=""):
        """(name, module) for self and every submodule, depth first; self's name is `prefix`.

        Parameters
        ----------
        prefix : str, default ""
            Prepended to the dotted names.

        Yields
        ------
        (str, Module)
        """
        yield prefix, self
        for name, child in self._modules.items():
            if child is not None:
                yield from child.named_modules(f"{prefix}.{name}" if prefix else name)

    def modules(self):
        """Self and every submodule, depth first.

        Returns
        -------
        generator of Module
        """
        return (m for _, m in self.named_modules())

    def named_children(self):
        """(name, module) for the direct submodules.

        Returns
        -------
        generator of (str, Module)
        """
        return ((n, m) for n, m in self._modules.items() if m is not None)

    def children(self):
        """The direct submodules.

        Returns
        -------
        generator of Module
        """
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
        """(dotted name, Parameter) for every parameter, each once even when shared.

        Parameters
        ----------
        recurse : bool, default True
            Include the submodules' parameters.

        Returns
        -------
        generator of (str, Parameter)
        """
        return self._named("_parameters", recurse)

    def parameters(self, recurse=True):
        """Every parameter, each once (what an optimizer is given).

        Parameters
        ----------
        recurse : bool, default True
            Include the submodules' parameters.

        Returns
        -------
        generator of Parameter
        """
        return (p for _, p in self.named_parameters(recurse))

    def named_buffers(self, recurse=True):
        """(dotted name, Tensor) for every buffer.

        Parameters
        ----------
        recurse : bool, default True
            Include the submodules' buffers.

        Returns
        -------
        generator of (str, Tensor)
        """
        return self._named("_buffers", recurse)

    def buffers(self, recurse=True):
        """Every buffer.

        Parameters
        ----------
        recurse : bool, default True
            Include the submodules' buffers.

        Returns
        -------
        generator of Tensor
        """
        return (b for _, b in self.named_buffers(recurse))

    # ---- running ------------------------------------------------------------------------------

    def forward(self, *args, **kwargs):
        """The computation of the module: subclasses override it; calling the module calls it.

        Parameters
        ----------
        *args
            The inputs.
        **kwargs
            Keyword inputs.

        Returns
        -------
        Tensor or any
            What the subclass computes.

        Raises
        ------
        NotImplementedError
            Unless overridden.
        """
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required '
                                  f'"forward" function')

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def train(self, mode=True):
        """Set the `training` flag of self and every submodule.

        Parameters
        ----------
        mode : bool, default True
            True for training, False for evaluation.

        Returns
        -------
        Module
            self.
        """
        for m in self.modules():
            object.__setattr__(m, "training", bool(mode))
        return self

    def eval(self):
        """``train(False)``.

        Returns
        -------
        Module
            self.
        """
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        """Set requires_grad on every parameter.

        Parameters
        ----------
        requires_grad : bool, default True
            The flag.

        Returns
        -------
        Module
            self.
        """
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Clear every parameter's .grad.

        Parameters
        ----------
        set_to_none : bool, default True
            Set the gradients to None; with False, fill them with zeros in place.
        """
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
        """Move and/or cast the parameters and buffers, in place.

        Each Parameter stays the same object (an optimizer holding it still sees it): its
        data, and its .grad's, are swapped for the converted copy; buffers are replaced.
        Only floating point and complex values change dtype; integer buffers only move.

        Parameters
        ----------
        *args
            As `Tensor.to`: ``to(device)``, ``to(dtype)``, ``to(device, dtype)``,
            ``to(tensor)``.
        **kwargs
            ``device=``, ``dtype=``, as `Tensor.to`.

        Returns
        -------
        Module
            self.
        """
        def convert(t):
            if t.is_floating_point() or t.is_complex():
                return t.to(*args, **kwargs)
            where = [a for a in args if not _is_dtype(a)]
            options = {k: v for k, v in kwargs.items() if k != "dtype"}
            return t.to(*where, **options) if where or "device" in options else t
        return self._apply(convert)

    def cuda(self, device=None):
        """Move every parameter and buffer to a CUDA device, in place.

        Parameters
        ----------
        device : int, str or funcgrad.device, optional
            The device; the current CUDA device when None.

        Returns
        -------
        Module
            self.
        """
        return self._apply(lambda t: t.cuda(device))

    def cpu(self):
        """Move every parameter and buffer to host memory, in place.

        Returns
        -------
        Module
            self.
        """
        return self._apply(lambda t: t.cpu())

    def _cast(self, dtype):
        return self._apply(lambda t: t.to(dtype) if t.is_floating_point() else t)

    def double(self):
        """Cast the floating point parameters and buffers to float64, in place.

        Returns
        -------
        Module
            self.
        """
        from funcgrad import float64
        return self._cast(float64)

    def float(self):
        """Cast the floating point parameters and buffers to float32, in place.

        Returns
        -------
        Module
            self.
        """
        from funcgrad import float32
        return self._cast(float32)

    def half(self):
        """Cast the floating point parameters and buffers to float16, in place.

        Returns
        -------
        Module
            self.
        """
        from funcgrad import float16
        return self._cast(float16)

    def extra_repr(self):
        """The text inside the parentheses of the module's repr; subclasses override it.

        Returns
        -------
        str
        """
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
    """``y = x @ weight.T + bias``, with PyTorch's initialisation ``U(-1/sqrt(in), 1/sqrt(in))``.

    The parameters are drawn from the default generator (`funcgrad.manual_seed`).

    Parameters
    ----------
    in_features : int
        The size of each input sample.
    out_features : int
        The size of each output sample.
    bias : bool, default True
        Whether to add a learned bias.
    device : str or funcgrad.device, optional
        Where the parameters are made.
    dtype : funcgrad.dtype, optional
        Their dtype (the default float dtype when None).

    Examples
    --------
    >>> import funcgrad as fg
    >>> layer = fg.nn.Linear(3, 2)
    >>> layer
    Linear(in_features=3, out_features=2, bias=True)
    >>> layer(fg.ones(4, 3)).shape
    funcgrad.Size([4, 2])
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
        """Apply the layer.

        Parameters
        ----------
        input : Tensor
            Shape (..., in_features).

        Returns
        -------
        Tensor
            Shape (..., out_features). Recorded as `funcgrad.nn.functional.linear`
            records it (``AddmmBackward0`` with a bias, as PyTorch).
        """
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self):
        """``in_features=..., out_features=..., bias=...``, as PyTorch shows it.

        Returns
        -------
        str
        """
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")
