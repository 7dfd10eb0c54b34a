"""PyTorch-style dtypes for the Tensor facade: dtype objects, the default dtype, promotion.

`funcgrad.float32` and friends are `dtype` objects (repr `funcgrad.float32`), each
naming the numpy dtype that stores it. Type promotion follows PyTorch, not numpy:
operands are grouped into dimensioned tensors, 0-dim tensors and Python scalars, and
a lower group only matters when its category (bool < integer < float < complex) is
higher; Python floats take the default dtype (float32 unless changed).
"""
import builtins

import numpy as np

MODULE = "funcgrad"  # the name reprs use where PyTorch prints "torch"

__all__ = ["dtype", "set_default_dtype", "get_default_dtype", "as_dtype", "from_numpy_dtype",
           "result_type", "promote_types", "category", "scalar_dtype"]


class dtype:
    """A tensor element type: `funcgrad.float32`, `funcgrad.int64`, ...

    Each names the numpy dtype that stores it (``.np``) and compares equal to it; the
    attributes ``is_floating_point``, ``is_complex``, ``is_signed`` and ``itemsize``
    are those of torch.dtype. The instances are made once, at import.

    Parameters
    ----------
    name : str
        The name without module, e.g. ``"float32"``.
    np_dtype : numpy dtype or type
        The numpy dtype storing it.
    legacy : str
        The legacy tensor type name, e.g. ``"FloatTensor"``.
    """
    __slots__ = ("name", "np", "is_floating_point", "is_complex", "is_signed", "itemsize",
                 "kind", "legacy", "__weakref__")

    def __init__(self, name, np_dtype, legacy):
        self.name = name
        self.np = np.dtype(np_dtype)
        self.kind = self.np.kind
        self.is_floating_point = self.kind == "f"
        self.is_complex = self.kind == "c"
        self.is_signed = self.kind in "fci"
        self.itemsize = self.np.itemsize
        self.legacy = legacy  # the legacy type name: FloatTensor, LongTensor...

    def __repr__(self):
        return f"{MODULE}.{self.name}"

    @property
    def dtype(self):
        """The numpy dtype: lets numpy accept funcgrad dtypes (np.zeros(2, dtype=fg.float32))."""
        return self.np

    def __eq__(self, other):
        return other is self or (isinstance(other, np.dtype) and other == self.np)

    def __hash__(self):
        return hash(self.np)

    def __reduce__(self):
        return (as_dtype, (self.name,))

    def to_complex(self):
        """The complex dtype matching this floating point one (float32 -> complex64).

        Returns
        -------
        dtype
            complex64 for float16 and float32, complex128 for float64; self otherwise.
        """
        return {"float32": complex64, "float64": complex128, "float16": complex64}.get(self.name, self)

    def to_real(self):
        """The real dtype matching this complex one (complex64 -> float32).

        Returns
        -------
        dtype
            float32 or float64 for complex64 or complex128; self otherwise.
        """
        return {"complex64": float32, "complex128": float64}.get(self.name, self)


float16 = dtype("float16", np.float16, "HalfTensor")
float32 = dtype("float32", np.float32, "FloatTensor")
float64 = dtype("float64", np.float64, "DoubleTensor")
complex64 = dtype("complex64", np.complex64, "ComplexFloatTensor")
complex128 = dtype("complex128", np.complex128, "ComplexDoubleTensor")
uint8 = dtype("uint8", np.uint8, "ByteTensor")
int8 = dtype("int8", np.int8, "CharTensor")
int16 = dtype("int16", np.int16, "ShortTensor")
int32 = dtype("int32", np.int32, "IntTensor")
int64 = dtype("int64", np.int64, "LongTensor")
bool_ = dtype("bool", np.bool_, "BoolTensor")

ALL = (float16, float32, float64, complex64, complex128, uint8, int8, int16, int32, int64, bool_)
ALIASES = {"half": float16, "float": float32, "double": float64, "cfloat": complex64,
           "cdouble": complex128, "short": int16, "int": int32, "long": int64,
           "bool": bool_}
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update(ALIASES)
_BY_NP = {d.np: d for d in ALL}
_PY_TYPES = {builtins.float: float64, builtins.int: int64, builtins.bool: bool_,
             builtins.complex: complex128}


_default = {"float": float32}


def set_default_dtype(d):
    """Set the dtype of Python floats in tensors and of the float factories.

    Parameters
    ----------
    d : funcgrad.dtype or dtype-like
        A floating point dtype (float32 by default; float64 is the usual other
        choice). Complex scalars then take the matching complex dtype.

    Raises
    ------
    TypeError
        If `d` is not a floating point dtype.

    Examples
    --------
    >>> import funcgrad as fg
    >>> fg.set_default_dtype(fg.float64)
    >>> fg.tensor([1.5]).dtype
    funcgrad.float64
    >>> fg.set_default_dtype(fg.float32)
    """
    d = as_dtype(d)
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default["float"] = d


def get_default_dtype():
    """The default floating point dtype (float32 unless changed by `set_default_dtype`).

    Returns
    -------
    dtype
    """
    return _default["float"]


def default_float():
    """The default floating point dtype (as `get_default_dtype`)."""
    return _default["float"]


def default_complex():
    """The default complex dtype: complex128 when the default float is float64, else complex64."""
    return complex128 if _default["float"] is float64 else complex64


def from_numpy_dtype(np_dtype):
    """The funcgrad dtype stored as numpy dtype `np_dtype`.

    Parameters
    ----------
    np_dtype : numpy dtype or dtype-like
        A numpy dtype.

    Returns
    -------
    dtype

    Raises
    ------
    TypeError
        For numpy dtypes PyTorch has no tensors of (unsigned beyond uint8, strings...).
    """
    try:
        return _BY_NP[np_dtype]
    except KeyError:
        d = _BY_NP.get(np.dtype(np_dtype))
        if d is None:
            raise TypeError(f"can't convert np.ndarray of type {np.dtype(np_dtype)}. The only "
                            f"supported types are: float64, float32, float16, complex64, "
                            f"complex128, int64, int32, int16, int8, uint8, and bool.")
        return d


def as_dtype(d):
    """A funcgrad dtype from a dtype, a name, a Python type or a numpy dtype.

    Parameters
    ----------
    d : dtype, str, type or numpy dtype
        ``funcgrad.float32``, ``"float32"``, ``float`` (the default float), ``int``
        (int64), ``bool``, ``complex`` or ``np.float32``.

    Returns
    -------
    dtype

    Raises
    ------
    TypeError
        For a numpy dtype without a funcgrad counterpart.
    """
    if type(d) is dtype:
        return d
    if d in _PY_TYPES:
        return _PY_TYPES[d]
    if isinstance(d, str) and d in _BY_NAME:
        return _BY_NAME[d]
    return from_numpy_dtype(np.dtype(d))


def category(d):
    """The promotion category of a dtype.

    Parameters
    ----------
    d : dtype
        A funcgrad dtype.

    Returns
    -------
    int
        0 bool, 1 integer, 2 floating point, 3 complex.
    """
    return 3 if d.is_complex else 2 if d.is_floating_point else 0 if d is bool_ else 1


def promote_types(a, b):
    """PyTorch's promotion of two dtypes: the higher category wins, then the wider type.

    Parameters
    ----------
    a : dtype
        A funcgrad dtype.
    b : dtype
        Another.

    Returns
    -------
    dtype
        The promoted dtype (complex64 with float64 gives complex128, as in PyTorch).

    Examples
    --------
    >>> import funcgrad as fg
    >>> fg.promote_types(fg.int32, fg.float16)
    funcgrad.float16
    """
    if a is b:
        return a
    ca, cb = category(a), category(b)
    if ca != cb:
        hi, lo = (a, b) if ca > cb else (b, a)
        if hi.is_complex and lo is float64:
            return complex128
        return hi
    return _BY_NP[np.promote_types(a.np, b.np)]


def scalar_dtype(value):
    """The dtype a Python scalar takes when wrapped: bool, int64, the default float or complex.

    Parameters
    ----------
    value : bool, int, float, complex or numpy scalar
        The scalar.

    Returns
    -------
    dtype

    Raises
    ------
    TypeError
        For anything else.
    """
    t = type(value)
    if t is builtins.bool:
        return bool_
    if t is builtins.int:
        return int64
    if t is builtins.float:
        return _default["float"]
    if t is builtins.complex:
        return default_complex()
    if isinstance(value, np.generic):
        return scalar_dtype(value.item())
    raise TypeError(f"unsupported scalar type {t.__name__}")


def _combine(higher, lower):
    """Merge a higher-priority group's dtype with a lower one's, as PyTorch does."""
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher.is_complex:
        return higher
    if lower.is_complex:
        return higher.to_complex() if higher.is_floating_point else lower
    if higher.is_floating_point:
        return higher
    if higher is bool_ or lower.is_floating_point:
        return promote_types(higher, lower)
    return higher


def result_type(dims, zeros, scalars):
    """Result dtype of an op from the dtypes of its dimensioned tensors, 0-dim tensors and scalars.

    A lower group (0-dim tensors, then scalars) only matters when its category is
    higher than the groups above it, as in PyTorch.

    Parameters
    ----------
    dims : iterable of dtype
        The dtypes of the operands with dimensions.
    zeros : iterable of dtype
        The dtypes of the 0-dim tensor operands.
    scalars : iterable of dtype
        The dtypes of the Python scalar operands (see `scalar_dtype`).

    Returns
    -------
    dtype or None
        None when there are no operands.
    """
    groups = []
    for group in (dims, zeros, scalars):
        out = None
        for d in group:
            out = d if out is None else promote_types(out, d)
        groups.append(out)
    return _combine(groups[0], _combine(groups[1], groups[2]))
