"""`Parameter`: a leaf Tensor that requires grad by default and prints as such."""
from funcgrad.tensors._core import Tensor, make

__all__ = ["Parameter"]


class Parameter(Tensor):
    """A leaf tensor that requires grad by default: the trainable state of a `Module`.

    It shares `data`'s memory and version counter, prints as ``Parameter containing:``,
    and ops on it give plain Tensors. Assigning one as a Module attribute registers it.
    The constructor's parameters are documented on ``__new__``.

    Examples
    --------
    >>> import funcgrad as fg
    >>> w = fg.nn.Parameter(fg.zeros(2))
    >>> w.requires_grad, w.is_leaf, type(w * 2).__name__
    (True, True, 'Tensor')
    """
    __slots__ = ()

    def __new__(cls, data=None, requires_grad=True):
        """A Parameter sharing `data`'s memory and version counter.

        Parameters
        ----------
        data : Tensor, optional
            The values (an empty tensor when None).
        requires_grad : bool, default True
            Whether it requires grad (only floating point and complex data can).

        Returns
        -------
        Parameter
            A leaf.
        """
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
