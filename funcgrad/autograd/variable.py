"""The deprecated `Variable` wrapper: `Variable(t)` is a detached alias of tensor `t`.

Every Tensor is an instance of Variable (the metaclass says so), as in PyTorch.
"""
import warnings

__all__ = ["Variable", "VariableMeta"]


class VariableMeta(type):
    """Metaclass of `Variable`: every Tensor is an instance of Variable, as in PyTorch."""
    def __instancecheck__(cls, other):
        from funcgrad.tensors._core import Tensor
        return isinstance(other, Tensor)


class _LegacyVariableBase:
    pass


class Variable(_LegacyVariableBase, metaclass=VariableMeta):
    """The deprecated wrapper: ``Variable(t)`` is a detached alias of tensor `t`.

    The constructor's parameters are documented on ``__new__``.

    Examples
    --------
    >>> import funcgrad as fg
    >>> v = fg.autograd.Variable(fg.ones(2), requires_grad=True)
    >>> v.is_leaf, isinstance(fg.ones(1), fg.autograd.Variable)
    (True, True)
    """

    def __new__(cls, data=None, requires_grad=False, volatile=False):
        """A new leaf sharing `data`'s memory and version counter.

        Parameters
        ----------
        data : Tensor, optional
            The tensor to alias (an empty tensor when None).
        requires_grad : bool, default False
            Whether the alias, a leaf, requires grad.
        volatile : bool, default False
            Removed in PyTorch; passing True warns and has no effect.

        Returns
        -------
        Tensor
            The alias (a Tensor: Variable is only a name for it).

        Raises
        ------
        TypeError
            If `data` is not a Tensor.
        RuntimeError
            If `requires_grad` is set for an integer or bool tensor.
        """
        from funcgrad.tensors._core import Tensor
        from funcgrad.tensors._factories import tensor
        if volatile:
            warnings.warn("volatile was removed and now has no effect. Use `with "
                          "torch.no_grad():` instead.", UserWarning, stacklevel=2)
        if data is None:
            data = tensor([])
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        if requires_grad and not (data.is_floating_point() or data.is_complex()):
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        alias = data.detach()
        alias._requires_grad = bool(requires_grad)
        return alias
