"""Named results of ops returning (values, indices): max, min, sort, topk.

Like torch.return_types: tuples with `.values` and `.indices`, printing as
`funcgrad.return_types.max(\\nvalues=...,\\nindices=...)`.
"""
import collections

from funcgrad._dtypes import MODULE

__all__ = ["max", "min", "sort", "topk"]


def _named(name):
    """The named-tuple class of op `name`'s (values, indices) results."""
    base = collections.namedtuple(name, ["values", "indices"])

    def __repr__(self):
        return f"{MODULE}.return_types.{name}(\nvalues={self.values!r},\nindices={self.indices!r})"
    cls = type(name, (base,), {"__slots__": (), "__repr__": __repr__, "__str__": __repr__,
                               "__module__": f"{MODULE}.return_types", "__doc__": _DOC % name})
    return cls


_DOC = """The result of `%s`: a named tuple (values, indices), as torch.return_types.

    Attributes
    ----------
    values : Tensor
        The values (differentiable).
    indices : Tensor
        Their int64 positions (never require grad).
    """


max = _named("max")
min = _named("min")
sort = _named("sort")
topk = _named("topk")
