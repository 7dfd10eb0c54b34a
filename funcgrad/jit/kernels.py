"""Fused elementwise kernels: the synthetic primitive the fusion pass emits.

A `FusedElementwise` holds a tree of numpy ufuncs over its operands (the tree's leaves)
and runs it either as one compiled numexpr expression or as the tree's numpy calls,
written in place into the tree's own temporaries when the arrays are large.
"""
import numpy as np

from funcgrad.primitive import Primitive

from .passes.buffers import MIN_BYTES

try:
    import numexpr
except ImportError:   # optional dependency: the numpy backend is used
    numexpr = None

__all__ = ["FusedElementwise", "NUMEXPR_OPS", "numexpr"]

NUMEXPR_OPS = {
    "add": "({0} + {1})", "subtract": "({0} - {1})", "multiply": "({0} * {1})",
    "divide": "({0} / {1})", "negative": "(-{0})", "positive": "{0}", "square": "({0} ** 2)",
    "power": "({0} ** {1})", "absolute": "abs({0})", "sqrt": "sqrt({0})", "sin": "sin({0})",
    "cos": "cos({0})", "tan": "tan({0})", "exp": "exp({0})", "expm1": "expm1({0})",
    "log": "log({0})", "log1p": "log1p({0})", "tanh": "tanh({0})", "sinh": "sinh({0})",
    "cosh": "cosh({0})", "arcsin": "arcsin({0})", "arccos": "arccos({0})",
    "arctan": "arctan({0})", "arctan2": "arctan2({0}, {1})",
}


class FusedElementwise(Primitive):
    """One kernel for a tree of elementwise ops. `tree` nodes: ("leaf", k) or
    (ufunc, child, ...); the equation's operands are the leaves 0..n-1."""

    def __init__(self, tree, n_leaves, backend):
        self.tree, self.n_leaves, self.backend = tree, n_leaves, backend
        self.fresh_output = True
        self.accepts_out = backend == "numexpr"   # buffer reuse may pass out=
        self.kernel = None
        if backend == "numexpr":
            self.kernel = _numexpr_kernel(self.expression(), n_leaves)
        super().__init__(f"fused_{backend}", self._evaluate, elementwise=True, nondiff=True)

    def expression(self, names=None):
        """The kernel as text: numexpr's expression, or nested numpy calls."""
        names = names or [f"x{k}" for k in range(self.n_leaves)]
        if self.backend == "numexpr":
            return _render(self.tree, lambda node: names[node[1]],
                           lambda fn, args: NUMEXPR_OPS[fn.__name__].format(*args))
        return _render(self.tree, lambda node: names[node[1]],
                       lambda fn, args: f"{fn.__name__}({', '.join(args)})")

    def _evaluate(self, xp, *leaves, expr=None):
        if self.kernel is not None:
            return self.kernel(*leaves)
        return _evaluate_numpy(self.tree, leaves)

    def emit(self, gen, e, args, outs, buffer=None):
        """The generated source lines computing this kernel for equation e into outs[0]
        (into `buffer` with numexpr's out= when given)."""
        if self.kernel is not None:
            name = gen.bind(self.kernel, "numexpr_kernel")
            shown = self.expression([a if a.isidentifier() else f"x{k}" for k, a in enumerate(args)])
            out = (f", out={gen.var(buffer)}, order='K', casting='safe', ex_uses_vml=False"
                   if buffer is not None else "")
            return [f"# numexpr: {shown}", f"{outs[0]} = {name}({', '.join(args)}{out})"]
        return _emit_numpy(gen, self.tree, args, outs[0], e.outvals)


_KERNELS = {}   # (expression, operands) -> compiled NumExpr: a loop's steps share kernels


def _numexpr_kernel(expression, n_leaves):
    key = (expression, n_leaves)
    kernel = _KERNELS.get(key)
    if kernel is None:
        if len(_KERNELS) > 4096:
            _KERNELS.clear()
        signature = [(f"x{k}", np.float64) for k in range(n_leaves)]
        kernel = _KERNELS[key] = numexpr.NumExpr(expression, signature=signature)
    return kernel


def _render(node, leaf, op):
    if node[0] == "leaf":
        return leaf(node)
    if node[0] == "const":
        return repr(float(node[1]))
    return op(node[0], [_render(c, leaf, op) for c in node[1:]])


def _evaluate_numpy(node, leaves):
    if node[0] == "leaf":
        return leaves[node[1]]
    if node[0] == "const":
        return node[1]
    return node[0](*[_evaluate_numpy(c, leaves) for c in node[1:]])


def _emit_numpy(gen, tree, args, out, aval):
    """Statements computing tree in post-order; temporaries reused through out= when large."""
    lines, counter = [], [0]
    in_place = aval.size * aval.dtype.itemsize >= MIN_BYTES

    def visit(node, is_root):
        if node[0] == "leaf":
            return args[node[1]], False
        if node[0] == "const":
            return gen.const(node[1]), False
        children = [visit(c, False) for c in node[1:]]
        fn = gen.bind(node[0], node[0].__name__)
        operands = ", ".join(text for text, _ in children)
        target = out if is_root else f"{out}_t{counter[0]}"
        counter[0] += 1
        temp = next((text for text, is_temp in children if is_temp), None)
        keyword = f", out={temp}" if (in_place and temp is not None) else ""
        lines.append(f"{target} = {fn}({operands}{keyword})")
        return target, True

    visit(tree, True)
    return lines
