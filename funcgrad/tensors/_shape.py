"""Tensor shape ops: views (view, reshape, transpose, basic indexing...), copies
(advanced indexing, gather, repeat, flip...), joining and splitting, dtype conversion.

Views share memory with their base, as in PyTorch (numpy views do too): they carry
`_base` and the chain of primitives that takes the base to them, so in-place ops on
a view can rebase the base's history (see `_dispatch.rebase_history`).
"""
import builtins
import functools
import math

import numpy as np

from funcgrad import _dtypes
from funcgrad import numpy as fnp
from funcgrad._dtypes import as_dtype
from funcgrad.autograd.graph import PrimNode, RuleNode, node_class
from funcgrad.primitive import Boxed
from funcgrad.primitives import complex as _complex
from funcgrad.primitives import indexing as ix
from funcgrad.primitives import shape as sh

from . import _devices, _return_types
from ._devices import xp_of
from ._core import Tensor
from ._dispatch import (cast, make_view, plain, prim_op, rule_op, tensors_dtype, unary,
                        view_op)
from ._math import as_tensor_arg, norm_dims

__all__ = ["METHODS", "install", "cat", "stack"]


@functools.lru_cache(maxsize=None)
def N(name):
    return node_class(name, PrimNode, {"self": 0})


def R(name):
    return node_class(name, RuleNode)


def _shape_args(args):
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = args[0]
    if all(type(a) is int for a in args):
        return tuple(args)
    return tuple(int(a) for a in args)


def _resolve(shape, numel):
    if -1 in shape:
        if shape.count(-1) > 1:
            raise RuntimeError("only one dimension can be inferred")
        known = math.prod(n for n in shape if n != -1)
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '[{', '.join(map(str, shape))}]' is invalid for input of "
                               f"size {numel}")
        shape = tuple(numel // known if n == -1 else n for n in shape)
    if math.prod(shape) != numel:
        raise RuntimeError(f"shape '[{', '.join(map(str, shape))}]' is invalid for input of "
                           f"size {numel}")
    return shape


def _reshaped_view(x, shape):
    """x reshaped to `shape` if that can share memory (no copy), else None."""
    if x.flags.c_contiguous:
        return x.reshape(shape)
    if type(x) is not np.ndarray:     # a device array: copy rather than guess its layout
        return None
    try:
        return np.reshape(x, shape, copy=False)
    except ValueError:
        return None
    except TypeError:   # numpy < 2.1: no copy argument
        out = np.reshape(x, shape)
        return out if np.shares_memory(out, x) or x.size == 0 else None


def _reshape_view(self, shape, name, check=False):
    x = self._data
    shape = _resolve(shape, math.prod(x.shape))
    params = {"shape": shape}
    if type(x) is not np.ndarray and isinstance(x, Boxed):    # traced: no memory to share
        return prim_op(sh.reshape, N(name), (self,), params)
    out = _reshaped_view(x, shape)
    if out is None:
        # PyTorch's non-contiguous tensors are views (t(), slices...); other results are
        # contiguous there, whatever numpy's layout: view() copies them instead of failing
        if check and self._base is not None:
            raise RuntimeError("view size is not compatible with input tensor's size and stride "
                               "(at least one dimension spans across two contiguous subspaces). "
                               "Use .reshape(...) instead.")
        return prim_op(sh.reshape, N("UnsafeViewBackward0"), (self,), params)
    return make_view(self, out, sh.reshape, params, N(name))


def unsafe_view(self, shape):
    """`self` reshaped as a new tensor (not a view), recorded as ``UnsafeViewBackward0``
    (PyTorch's ``_unsafe_view``, as linear and matmul use it on their results)."""
    return prim_op(sh.reshape, N("UnsafeViewBackward0"), (self,), {"shape": tuple(shape)})


def view(self, *shape):
    if len(shape) == 1 and isinstance(shape[0], _dtypes.dtype):
        raise NotImplementedError("view(dtype) is not supported")
    return _reshape_view(self, _shape_args(shape), "ViewBackward0", check=True)


def reshape(self, *shape):
    return _reshape_view(self, _shape_args(shape), "ViewBackward0")


def view_as(self, other):
    return view(self, tuple(other.shape))


def reshape_as(self, other):
    return reshape(self, tuple(other.shape))


def flatten(self, start_dim=0, end_dim=-1):
    nd = self._data.ndim
    if nd == 0:
        return reshape(self, (1,))
    s, e = start_dim % nd, end_dim % nd
    if s == e:
        return self
    shape = self._data.shape
    new = shape[:s] + (int(np.prod(shape[s:e + 1])),) + shape[e + 1:]
    return _reshape_view(self, new, "ViewBackward0")


def unflatten(self, dim, sizes):
    shape = list(self._data.shape)
    d = dim % len(shape)
    sizes = list(sizes)
    if -1 in sizes:
        known = int(np.prod([n for n in sizes if n != -1]))
        sizes[sizes.index(-1)] = shape[d] // known
    return _reshape_view(self, tuple(shape[:d] + sizes + shape[d + 1:]), "ViewBackward0")


def unsqueeze(self, dim):
    nd = self._data.ndim
    d = dim % (nd + 1) if -(nd + 1) <= dim <= nd else None
    if d is None:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd - 1}, {nd}], "
                         f"but got {dim})")
    shape = self._data.shape[:d] + (1,) + self._data.shape[d:]
    return _reshape_view(self, shape, "UnsqueezeBackward0")


def squeeze(self, dim=None):
    shape = self._data.shape
    if dim is None:
        new = tuple(n for n in shape if n != 1)
        return _reshape_view(self, new, "SqueezeBackward0")
    dims = norm_dims(dim, len(shape))
    new = tuple(n for i, n in enumerate(shape) if not (i in dims and n == 1))
    name = "SqueezeBackward1" if isinstance(dim, (builtins.int, np.integer)) else "SqueezeBackward2"
    return _reshape_view(self, new, name)


def _permute_view(self, axes, name):
    params = {"axes": tuple(axes)}
    return view_op(sh.transpose, N(name), self, params)


def permute(self, *dims):
    dims = _shape_args(dims)
    nd = self._data.ndim
    return _permute_view(self, tuple(d % builtins.max(nd, 1) for d in dims), "PermuteBackward0")


def transpose(self, dim0, dim1):
    nd = self._data.ndim
    if nd == 0:
        return _permute_view(self, (), "TransposeBackward0")
    axes = list(range(nd))
    a, b = dim0 % nd, dim1 % nd
    axes[a], axes[b] = axes[b], axes[a]
    return _permute_view(self, axes, "TransposeBackward0")


def t(self):
    nd = self._data.ndim
    if nd > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {nd}D")
    return _permute_view(self, tuple(reversed(range(nd))), "TBackward0")


def _T(self):
    return _permute_view(self, tuple(reversed(range(self._data.ndim))), "PermuteBackward0")


def _mT(self):
    nd = self._data.ndim
    return transpose(self, nd - 2, nd - 1)


def _H(self):
    nd = self._data.ndim
    if nd != 2:
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {nd}-D "
                           "tensor." + (" For batches of matrices, consider using tensor.mH"
                                        if nd > 2 else ""))
    return transpose(self, 0, 1).conj()


def _mH(self):
    nd = self._data.ndim
    if nd < 2:
        raise RuntimeError("tensor.mH is only supported on matrices or batches of matrices. "
                           f"Got {nd}-D tensor.")
    return _mT(self).conj()


def _part(self, prim):
    """The real or imaginary part of a complex tensor, as a view (SelectBackward0)."""
    x = self._data
    if type(x) is not np.ndarray and isinstance(x, Boxed):    # traced: no memory to share
        return prim_op(prim, N("SelectBackward0"), (self,), {})
    return make_view(self, prim.impl(xp_of(x), x), prim, {}, N("SelectBackward0"))


def _real(self):
    if self._data.dtype.kind != "c":
        return self
    return _part(self, _complex.real)


def _imag(self):
    if self._data.dtype.kind != "c":
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return _part(self, _complex.imag)


def movedim(self, source, destination):
    nd = self._data.ndim
    src = [s % nd for s in ((source,) if isinstance(source, int) else source)]
    dst = [d % nd for d in ((destination,) if isinstance(destination, int) else destination)]
    order = [n for n in range(nd) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return _permute_view(self, order, "PermuteBackward0")


def expand(self, *sizes):
    sizes = _shape_args(sizes)
    shape = self._data.shape
    lead = len(sizes) - len(shape)
    if lead < 0:
        raise RuntimeError(f"expand(torch.FloatTensor{{{list(shape)}}}, size={list(sizes)}): the "
                           f"number of sizes provided ({len(sizes)}) must be greater or equal to "
                           f"the number of dimensions in the tensor ({len(shape)})")
    target = tuple(shape[i - lead] if (n == -1 and i >= lead) else n for i, n in enumerate(sizes))
    for i, n in enumerate(shape):
        if n != 1 and n != target[lead + i]:
            raise RuntimeError(f"The expanded size of the tensor ({target[lead + i]}) must match "
                               f"the existing size ({n}) at non-singleton dimension {lead + i}.  "
                               f"Target sizes: {list(sizes)}.  Tensor sizes: {list(shape)}")
    return view_op(sh.broadcast_to, N("ExpandBackward0"), self, {"shape": target})


def expand_as(self, other):
    return expand(self, tuple(other.shape))


def broadcast_to(self, shape):
    return expand(self, tuple(shape))


def repeat(self, *sizes):
    sizes = _shape_args(sizes)
    if len(sizes) < self._data.ndim:
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number "
                           "of dimensions of tensor")
    return prim_op(sh.tile, N("RepeatBackward0"), (self,), {"reps": sizes})


def flip(self, *dims):
    dims = norm_dims(_shape_args(dims), self._data.ndim)
    return prim_op(sh.flip, N("FlipBackward0"), (self,), {"axis": dims})


def roll(self, shifts, dims=None):
    out = xp_of(self._data).roll(self._data, shifts, axis=dims)
    return rule_op(R("RollBackward0"), out, [self],
                   lambda g, y: (_roll_back(g, shifts, dims),))


def _roll_back(g, shifts, dims):
    neg = tuple(-s for s in shifts) if isinstance(shifts, (tuple, list)) else -shifts
    if isinstance(g, Tensor):
        return roll(g, neg, dims)
    return xp_of(g).roll(g, neg, axis=dims)


# ---- indexing --------------------------------------------------------------------

def _parse_index(index):
    """(numpy index tuple, basic?) from a PyTorch index."""
    if not isinstance(index, tuple):
        index = (index,)
    out, basic = [], True
    for i in index:
        if isinstance(i, Tensor):
            d = i._data
            if d.ndim == 0 and d.dtype.kind in "iu":
                out.append(int(d))
                continue
            basic = False
            out.append(d)
        elif isinstance(i, (list, np.ndarray)) or isinstance(i, builtins.bool):
            basic = False
            out.append(np.asarray(i))
        elif isinstance(i, (builtins.int, np.integer)):
            out.append(int(i))
        elif isinstance(i, slice):
            if i.step is not None and i.step <= 0:
                raise ValueError("step must be greater than zero")
            out.append(i)
        elif i is None or i is Ellipsis:
            out.append(i)
        else:
            raise TypeError(f"only integers, slices (`:`), ellipsis (`...`), None and long or "
                            f"byte Variables are valid indices (got {type(i).__name__})")
    return tuple(out), basic


def normalize_index(index, data=None):
    """Advanced index entries as integer arrays (boolean masks become their nonzero()),
    on the device of the indexed `data` when it is given."""
    out = []
    for i in index:
        if isinstance(i, (list, tuple)):
            i = np.asarray(i)
        if data is not None:
            i = _devices.alongside(i, data)
        if getattr(i, "dtype", None) == bool and not isinstance(i, Boxed):
            out.extend(xp_of(i).nonzero(i))
        elif isinstance(i, np.integer):
            out.append(int(i))
        else:
            out.append(i)
    return tuple(out)


def _basic_name(index):
    name = "AliasBackward0"
    for i in index:
        if i is Ellipsis:
            continue
        if i is None:
            name = "UnsqueezeBackward0"
        elif isinstance(i, slice):
            if i != slice(None) or name == "AliasBackward0":
                name = "SliceBackward0"
        else:
            name = "SelectBackward0"
    return name


def _check_bounds(shape, index):
    if not shape and any(i is not None and i is not Ellipsis for i in index):
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                         "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    dim = 0
    for i in index:
        if i is None:
            continue
        if i is Ellipsis:
            dim = len(shape) - builtins.sum(1 for j in index if j is not None and j is not Ellipsis)
            continue
        if dim >= len(shape):
            raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
        if isinstance(i, builtins.int) and not -shape[dim] <= i < shape[dim]:
            raise IndexError(f"index {i} is out of bounds for dimension {dim} with size "
                             f"{shape[dim]}")
        dim += 1


def basic_view(self, index):
    """self[index] for a basic index (ints, slices, None, ...): views taken one index at a
    time, as PyTorch does (M[0, 1] is a SelectBackward0 of a SelectBackward0)."""
    _check_bounds(self._data.shape, index)
    n_real = builtins.sum(1 for i in index if i is not None and i is not Ellipsis)
    out, dim, acted = self, 0, False
    for i in index:
        if i is Ellipsis:
            dim = out._data.ndim - (n_real - _consumed(index, i))
            continue
        if i is None:
            out = _index_step(out, dim, None, "UnsqueezeBackward0")
        elif isinstance(i, slice):
            if i == slice(None):
                dim += 1
                continue
            out = _index_step(out, dim, i, "SliceBackward0")
        else:
            out = _index_step(out, dim, i, "SelectBackward0")
            acted = True
            continue
        dim += 1
        acted = True
    if not acted:
        name = "SliceBackward0" if any(isinstance(i, slice) for i in index) else "AliasBackward0"
        out = view_op(ix.getitem, N(name), self, {"index": (Ellipsis,)})
    return out


def _consumed(index, ellipsis):
    """How many real (dim-consuming) indices come before the Ellipsis."""
    count = 0
    for i in index:
        if i is ellipsis:
            return count
        if i is not None:
            count += 1
    return count


def _index_step(t, dim, item, name):
    index = (slice(None),) * dim + (item, Ellipsis)
    return view_op(ix.getitem, N(name), t, {"index": index})


def getitem(self, index):
    if type(index) is int and type(self._data) is np.ndarray:   # x[i]: the common case
        _check_bounds(self._data.shape, (index,))
        return view_op(ix.getitem, N("SelectBackward0"), self, {"index": (index, Ellipsis)})
    idx, basic = _parse_index(index)
    if basic:
        return basic_view(self, idx)
    idx = normalize_index(idx, self._data)
    return prim_op(ix.getitem, N("IndexBackward0"), (self,), {"index": idx})


def narrow(self, dim, start, length):
    d = dim % self._data.ndim
    index = (slice(None),) * d + (slice(int(start), int(start) + int(length)),)
    return view_op(ix.getitem, N("SliceBackward0"), self, {"index": index + (Ellipsis,)})


def select(self, dim, index):
    d = dim % self._data.ndim
    return view_op(ix.getitem, N("SelectBackward0"), self,
                   {"index": (slice(None),) * d + (int(index), Ellipsis)})


def index_select(self, dim, index):
    d = dim % builtins.max(self._data.ndim, 1)
    where = index._data if isinstance(index, Tensor) else np.asarray(index)
    idx = (slice(None),) * d + (_devices.alongside(where, self._data),)
    return prim_op(ix.getitem, N("IndexSelectBackward0"), (self,), {"index": idx})


def gather(self, dim, index):
    idx = index._data if isinstance(index, Tensor) else np.asarray(index)
    idx = _devices.alongside(idx, self._data)
    d = dim % builtins.max(self._data.ndim, 1)
    xp = xp_of(self._data)
    grids = _devices.sparse_indices(xp, idx.shape)
    grids[d] = idx
    full = tuple(xp.broadcast_arrays(*grids))
    return prim_op(ix.getitem, N("GatherBackward0"), (self,), {"index": full})


def take(self, index):
    return getitem(reshape(self, -1), index)


def masked_select(self, mask):
    m = mask._data if isinstance(mask, Tensor) else np.asarray(mask)
    xp = xp_of(self._data)
    m = xp.broadcast_to(_devices.alongside(m, self._data), self._data.shape)
    return prim_op(ix.getitem, N("MaskedSelectBackward0"), (self,), {"index": xp.nonzero(m)})


# ---- splitting and joining ------------------------------------------------------

def _piece_views(self, bounds, dim, name, squeeze_dim=False):
    """Multi-output views: pieces along `dim` (cannot be modified in place)."""
    outs = []
    d = dim % self._data.ndim
    for k, (a, b) in enumerate(bounds):
        sel = a if squeeze_dim else slice(a, b)
        index = (slice(None),) * d + (sel, Ellipsis)
        t = view_op(ix.getitem, N(name), self, {"index": index}, multi=(name[:-9], k))
        t._output_nr = 0
        outs.append(t)
    return tuple(outs)


def split(self, split_size_or_sections, dim=0):
    n = self._data.shape[dim]
    if isinstance(split_size_or_sections, (builtins.int, np.integer)):
        step = int(split_size_or_sections)
        bounds = [(a, builtins.min(a + step, n)) for a in range(0, n, step)] or [(0, 0)]
        return _piece_views(self, bounds, dim, "SplitBackward0")
    sizes = [int(s) for s in split_size_or_sections]
    if builtins.sum(sizes) != n:
        raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} (input "
                           f"tensor's size at dimension {dim}), but got split_sizes={sizes}")
    edges = np.cumsum([0] + sizes).tolist()
    return _piece_views(self, list(zip(edges[:-1], edges[1:])), dim, "SplitWithSizesBackward0")


def chunk(self, chunks, dim=0):
    n = self._data.shape[dim]
    step = -(-n // chunks) if n else 1
    return split(self, step, dim)


def tensor_split(self, sections, dim=0):
    n = self._data.shape[dim]
    if isinstance(sections, int):
        sizes = [n // sections + 1] * (n % sections) + [n // sections] * (sections - n % sections)
    else:
        cuts = [0] + list(sections) + [n]
        sizes = [b - a for a, b in zip(cuts[:-1], cuts[1:])]
    return split(self, sizes, dim)


def unbind(self, dim=0):
    n = self._data.shape[dim]
    return _piece_views(self, [(k, k + 1) for k in range(n)], dim, "UnbindBackward0",
                        squeeze_dim=True)


def _as_tensors(tensors):
    return [as_tensor_arg(t) for t in tensors]


def cat(tensors, dim=0, out=None):
    tensors = _as_tensors(tensors)
    kept = [t for t in tensors if not (t._data.ndim == 1 and t._data.shape[0] == 0)] or tensors
    target = tensors_dtype(kept)
    nd = kept[0]._data.ndim
    if nd == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    d = dim % nd
    for k, t in enumerate(kept):
        if t._data.ndim != nd:
            raise RuntimeError(f"Tensors must have same number of dimensions: got {nd} and "
                               f"{t._data.ndim}")
        for i, (a, b) in enumerate(zip(kept[0]._data.shape, t._data.shape)):
            if i != d and a != b:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {a} but got size {b} for tensor number {k} "
                                   f"in the list.")
    return prim_op(sh.concatenate, N("CatBackward0"), tuple(kept), {"axis": d}, dtype=target)


def stack(tensors, dim=0, out=None):
    tensors = _as_tensors(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tensors[0]._data.shape
    for k, t in enumerate(tensors):
        if t._data.shape != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(shape)} at entry 0 and {list(t._data.shape)} at entry {k}")
    target = tensors_dtype(tensors)
    d = dim % (len(shape) + 1)
    datas = [cast(t._data, target.np) for t in tensors]
    _devices.check_same(datas)
    out = xp_of(datas[0]).stack(datas, axis=d)
    count = len(tensors)

    def rule(g, y):
        pieces = fnp.split(g, count, axis=d)
        return tuple(fnp.squeeze(p, axis=d) for p in pieces)
    return rule_op(R("StackBackward0"), out, tensors, rule)


def hstack(tensors):
    tensors = [t if t._data.ndim else reshape(t, 1) for t in _as_tensors(tensors)]
    return cat(tensors, 0 if tensors[0]._data.ndim == 1 else 1)


def vstack(tensors):
    tensors = [t if t._data.ndim >= 2 else reshape(t, 1, -1) for t in _as_tensors(tensors)]
    return cat(tensors, 0)




def _take_rule(order, d, shape):
    index = _along(order, d)

    def rule(g, y):
        from funcgrad.primitives.indexing import scatter_add
        return (scatter_add(g, shape=shape, index=index),)
    return rule


def _stable_argsort(xp, x, axis):
    """A stable argsort (numpy takes kind="stable"; cupy's sort is always stable and takes
    no kind)."""
    if xp is np:
        return np.argsort(x, axis=axis, kind="stable")
    return xp.argsort(x, axis=axis)


def _along(order, d):
    xp = xp_of(order)
    grids = _devices.sparse_indices(xp, order.shape)
    grids[d] = order
    return tuple(xp.broadcast_arrays(*grids))


def sort(self, dim=-1, descending=False, stable=False):
    x = self._data
    if x.ndim == 0:
        return _return_types.sort(rule_op(R("SortBackward0"), x.copy(), [self],
                                          lambda g, y: (g,)),
                                  plain(xp_of(x).zeros((), np.int64)))
    d = dim % x.ndim
    xp = xp_of(x)
    order = _stable_argsort(xp, -x if descending else x, d)
    values = xp.take_along_axis(x, order, axis=d)
    out = rule_op(R("SortBackward0"), values, [self], _take_rule(order, d, x.shape))
    return _return_types.sort(out, plain(order.astype(np.int64)))


def argsort(self, dim=-1, descending=False, stable=False):
    return sort(self, dim, descending)[1]


def topk(self, k, dim=-1, largest=True, sorted=True):
    x = self._data
    d = dim % builtins.max(x.ndim, 1)
    xp = xp_of(x)
    order = _stable_argsort(xp, -x if largest else x, d)
    order = xp.take(order, xp.arange(k), axis=d)
    values = xp.take_along_axis(x, order, axis=d)
    out = rule_op(R("TopkBackward0"), values, [self], _take_rule(order, d, x.shape))
    return _return_types.topk(out, plain(order.astype(np.int64)))


# ---- copies and conversions -----------------------------------------------------

def clone(self, memory_format=None):
    return rule_op(R("CloneBackward0"), xp_of(self._data).array(self._data, copy=True), [self],
                   lambda g, y: (g,))


def contiguous(self, memory_format=None):
    if self.is_contiguous():
        return self
    return clone(self)


def _parse_to(args, kwargs):
    """(device, dtype, copy) from to()'s overloads: to(dtype), to(device, dtype), to(other)."""
    dtype = kwargs.get("dtype")
    where = kwargs.get("device")
    copy = kwargs.get("copy", False)
    for a in args:
        if isinstance(a, _dtypes.dtype) or a in (float, int, bool, complex):
            dtype = a
        elif isinstance(a, Tensor):
            dtype, where = a.dtype, a.device
        elif isinstance(a, (str, _devices_class(), builtins.int)):
            where = a
    return where, dtype, copy


def _devices_class():
    from ._core import device
    return device


def to(self, *args, **kwargs):
    where, dtype, copy = _parse_to(args, kwargs)
    target = _devices.normalize(where)
    np_dtype = as_dtype(dtype).np if dtype is not None else None
    casting = np_dtype is not None and np_dtype != self._data.dtype
    if target is not None and _devices.device_name(self._data) != target:
        return _device_copy(self, target, np_dtype if casting else None)
    if not casting:
        return clone(self) if copy else self
    return unary(sh.astype, node_class("ToCopyBackward0", PrimNode), self, {"dtype": np_dtype})


def _device_copy(self, target, np_dtype):
    """An explicit copy of self onto device `target`, cast to np_dtype (None: keep)."""
    if isinstance(self._data, Boxed):
        raise RuntimeError(f"a tensor traced by a funcgrad transform cannot move to device "
                           f"'{target}': move the transform's inputs with .to('{target}') "
                           f"before calling it")
    source, source_dtype = _devices.device_name(self._data), self._data.dtype
    data = self._data if np_dtype is None else cast(self._data, np_dtype)
    out = _devices.move(data, target)

    def back(g, y):
        if isinstance(g, Tensor):
            return (g.to(source, source_dtype if np_dtype is not None else None),)
        g = _devices.move(g, source)
        return (g if np_dtype is None else g.astype(source_dtype),)
    return rule_op(R("ToCopyBackward0"), out, [self], back)


def _cast_method(dtype):
    def method(self, memory_format=None):
        return to(self, dtype)
    return method


def type_as(self, other):
    return to(self, other.dtype)


def new_tensor(self, data, dtype=None, requires_grad=False, device=None):
    from ._factories import tensor
    return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad,
                  device=device if device is not None else self.device)


def _new_fill(fill):
    def method(self, *size, dtype=None, device=None, requires_grad=False):
        from ._factories import full
        return full(_shape_args(size), fill, dtype=dtype or self.dtype,
                    requires_grad=requires_grad,
                    device=device if device is not None else self.device)
    return method


def new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
    from ._factories import full
    return full(tuple(size), fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad,
                device=device if device is not None else self.device)


def cpu(self, memory_format=None):
    return to(self, "cpu")


def cuda(self, device=None, non_blocking=False, memory_format=None):
    return to(self, "cuda" if device is None else _cuda_device(device))


def _cuda_device(device):
    if isinstance(device, builtins.int):
        return f"cuda:{device}"
    text = str(device)
    if not text.startswith("cuda"):
        raise RuntimeError(f"Invalid device, must be cuda device, got {text}")
    return text


METHODS = {
    "view": view, "reshape": reshape, "view_as": view_as, "reshape_as": reshape_as,
    "flatten": flatten, "unflatten": unflatten, "unsqueeze": unsqueeze, "squeeze": squeeze,
    "permute": permute, "transpose": transpose, "swapaxes": transpose, "swapdims": transpose,
    "t": t, "movedim": movedim, "moveaxis": movedim, "expand": expand, "expand_as": expand_as,
    "broadcast_to": broadcast_to, "repeat": repeat, "flip": flip, "roll": roll,
    "__getitem__": getitem, "narrow": narrow, "select": select, "index_select": index_select,
    "gather": gather, "take": take, "masked_select": masked_select, "split": split,
    "chunk": chunk, "tensor_split": tensor_split, "unbind": unbind, "sort": sort,
    "argsort": argsort, "topk": topk, "clone": clone, "contiguous": contiguous, "to": to,
    "double": _cast_method(_dtypes.float64), "float": _cast_method(_dtypes.float32),
    "half": _cast_method(_dtypes.float16), "long": _cast_method(_dtypes.int64),
    "int": _cast_method(_dtypes.int32), "short": _cast_method(_dtypes.int16),
    "char": _cast_method(_dtypes.int8), "byte": _cast_method(_dtypes.uint8),
    "bool": _cast_method(_dtypes.bool_), "cfloat": _cast_method(_dtypes.complex64),
    "cdouble": _cast_method(_dtypes.complex128), "type_as": type_as,
    "new_tensor": new_tensor, "new_zeros": _new_fill(0), "new_ones": _new_fill(1),
    "new_empty": _new_fill(0), "new_full": new_full, "cpu": cpu, "cuda": cuda,
}

from . import _shape_docs  # noqa: E402  (the docstrings of the methods above)

_shape_docs.apply(METHODS, globals())


def install():
    """Set this module's methods on the Tensor class."""
    for name, fn in METHODS.items():
        setattr(Tensor, name, fn)
    Tensor.T = property(_T)
    Tensor.mT = property(_mT)
    Tensor.H = property(_H)
    Tensor.mH = property(_mH)
    Tensor.real = property(_real)
    Tensor.imag = property(_imag)
    _shape_docs.document_properties(Tensor)
