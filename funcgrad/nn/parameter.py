"""`Parameter`: a leaf Tensor that requires grad by default and prints as such."""
from funcgrad.tensors._core import Tensor, make

__all__ = ["Parameter"]


class Parameter(Tensor):
    """Parameter(data, requires_grad=True): shares data's memory; ops on it give Tensors."""
    __slots__ = ()

    def __new__(cls, data=None, requires_grad=True):
        from funcgrad.tensors._factories import empty
        if data is None:
            data = empty(0)
        p = make(data._data, False, None)
        p.__class__ = cls
        p._vc = data._counter()
        if requires_grad:
            p.requires_grad_(True)
        return p

    def _is_parameter(self):
        return True

    def __reduce_ex__(self, protocol):
        return (Parameter, (make(self._data.copy()), self._requires_grad))
