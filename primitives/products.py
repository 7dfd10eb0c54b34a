"""Products: matmul (with numpy's 1-D and batch rules) and einsum.

Both are bilinear, so each argument's tangent rule is the product with the other
argument fixed, and each cotangent is a product of g with the other argument.
"""
from funcgrad.primitive import primitive

from .shape import reshape, transpose

__all__ = ["matmul", "einsum"]


def _swap_last(x):
    axes = tuple(range(x.ndim - 2)) + (x.ndim - 1, x.ndim - 2)
    return transpose(x, axes=axes)


def _column(v):
    return reshape(v, shape=tuple(v.shape) + (1,))


def _drop_last(v):
    return reshape(v, shape=tuple(v.shape[:-1]))


@primitive
class Matmul:
    """ans = a @ b;  g_a = g @ bᵀ,  g_b = aᵀ @ g (batch axes summed by the driver)."""
    def impl(xp, a, b): return xp.matmul(a, b)
    def jvp_a(t, ans, a, b): return matmul(t, b)
    def jvp_b(t, ans, a, b): return matmul(a, t)

    def vjp_a(g, ans, a, b):
        if a.ndim == 1 and b.ndim == 1:
            return g * b
        if a.ndim == 1:
            return _drop_last(matmul(b, _column(g)))
        if b.ndim == 1:
            return _column(g) * b
        return matmul(g, _swap_last(b))

    def vjp_b(g, ans, a, b):
        if a.ndim == 1 and b.ndim == 1:
            return g * a
        if a.ndim == 1:
            return _column(a) * reshape(g, shape=g.shape[:-1] + (1, g.shape[-1]))
        if b.ndim == 1:
            return _drop_last(matmul(_swap_last(a), _column(g)))
        return matmul(_swap_last(a), g)


def _parse(subscripts, n):
    ins, out = subscripts.replace(" ", "").split("->")
    ins = ins.split(",")
    if len(ins) != n:
        raise ValueError(f"einsum: subscripts {subscripts!r} name {len(ins)} operands, got {n}")
    return ins, out


@primitive
class Einsum:
    """ans = einsum(subscripts, *operands), with explicit output subscripts ('ij,jk->ik').

    Multilinear: the tangent sums one einsum per operand with its tangent in place;
    the cotangent of operand k is einsum of g with the other operands, written back
    to operand k's subscripts (repeated or summed-away labels are broadcast).
    """
    def impl(xp, *operands, subscripts): return xp.einsum(subscripts, *operands)

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

    def vjp(g, ans, *operands, subscripts):
        ins, out = _parse(subscripts, len(operands))
        return tuple(_einsum_cotangent(g, operands, ins, out, k) for k in range(len(operands)))


def _einsum_cotangent(g, operands, ins, out, k):
    from .creation import ones_like
    target = ins[k]
    others = [op for i, op in enumerate(operands) if i != k]
    other_subs = [s for i, s in enumerate(ins) if i != k]
    # labels of operand k that appear in neither g nor the other operands are
    # broadcast: multiply by ones of operand k's shape to supply their extent.
    present = set(out).union(*map(set, other_subs))
    unique = "".join(dict.fromkeys(target))
    needs_ones = any(ch not in present for ch in unique) or len(unique) != len(target)
    operands_k = [g] + others
    subs_k = [out] + other_subs
    if needs_ones:
        operands_k.append(ones_like(operands[k]))
        subs_k.append(target)
    result_subs = unique
    ct = einsum(*operands_k, subscripts=",".join(subs_k) + "->" + result_subs)
    if len(unique) != len(target):
        raise NotImplementedError(f"einsum: gradient for repeated subscript {target!r}")
    return ct


matmul, einsum = Matmul, Einsum
