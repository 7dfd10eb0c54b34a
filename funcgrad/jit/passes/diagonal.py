"""Diagonal propagation: Jacobians built from an identity basis stay vectors while they can.

jacrev/jacfwd push the rows of an identity matrix E through the derivative program at
once (vmap). For elementwise steps the result is diagonal: E * v = diag(v). This pass
tracks such values as their diagonal vector and rewrites the equations reading them:

    E * v, v * E                 (v of shape (n,), E the n x n identity)   -> diag(v)
    C * v, v * C                 (C a constant diagonal matrix, e.g. 2·E)   -> diag(diag(C) * v)
    diag(d) * u, u * diag(d)     (u of shape (n,) or a scalar)             -> diag(d * u)
    reshape(diag(d), (n, n, 1)) / (n, 1, n)                               -> column / row form
    A @ columns(diag(d))         (A of shape (m, n): one matvec per row)   -> (d[:, None] * Aᵀ)
    rows(diag(d)) @ B            (B of shape (n, m): one vecmat per row)   -> (d[:, None] * B)
    diag(d) + M, M + diag(d)     (M dense n x n)                           -> M + diag(d), O(n)
Any other reader gets the dense matrix (`diag_matrix`), built where it is first needed.
A full Jacobian of an elementwise-times-dense map then costs O(n²) elementwise work
instead of an O(n³) product with the identity. Values where an entry of v is inf or nan
differ: E * v has nan off the diagonal (0 * inf), the diagonal form has zeros.
"""
import numpy as np

from funcgrad.primitive import Primitive, registry
from funcgrad.tape import Eqn

from ..ir import Aval, copy_tape

__all__ = ["propagate_diagonals", "DIAG_MATRIX", "ADD_DIAGONAL", "diagonal_of"]


def _diag_matrix(xp, d):
    return xp.diag(d)


def _add_diagonal(xp, m, d):
    out = m.copy()
    n = out.shape[0]
    out.reshape(-1)[::n + 1] += d
    return out


DIAG_MATRIX = Primitive("diag_matrix", _diag_matrix, nondiff=True,
                        doc="ans = diag(d), the square matrix with d on its diagonal "
                            "(fg.jit's diagonal pass only; no derivative rules).")
ADD_DIAGONAL = Primitive("add_diagonal", _add_diagonal, nondiff=True,
                         doc="ans = m + diag(d) for a square m (fg.jit's diagonal pass only; "
                             "no derivative rules).")


def diagonal_of(value):
    """The diagonal of a constant square float matrix that is zero off its diagonal
    (None for anything else); the identity gives ones."""
    if not isinstance(value, np.ndarray) or value.ndim != 2 or value.shape[0] != value.shape[1]:
        return None
    if value.dtype.kind not in "fc" or value.shape[0] > 4096:
        return None
    d = np.diagonal(value).copy()
    return d if np.array_equal(value, np.diag(d)) else None


class _Rewriter:
    def __init__(self, tape):
        self.tape, self.eqns = tape, []
        self.diag = {}      # var -> diagonal vector var (value == diag(vector))
        self.columns = {}   # var -> diagonal vector var (value == diag(vector)[..., None])
        self.rows = {}      # var -> diagonal vector var (value == diag(vector)[:, None, :])
        self.dense = {}     # diagonal var -> var holding its dense matrix, once built
        self.next_var = tape.n_vars

    def new_var(self):
        self.next_var += 1
        return self.next_var - 1

    def emit(self, prim, ins, invals, aval, params=None):
        out = self.new_var()
        self.eqns.append(Eqn(prim, params or {}, tuple(ins), tuple(invals), out, aval))
        return out

    def dense_of(self, var, aval):
        """The dense matrix of a diagonal-form var (built once)."""
        if var not in self.dense:
            d = self.diag[var]
            vec = Aval((aval.shape[0],), aval.dtype)
            self.dense[var] = self.emit(DIAG_MATRIX, [d], [vec], aval)
        return self.dense[var]

    def materialize(self, e):
        """e with every diagonal-form operand replaced by its dense matrix."""
        ins = list(e.ins)
        for k, (i, v) in enumerate(zip(e.ins, e.invals)):
            if i in self.diag:
                ins[k] = self.dense_of(i, v)
            elif i in self.columns or i in self.rows:
                raise _GiveUp
        return Eqn(e.prim, e.params, tuple(ins), e.invals, e.outs, e.outvals)


class _GiveUp(Exception):
    pass


def _vector_like(i, v, n):
    shape = getattr(v, "shape", ())
    return shape in ((n,), ()) and (i is not None or np.ndim(v) == 0)


def _rewrite(rw, e):
    """True if e was rewritten into diagonal form (or absorbed), else False."""
    name, out = e.prim.name, e.outvals
    if e.prim.multiple_results or not isinstance(out, Aval) or out.ndim < 2:
        return False
    n = out.shape[-1]
    if name == "multiply" and out.shape == (n, n):
        for a, b in ((0, 1), (1, 0)):
            ia, va, ib, vb = e.ins[a], e.invals[a], e.ins[b], e.invals[b]
            const_diag = diagonal_of(va) if ia is None else None
            if const_diag is not None and ib is not None and vb.shape == (n,):
                if np.all(const_diag == 1):
                    rw.diag[e.outs] = ib
                else:
                    vec = Aval((n,), out.dtype)
                    rw.diag[e.outs] = rw.emit(e.prim, [None, ib], [const_diag, vb], vec)
                return True
            if ia in rw.diag and _vector_like(ib, vb, n):
                vec = Aval((n,), out.dtype)
                operand = rw.diag[ia]
                rw.diag[e.outs] = rw.emit(e.prim, [operand, ib], [vec, vb], vec)
                return True
    if name == "reshape" and e.ins[0] in rw.diag:
        n0 = e.invals[0].shape[0]
        if out.shape == (n0, n0, 1):
            rw.columns[e.outs] = rw.diag[e.ins[0]]
            return True
        if out.shape == (n0, 1, n0):
            rw.rows[e.outs] = rw.diag[e.ins[0]]
            return True
    if name == "matmul" and e.ins[0] in rw.rows and e.ins[1] not in rw.diag:
        b_aval = e.invals[1]
        if getattr(b_aval, "ndim", 0) != 2:
            return False
        k, m = b_aval.shape
        reshape, multiply = registry["reshape"], registry["multiply"]
        col = rw.emit(reshape, [rw.rows[e.ins[0]]], [Aval((k,), out.dtype)], Aval((k, 1), out.dtype),
                      {"shape": (k, 1)})
        prod = rw.emit(multiply, [col, e.ins[1]], [Aval((k, 1), out.dtype), b_aval],
                       Aval((k, m), out.dtype))
        rw.eqns.append(Eqn(reshape, {"shape": out.shape}, (prod,), (Aval((k, m), out.dtype),),
                           e.outs, out))
        return True
    if name == "matmul" and e.ins[1] in rw.columns and e.ins[0] not in rw.diag:
        a_aval = e.invals[0]
        if getattr(a_aval, "ndim", 0) != 2:
            return False
        m, k = a_aval.shape
        d = rw.columns[e.ins[1]]
        transpose, reshape, multiply = registry["transpose"], registry["reshape"], registry["multiply"]
        at = rw.emit(transpose, [e.ins[0]], [a_aval], Aval((k, m), out.dtype), {"axes": (1, 0)})
        col = rw.emit(reshape, [d], [Aval((k,), out.dtype)], Aval((k, 1), out.dtype), {"shape": (k, 1)})
        prod = rw.emit(multiply, [col, at], [Aval((k, 1), out.dtype), Aval((k, m), out.dtype)],
                       Aval((k, m), out.dtype))
        rw.eqns.append(Eqn(reshape, {"shape": out.shape}, (prod,), (Aval((k, m), out.dtype),),
                           e.outs, out))
        return True
    if name == "add" and out.shape == (n, n) and not out.scalar:
        for a, b in ((0, 1), (1, 0)):
            ia, ib, vb = e.ins[a], e.ins[b], e.invals[b]
            if ia in rw.diag and ib is not None and ib not in rw.diag and vb == out:
                vec = Aval((n,), out.dtype)
                rw.eqns.append(Eqn(ADD_DIAGONAL, {}, (ib, rw.diag[ia]), (vb, vec), e.outs, out))
                return True
    return False


def propagate_diagonals(tape):
    """The tape with identity-basis products kept as diagonal vectors (see module doc)."""
    rw = _Rewriter(tape)
    try:
        for e in tape.eqns:
            if not _rewrite(rw, e):
                rw.eqns.append(rw.materialize(e))
        outs = list(tape.out_ids)
        for k, i in enumerate(outs):
            if i in rw.diag:
                outs[k] = rw.dense_of(i, tape.out_vals[k])
            elif i in rw.columns or i in rw.rows:
                raise _GiveUp
    except _GiveUp:
        return tape
    if not rw.diag:
        return tape
    new = copy_tape(tape, rw.eqns, out_ids=outs)
    new.n_vars = rw.next_var
    return new
