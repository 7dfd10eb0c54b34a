"""Products: matmul (with numpy's 1-D and batch rules) and einsum.

Both are multilinear, so each argument's tangent rule is the product with the
other arguments fixed, and each cotangent is a product of g with the other
arguments. Batch (broadcast) axes are summed back by the driver.
"""
from funcgrad.primitive import primitive

from .shape import reshape, transpose

__all__ = ["matmul", "einsum", "einsum_mask", "explicit_subscripts"]


def _swap_last(x):
    axes = tuple(range(x.ndim - 2)) + (x.ndim - 1, x.ndim - 2)
    return transpose(x, axes=axes)


def _column(v):
    return reshape(v, shape=tuple(v.shape) + (1,))


def _row(v):
    return reshape(v, shape=tuple(v.shape[:-1]) + (1, v.shape[-1]))


def _drop_last(v):
    return reshape(v, shape=tuple(v.shape[:-1]))


@primitive
class Matmul:
    """ans = a @ b (numpy.matmul: 1-D operands are promoted and the promoted axis dropped);
    bilinear: g_a = g @ bᵀ,  g_b = aᵀ @ g (2-D case; promotions undone below).

    g_a = g @ bᵀ,  g_b = aᵀ @ g, with a 1-D operand's promotion undone:
    a·b (both 1-D): g_a = g b,  g_b = g a;  a 1-D: g_a = b g (per batch),  g_b = a ⊗ g;
    b 1-D: g_a = g ⊗ b,  g_b = aᵀ g.  Broadcast batch axes are summed by the driver.
    """
    def impl(xp, a, b): return xp.matmul(a, b)
    def jvp_a(t, ans, a, b): return matmul(t, b)
    def jvp_b(t, ans, a, b): return matmul(a, t)

    def vjp_a(g, ans, a, b):
        if a.ndim == 1 and b.ndim == 1:
            return g * b
        if a.ndim == 1:
            return matmul(b, g) if b.ndim == 2 else _drop_last(matmul(b, _column(g)))
        if b.ndim == 1:
            return _column(g) * b
        return matmul(g, _swap_last(b))

    def vjp_b(g, ans, a, b):
        if a.ndim == 1 and b.ndim == 1:
            return g * a
        if a.ndim == 1:
            return _column(a) * _row(g)
        if b.ndim == 1:
            return matmul(g, a) if a.ndim == 2 else _drop_last(matmul(_swap_last(a), _column(g)))
        return matmul(_swap_last(a), g)

    def batch(xs, batched):
        return _batched_matmul(xs, batched)


def _batched_matmul(xs, batched):
    """matmul with a leading batch axis on some operands: 1-D operands become matrices,
    batched ones are padded to a common rank so the batch axis lines up, then the
    promoted axes are dropped again."""
    from ._batching import pad_rank, per_example_ndim
    (a, b), (ba, bb) = xs, batched
    a_vec, b_vec = per_example_ndim(a, ba) == 1, per_example_ndim(b, bb) == 1
    if a_vec:
        a = reshape(a, shape=tuple(a.shape[:-1]) + (1, a.shape[-1]))
    if b_vec:
        b = reshape(b, shape=tuple(b.shape) + (1,))
    rank = max(per_example_ndim(a, ba), per_example_ndim(b, bb))
    a = pad_rank(a, rank) if ba else a
    b = pad_rank(b, rank) if bb else b
    out = matmul(a, b)
    drop = (-2 if a_vec else None, -1 if b_vec else None)
    if a_vec or b_vec:
        shape = list(out.shape)
        for axis in sorted((d for d in drop if d is not None)):
            del shape[axis]
        out = reshape(out, shape=tuple(shape))
    return out


# ---- einsum ---------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _fresh_letters(used, n):
    free = [c for c in _LETTERS if c not in used]
    if len(free) < n:
        raise ValueError("einsum: too many distinct subscripts (numpy allows 52)")
    return "".join(free[:n])


def _expand_ellipsis(sub, ndim, ell):
    if "..." not in sub:
        return sub
    k = ndim - (len(sub) - 3)
    if k < 0 or k > len(ell):
        raise ValueError(f"einsum: subscripts {sub!r} do not fit an operand with {ndim} dimensions")
    return sub.replace("...", ell[len(ell) - k:])


def explicit_subscripts(subscripts, ndims):
    """`subscripts` for operands of `ndims` dimensions with no spaces, no '...' and an output.

    Each '...' becomes fresh letters (right-aligned, so ellipsis axes broadcast as
    numpy does); an implicit output is the ellipsis axes followed by the labels
    used exactly once, sorted (numpy's implicit mode).
    """
    s = subscripts.replace(" ", "")
    ins, arrow, out = s.partition("->")
    ins = ins.split(",")
    if len(ins) != len(ndims):
        raise ValueError(f"einsum: subscripts {subscripts!r} name {len(ins)} operands, got {len(ndims)}")
    n_ell = max((nd - (len(sub) - 3) for sub, nd in zip(ins, ndims) if "..." in sub), default=0)
    ell = _fresh_letters(set(s), max(n_ell, 0))
    if not arrow:
        labels = "".join(ins).replace(".", "")
        out = ell + "".join(sorted(c for c in set(labels) if labels.count(c) == 1))
    else:
        out = out.replace("...", ell)
    return ",".join(_expand_ellipsis(sub, nd, ell) for sub, nd in zip(ins, ndims)) + "->" + out


def _parse(subscripts, operands):
    if "..." in subscripts or "->" not in subscripts or " " in subscripts:
        subscripts = explicit_subscripts(subscripts, [op.ndim for op in operands])
    ins, out = subscripts.split("->")
    return ins.split(","), out


@primitive
class Einsum:
    """ans = einsum(subscripts, *operands); the funcgrad.numpy wrapper makes `subscripts` explicit.
    Multilinear: t_ans = Σ_k einsum with t_k in operand k's place; g_k by einsum (below).

    Multilinear: t_ans = Σ_k einsum(..., t_k, ...) with t_k in operand k's place.
    g_k = einsum(g, the other operands → operand k's labels); labels of operand k
    absent from g and the others get their extent from a ones mask of x_k's shape,
    and a label repeated in operand k ('ii') puts g_k on that diagonal: its repeats
    are renamed and the mask is the identity δ between the renamed axes.
    """
    def impl(xp, *operands, subscripts):
        return xp.einsum(subscripts, *operands, optimize=len(operands) > 2)

    def jvp(tangents, ans, *operands, subscripts):
        total = None
        for k, t in enumerate(tangents):
            if t is None:
                continue
            ops = list(operands)
            ops[k] = t
            term = einsum(*ops, subscripts=subscripts)
            total = term if total is None else total + term
        return total

    def vjp(g, ans, *operands, subscripts, needed=None):
        ins, out = _parse(subscripts, operands)
        wanted = range(len(operands)) if needed is None else needed
        return tuple(_einsum_cotangent(g, operands, ins, out, k) if k in wanted else None
                     for k in range(len(operands)))

    def batch(xs, batched, *, subscripts):
        ins, out = subscripts.split("->")
        letter = _fresh_letters(set(subscripts), 1)
        ins = [letter + sub if b else sub for sub, b in zip(ins.split(","), batched)]
        return einsum(*xs, subscripts=",".join(ins) + "->" + letter + out)


def _rename_repeats(labels, used):
    """labels with each repeat of a label replaced by a fresh letter ('iij' -> 'iAj')."""
    fresh = iter(_fresh_letters(used, len(labels) - len(set(labels))))
    seen, out = set(), []
    for ch in labels:
        out.append(next(fresh) if ch in seen else ch)
        seen.add(ch)
    return "".join(out)


def _einsum_cotangent(g, operands, ins, out, k):
    target = ins[k]
    renamed = _rename_repeats(target, set(out).union(*ins))
    ops = [g] + [op for i, op in enumerate(operands) if i != k]
    subs = [out] + [s for i, s in enumerate(ins) if i != k]
    present = set("".join(subs))
    if renamed != target or any(ch not in present for ch in target):
        ops.append(einsum_mask(operands[k], labels=target))
        subs.append(renamed)
    return einsum(*ops, subscripts=",".join(subs) + "->" + renamed)


@primitive
class EinsumMask:
    """ans[idx] = 1 if idx agrees on every label repeated in `labels`, else 0 (x's shape, dtype);
    no derivative (nondiff).

    With no repeated label it is ones: it supplies the extent of summed-away labels.
    A constant to every transform.
    """
    nondiff = True

    def impl(xp, x, *, labels):
        mask = xp.ones(x.shape, dtype=x.dtype)
        for axis, ch in enumerate(labels):
            first = labels.index(ch)
            if first != axis:
                n = x.shape[axis]
                shape = tuple(n if i in (first, axis) else 1 for i in range(x.ndim))
                mask = mask * xp.reshape(xp.eye(n, dtype=x.dtype), shape)
        return mask


matmul, einsum, einsum_mask = Matmul, Einsum, EinsumMask
