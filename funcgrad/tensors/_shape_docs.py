"""Docstrings of the Tensor shape, indexing and conversion methods of `_shape`.

Several of those methods are aliases sharing one function (`swapaxes` is `transpose`)
or are made in loops (`double`, `new_zeros`...), and `_shape` is near the project's
file-size limit, so their docstrings live here, one entry per method; `apply` sets
them and `funcgrad.<name>` copies them.
"""

_VIEW = ("The result is a view: it shares self's memory and version counter, so an "
         "in-place change of either is seen by (and version-checked for) the other.")
_SPLIT_VIEWS = ("The pieces are views of self (shared memory and version counter) and, "
                "as in PyTorch, may not be modified in place: they are outputs of one "
                "multi-output node.")
_COPY = "The result is a new tensor (its own memory and version counter)."


def _doc(summary, params, returns, notes, see=None):
    """Assemble a numpy-style docstring from its parts (params: ``name : type`` blocks)."""
    out = summary + "\n"
    if params:
        out += "\nParameters\n----------\n" + params.strip("\n") + "\n"
    out += "\nReturns\n-------\n" + returns.strip("\n") + "\n"
    out += "\nNotes\n-----\n" + notes.strip("\n") + "\n"
    if see:
        out += "\nSee Also\n--------\n" + see.strip("\n") + "\n"
    return out


_SHAPE_PARAM = """*shape : int or sequence of int
    The new shape, as separate ints or one sequence; one entry may be -1
    (inferred from the number of elements)."""
_DIM_INDEX = """dim : int
    The dimension to index along.
index : Tensor or sequence of int
    Integer positions (int64)."""

DOCS = {
    "view": _doc(
        "The same elements with a new shape, sharing memory with self.", _SHAPE_PARAM,
        "Tensor\n    A view of self.",
        "Records ``ViewBackward0``; backward reshapes the gradient back. " + _VIEW + "\n"
        "Raises RuntimeError if self is itself a non-contiguous view whose memory cannot "
        "take the new shape (use `reshape`). ``view(dtype)`` is not supported.",
        "funcgrad.numpy.reshape : the functional equivalent."),
    "reshape": _doc(
        "The same elements with a new shape; a view when the memory layout allows.",
        _SHAPE_PARAM, "Tensor\n    A view of self, or a copy when no view is possible.",
        "Records ``ViewBackward0`` for a view and ``UnsafeViewBackward0`` for a copy; "
        "backward reshapes the gradient back. A view shares self's memory and version "
        "counter.", "funcgrad.numpy.reshape : the functional equivalent."),
    "view_as": _doc(
        "``self.view(other.shape)``.", "other : Tensor\n    The tensor whose shape to take.",
        "Tensor\n    A view of self.", "Records ``ViewBackward0``. " + _VIEW),
    "reshape_as": _doc(
        "``self.reshape(other.shape)``.",
        "other : Tensor\n    The tensor whose shape to take.",
        "Tensor\n    A view of self when possible, else a copy.",
        "Records ``ViewBackward0`` (``UnsafeViewBackward0`` for a copy)."),
    "flatten": _doc(
        "Merge the dimensions ``start_dim..end_dim`` into one.",
        "start_dim : int, default 0\n    First dimension to merge.\n"
        "end_dim : int, default -1\n    Last dimension to merge (included).",
        "Tensor\n    A view of self when possible (self itself when there is nothing to "
        "merge); a 0-dim tensor becomes 1-D.",
        "Records ``ViewBackward0``. " + _VIEW,
        "funcgrad.numpy.ravel : the functional equivalent of a full flatten."),
    "unflatten": _doc(
        "Split dimension `dim` into several of the given `sizes`.",
        "dim : int\n    The dimension to split.\n"
        "sizes : sequence of int\n    The new sizes, whose product is ``self.shape[dim]`` "
        "(one may be -1).",
        "Tensor\n    A view of self when possible.", "Records ``ViewBackward0``. " + _VIEW),
    "unsqueeze": _doc(
        "Insert a dimension of size 1 at position `dim`.",
        "dim : int\n    The position, in ``[-ndim - 1, ndim]``.",
        "Tensor\n    A view of self.",
        "Records ``UnsqueezeBackward0``. " + _VIEW + " Raises IndexError for `dim` out of "
        "range.", "funcgrad.numpy.expand_dims : the functional equivalent."),
    "squeeze": _doc(
        "Remove dimensions of size 1 (all of them, or those in `dim`).",
        "dim : int or sequence of int, optional\n    Only these dimensions (kept when their "
        "size is not 1).",
        "Tensor\n    A view of self.",
        "Records ``SqueezeBackward0`` (no dim), ``SqueezeBackward1`` (an int) or "
        "``SqueezeBackward2`` (a sequence). " + _VIEW,
        "funcgrad.numpy.squeeze : the functional equivalent."),
    "permute": _doc(
        "Reorder the dimensions.",
        "*dims : int or sequence of int\n    The new order of the dimensions.",
        "Tensor\n    A view of self.", "Records ``PermuteBackward0``; backward applies the "
        "inverse permutation. " + _VIEW,
        "funcgrad.numpy.transpose : the functional equivalent."),
    "transpose": _doc(
        "Swap two dimensions; `swapaxes` and `swapdims` are the same method.",
        "dim0 : int\n    A dimension.\ndim1 : int\n    The dimension to swap it with.",
        "Tensor\n    A view of self.", "Records ``TransposeBackward0``. " + _VIEW,
        "funcgrad.numpy.swapaxes : the functional equivalent."),
    "t": _doc(
        "Transpose of a tensor of at most 2 dimensions (0-D and 1-D are returned as views "
        "unchanged).", "", "Tensor\n    A view of self.",
        "Records ``TBackward0``. " + _VIEW + " Raises RuntimeError for more than 2 "
        "dimensions (use `mT` or `transpose`)."),
    "movedim": _doc(
        "Move dimensions to new positions, keeping the order of the others; `moveaxis` is "
        "the same method.",
        "source : int or sequence of int\n    The dimensions to move.\n"
        "destination : int or sequence of int\n    Their new positions.",
        "Tensor\n    A view of self.", "Records ``PermuteBackward0``. " + _VIEW,
        "funcgrad.numpy.moveaxis : the functional equivalent."),
    "expand": _doc(
        "Broadcast self to a larger shape without copying (size-1 dimensions repeat).",
        "*sizes : int or sequence of int\n    The target shape; -1 keeps a dimension's size, "
        "and new leading dimensions may be added.",
        "Tensor\n    A view of self whose expanded dimensions have stride 0.",
        "Records ``ExpandBackward0``; backward sums the gradient over the expanded "
        "dimensions. " + _VIEW + " Raises RuntimeError when a non-1 size does not match.",
        "funcgrad.numpy.broadcast_to : the functional equivalent."),
    "expand_as": _doc(
        "``self.expand(other.shape)``.", "other : Tensor\n    The tensor whose shape to take.",
        "Tensor\n    A view of self.", "Records ``ExpandBackward0``. " + _VIEW),
    "broadcast_to": _doc(
        "``self.expand(shape)``.", "shape : sequence of int\n    The target shape.",
        "Tensor\n    A view of self.", "Records ``ExpandBackward0``. " + _VIEW,
        "funcgrad.numpy.broadcast_to : the functional equivalent."),
    "repeat": _doc(
        "Tile self: repeat it ``sizes[i]`` times along dimension i.",
        "*sizes : int or sequence of int\n    Repetitions per dimension, at least as many as "
        "self has dimensions.",
        "Tensor\n    A new tensor.",
        "Records ``RepeatBackward0``; backward sums the gradient over the copies. " + _COPY,
        "funcgrad.numpy.tile : the functional equivalent."),
    "flip": _doc(
        "Reverse the order of the elements along the given dimensions.",
        "*dims : int or sequence of int\n    The dimensions to reverse.",
        "Tensor\n    A new tensor (a copy, as in PyTorch).",
        "Records ``FlipBackward0``; backward flips the gradient back.",
        "funcgrad.numpy.flip : the functional equivalent."),
    "roll": _doc(
        "Shift the elements circularly along `dims` (the flattened tensor without them).",
        "shifts : int or sequence of int\n    The shift per dimension.\n"
        "dims : int or sequence of int, optional\n    The dimensions to roll.",
        "Tensor\n    A new tensor.", "Records ``RollBackward0``; backward rolls the gradient "
        "back.", "funcgrad.numpy.roll : the functional equivalent."),
    "narrow": _doc(
        "The slice ``start:start + length`` of dimension `dim`.",
        "dim : int\n    The dimension to slice.\nstart : int\n    First index.\n"
        "length : int\n    Number of elements kept.",
        "Tensor\n    A view of self.", "Records ``SliceBackward0``. " + _VIEW),
    "select": _doc(
        "The slice at position `index` of dimension `dim`, which is removed (``x[:, i]``).",
        "dim : int\n    The dimension to index.\nindex : int\n    The position.",
        "Tensor\n    A view of self with one dimension fewer.",
        "Records ``SelectBackward0``. " + _VIEW),
    "index_select": _doc(
        "The entries at positions `index` along `dim`.", _DIM_INDEX,
        "Tensor\n    A new tensor.",
        "Records ``IndexSelectBackward0``; backward scatter-adds the gradient, so a "
        "repeated index accumulates. " + _COPY,
        "funcgrad.numpy.take : the functional equivalent."),
    "gather": _doc(
        "``out[i][j] = self[index[i][j]][j]`` for dim 0, and likewise along any `dim`.",
        "dim : int\n    The dimension to gather along.\n"
        "index : Tensor\n    int64 positions, of the output's shape.",
        "Tensor\n    A new tensor of index's shape.",
        "Records ``GatherBackward0``; backward scatter-adds the gradient (repeated "
        "positions accumulate).",
        "funcgrad.numpy.take_along_axis : the functional equivalent."),
    "take": _doc(
        "Elements of the flattened tensor at positions `index`.",
        "index : Tensor or sequence of int\n    Integer positions into ``self.flatten()``.",
        "Tensor\n    A new tensor of index's shape.",
        "Records ``IndexBackward0`` over a reshape of self; backward scatter-adds.",
        "funcgrad.numpy.take : the functional equivalent."),
    "masked_select": _doc(
        "The elements where `mask` is True, as a 1-D tensor.",
        "mask : Tensor\n    A bool tensor broadcasting to self's shape.",
        "Tensor\n    A new 1-D tensor.",
        "Records ``MaskedSelectBackward0``; backward puts the gradient back at the selected "
        "positions, 0 elsewhere."),
    "split": _doc(
        "Split into pieces along `dim`: of equal size, or of the given sizes.",
        "split_size_or_sections : int or sequence of int\n    The size of each piece (the "
        "last may be smaller), or the list of sizes (summing to ``self.shape[dim]``).\n"
        "dim : int, default 0\n    The dimension to split.",
        "tuple of Tensor\n    The pieces.",
        "Each piece records ``SplitBackward0`` (``SplitWithSizesBackward0`` for a list of "
        "sizes). " + _SPLIT_VIEWS, "funcgrad.numpy.split : the functional equivalent."),
    "chunk": _doc(
        "Split into `chunks` pieces of equal size along `dim` (the last may be smaller, "
        "and there may be fewer pieces).",
        "chunks : int\n    The number of pieces wanted.\n"
        "dim : int, default 0\n    The dimension to split.",
        "tuple of Tensor\n    The pieces.",
        "Each piece records ``SplitBackward0``. " + _SPLIT_VIEWS),
    "tensor_split": _doc(
        "Split into `sections` nearly equal pieces, or at the given indices, along `dim`.",
        "sections : int or sequence of int\n    The number of pieces (the first ones one "
        "larger when it does not divide), or the indices to cut at.\n"
        "dim : int, default 0\n    The dimension to split.",
        "tuple of Tensor\n    The pieces.",
        "Each piece records ``SplitWithSizesBackward0``. " + _SPLIT_VIEWS,
        "funcgrad.numpy.array_split : the functional equivalent."),
    "unbind": _doc(
        "The slices along `dim`, with that dimension removed (what iterating gives).",
        "dim : int, default 0\n    The dimension to unbind.",
        "tuple of Tensor\n    ``self.shape[dim]`` tensors.",
        "Each slice records ``UnbindBackward0``. " + _SPLIT_VIEWS),
    "sort": _doc(
        "The elements sorted along `dim`, with the permutation that sorts them.",
        "dim : int, default -1\n    The dimension to sort.\n"
        "descending : bool, default False\n    Largest first.\n"
        "stable : bool, default False\n    Accepted; the sort is always stable here.",
        "(values, indices)\n    The named pair ``funcgrad.return_types.sort``; indices "
        "are int64 and never require grad.",
        "Records ``SortBackward0``; backward scatters the gradient back through the "
        "permutation. Tied elements keep their original order (a stable sort), so "
        "each receives the gradient of the position it was sorted to.",
        "funcgrad.numpy.sort : the functional equivalent."),
    "argsort": _doc(
        "The permutation that sorts self along `dim`.",
        "dim : int, default -1\n    The dimension to sort.\n"
        "descending : bool, default False\n    Largest first.\n"
        "stable : bool, default False\n    Accepted; the sort is always stable here.",
        "Tensor\n    int64 indices; never requires grad.", "Not differentiable.",
        "funcgrad.numpy.argsort : the functional equivalent."),
    "topk": _doc(
        "The `k` largest (or smallest) elements along `dim`, with their indices.",
        "k : int\n    How many.\ndim : int, default -1\n    The dimension to search.\n"
        "largest : bool, default True\n    The largest when True, else the smallest.\n"
        "sorted : bool, default True\n    Accepted; the values always come sorted.",
        "(values, indices)\n    The named pair ``funcgrad.return_types.topk``.",
        "Records ``TopkBackward0``; backward scatters the gradient to the chosen "
        "positions. On ties, the earlier positions are chosen."),
    "clone": _doc(
        "A copy of self, still connected to the graph.",
        "memory_format : optional\n    Accepted for PyTorch compatibility; ignored.",
        "Tensor\n    A new tensor.",
        "Records ``CloneBackward0``; backward passes the gradient through. " + _COPY,
        "funcgrad.Tensor.detach : share memory but leave the graph."),
    "contiguous": _doc(
        "self when its memory is C-contiguous, else ``self.clone()``.",
        "memory_format : optional\n    Accepted for PyTorch compatibility; ignored.",
        "Tensor\n    self or a contiguous copy.",
        "A copy records ``CloneBackward0``."),
    "type_as": _doc(
        "``self.to(other.dtype)``.", "other : Tensor\n    The tensor whose dtype to take.",
        "Tensor\n    self when the dtype already matches, else a converted copy.",
        "A conversion records ``ToCopyBackward0``; to an integer or bool dtype the result "
        "does not require grad."),
}

_CASTS = {"double": "float64", "float": "float32", "half": "float16", "long": "int64",
          "int": "int32", "short": "int16", "char": "int8", "byte": "uint8", "bool": "bool",
          "cfloat": "complex64", "cdouble": "complex128"}
for _name, _dtype in _CASTS.items():
    DOCS[_name] = _doc(
        f"``self.to(funcgrad.{_dtype})``.",
        "memory_format : optional\n    Accepted for PyTorch compatibility; ignored.",
        f"Tensor\n    self when it is {_dtype} already, else a converted copy.",
        "A conversion records ``ToCopyBackward0`` (backward converts the gradient back); "
        "to an integer or bool dtype the result does not require grad.")

_NEW_PARAMS = """*size : int or sequence of int
    The shape of the new tensor.
dtype : funcgrad.dtype, optional
    Its dtype; self's when None.
device : str or funcgrad.device, optional
    Its device; self's when None.
requires_grad : bool, default False
    Whether the new tensor (a leaf) requires grad."""
for _name, _what in (("new_zeros", "filled with 0"), ("new_ones", "filled with 1"),
                     ("new_empty", "uninitialized (here: filled with 0)")):
    DOCS[_name] = _doc(
        f"A new tensor {_what}, with self's dtype and device by default.", _NEW_PARAMS,
        "Tensor\n    A new leaf tensor.", "Not connected to self's graph.")

DOCS["new_tensor"] = _doc(
    "A new leaf tensor holding a copy of `data`, with self's dtype and device by default.",
    "data : array_like\n    The values.\n" + _NEW_PARAMS.split("\n", 2)[2],
    "Tensor\n    A new leaf tensor.", "Not connected to self's graph.")
DOCS["new_full"] = _doc(
    "A new tensor filled with `fill_value`, with self's dtype and device by default.",
    "size : sequence of int\n    The shape.\nfill_value : number\n    The value.\n"
    + _NEW_PARAMS.split("\n", 2)[2],
    "Tensor\n    A new leaf tensor.", "Not connected to self's graph.")

DOCS["to"] = """A tensor with the requested device and dtype (self when nothing changes).

Parameters
----------
*args
    ``to(dtype)``, ``to(device)``, ``to(device, dtype)`` or ``to(other)`` (other's
    device and dtype); a device is a str, a `funcgrad.device` or a CUDA index.
**kwargs
    ``dtype=``, ``device=`` and ``copy=True`` (always copy); others are ignored.

Returns
-------
Tensor
    self when neither changes (and copy is False), else a new tensor. The copy is
    differentiable (``ToCopyBackward0``: the gradient goes back to self's device and
    dtype), except to an integer or bool dtype, whose result does not require grad.
"""

DOCS["cpu"] = """self in host memory: self when it is there, else a differentiable copy.

Parameters
----------
memory_format : None
    Accepted for PyTorch compatibility; ignored.

Returns
-------
Tensor
    self, or a copy recording ``ToCopyBackward0``.
"""

DOCS["cuda"] = """self on a CUDA device: a differentiable copy, or self when it is there already.

Parameters
----------
device : int, str or funcgrad.device, optional
    The CUDA device; the current one when None.
non_blocking : bool, default False
    Accepted for PyTorch compatibility; ignored.
memory_format : None
    Accepted for PyTorch compatibility; ignored.

Returns
-------
Tensor
    self, or a copy recording ``ToCopyBackward0``.

Raises
------
RuntimeError
    If `device` is not a CUDA device, or no CUDA backend is available.
"""

FUNCTIONS = {
    "cat": _doc(
        "Concatenate tensors along an existing dimension; `concat` and `concatenate` are "
        "the same function.",
        "tensors : sequence of Tensor\n    Tensors of equal shape except along `dim` (1-D "
        "empty tensors are skipped, as in PyTorch).\n"
        "dim : int, default 0\n    The dimension to join along.\n"
        "out : None\n    Accepted for PyTorch compatibility; ignored.",
        "Tensor\n    A new tensor of the promoted dtype.",
        "Records ``CatBackward0``; backward slices the gradient into the inputs' parts. "
        "Raises RuntimeError for 0-dim tensors, different numbers of dimensions, or "
        "mismatched sizes.", "funcgrad.numpy.concatenate : the functional equivalent."),
    "stack": _doc(
        "Join tensors of equal shape along a new dimension.",
        "tensors : sequence of Tensor\n    Tensors of the same shape.\n"
        "dim : int, default 0\n    The position of the new dimension.\n"
        "out : None\n    Accepted for PyTorch compatibility; ignored.",
        "Tensor\n    A new tensor of the promoted dtype.",
        "Records ``StackBackward0``; backward splits the gradient along `dim`. Raises "
        "RuntimeError for an empty list or tensors of different shapes.",
        "funcgrad.numpy.stack : the functional equivalent."),
    "hstack": _doc(
        "Concatenate horizontally: along dim 1, or dim 0 for 1-D tensors.",
        "tensors : sequence of Tensor\n    The tensors (0-dim ones count as 1-D).",
        "Tensor\n    A new tensor.", "Records ``CatBackward0``.",
        "funcgrad.numpy.hstack : the functional equivalent."),
    "vstack": _doc(
        "Concatenate vertically (dim 0), 1-D tensors taken as rows.",
        "tensors : sequence of Tensor\n    The tensors.",
        "Tensor\n    A new tensor.", "Records ``CatBackward0`` (after reshaping 1-D inputs, "
        "``ViewBackward0``).", "funcgrad.numpy.vstack : the functional equivalent."),
}

PROPERTIES = {
    "T": "The tensor with its dimensions reversed (a view, ``PermuteBackward0``).",
    "mT": "The transpose of the last two dimensions (a view, ``TransposeBackward0``).",
    "H": ("The conjugate transpose of a matrix (2-D only; RuntimeError otherwise, as "
          "PyTorch): ``TransposeBackward0``, then ``ConjBackward0`` for a complex tensor "
          "(the conjugate is a copy here, a lazy view in PyTorch)."),
    "mH": ("The conjugate transpose of the last two dimensions (at least 2-D): "
           "``TransposeBackward0``, then ``ConjBackward0`` for a complex tensor."),
    "real": ("The real part: self for a real tensor; for a complex one a view sharing its "
             "memory (writes go through) that carries grad, ``SelectBackward0`` (PyTorch "
             "also records a ``ViewAsRealBackward0`` below it)."),
    "imag": ("The imaginary part of a complex tensor, a view like `real` "
             "(``SelectBackward0``); RuntimeError for a real tensor, as PyTorch."),
}


def apply(methods, functions):
    """Set the docstrings: `methods` maps Tensor method names to their functions and
    `functions` the module's names (cat, stack...) to theirs."""
    for name, doc in DOCS.items():
        methods[name].__doc__ = doc
    for name, doc in FUNCTIONS.items():
        functions[name].__doc__ = doc


def document_properties(cls):
    """Give the properties that `_shape.install` adds to `cls` their docstrings."""
    for name, doc in PROPERTIES.items():
        prop = getattr(cls, name)
        setattr(cls, name, property(prop.fget, prop.fset, prop.fdel, doc))
