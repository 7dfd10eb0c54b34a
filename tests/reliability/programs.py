"""Random differentiable programs: one description, run in three ways.

A `Program` is a list of `Step`s over numbered values (the inputs first, then one value
per step). Each step names an op and the earlier values it reads, so programs are DAGs:
any value may be read by several later steps. The same program runs

* functionally, on arrays or tracers, with `funcgrad.numpy` (`run_functional`);
* imperatively, on Tensors of a torch-like module (`run_tensor(prog, xs, funcgrad)`, or
  with the real `torch` as an oracle), where a step may be realized by an in-place update
  of a non-leaf (`y = a.clone(); y.sin_()`, `y[k] = b`, `y[k].mul_(b)`, `y[y < 0] = 0`).

Both realizations compute the same mathematical function, so they must agree on values and
on every derivative. `programs()` is the hypothesis strategy; it keeps every op inside its
domain (log and sqrt of softplus(x) + 0.1, division by b² + 0.5), and `admissible` rejects
draws whose values would make finite differences meaningless (overflowing values, a kink of
max/maximum/where within the finite-difference step).
"""
import dataclasses

import numpy as np
from hypothesis import strategies as st

import funcgrad.numpy as fnp

# ---- shapes ------------------------------------------------------------------------

INPUT_SHAPES = [(), (3,), (4,), (2, 3), (3, 4), (3, 1), (1, 4), (2, 3, 2), (2, 1, 3)]


def broadcastable(a, b):
    try:
        np.broadcast_shapes(a, b)
        return True
    except ValueError:
        return False


def bshape(a, b):
    return tuple(np.broadcast_shapes(a, b))


# ---- ops ------------------------------------------------------------------------------
# Each entry: arity, a shape rule (None if not applicable), functional and tensor forms.
# Tensor forms receive `m`, the torch-like module, and may use in-place updates (`style`).

def _softplus_f(x):
    # PyTorch's softplus is linear above threshold=20 (an error of at most exp(-20));
    # the functional side follows it so both sides compute the same function.
    return fnp.where(x > 20.0, x, fnp.softplus(x))


def _softplus_t(m, t):
    return m.nn.functional.softplus(t)


UNARY = {
    # name: (functional, tensor out-of-place, name of the in-place method or None)
    "sin": (fnp.sin, lambda m, t: t.sin(), "sin_"),
    "cos": (fnp.cos, lambda m, t: t.cos(), "cos_"),
    "tanh": (fnp.tanh, lambda m, t: t.tanh(), "tanh_"),
    "sigmoid": (fnp.sigmoid, lambda m, t: t.sigmoid(), "sigmoid_"),
    "exp": (fnp.exp, lambda m, t: t.exp(), "exp_"),
    "square": (fnp.square, lambda m, t: t.square(), "square_"),
    "neg": (fnp.negative, lambda m, t: -t, "neg_"),
}

# functional, tensor: the domain guard is part of the op (so both sides compute the same)
GUARDED = {
    "log_sp": (lambda x: fnp.log(_softplus_f(x) + 0.1),
               lambda m, t, inplace: _inplace_unary(_softplus_t(m, t) + 0.1, "log_", inplace)),
    "sqrt_sp": (lambda x: fnp.sqrt(_softplus_f(x) + 0.1),
                lambda m, t, inplace: _inplace_unary(_softplus_t(m, t) + 0.1, "sqrt_", inplace)),
    "recip_sq": (lambda x: 1.0 / (x * x + 0.5),
                 lambda m, t, inplace: _inplace_unary(t * t + 0.5, "reciprocal_", inplace)),
}


def _inplace_unary(t, method, inplace):
    if inplace:
        return getattr(t, method)()          # t is a fresh non-leaf: update it in place
    return getattr(t, method[:-1])()


BINARY = ["add", "sub", "mul", "div", "maximum", "pow", "where"]
REDUCE = ["sum", "mean", "max", "logsumexp"]


@dataclasses.dataclass
class Step:
    op: str
    args: tuple
    params: dict
    style: str = "plain"     # how the Tensor side realizes it: plain | inplace | ...

    def __repr__(self):
        p = "" if not self.params else " " + ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        s = "" if self.style == "plain" else f" [{self.style}]"
        return f"{self.op}{list(self.args)}{p}{s}"


@dataclasses.dataclass
class Program:
    in_shapes: list
    steps: list
    seed: int

    def __repr__(self):
        lines = [f"Program(inputs={self.in_shapes}, seed={self.seed})"]
        n = len(self.in_shapes)
        for k, s in enumerate(self.steps):
            lines.append(f"  v{n + k} = {s!r}")
        return "\n".join(lines)

    def inputs(self, dtype=np.float64):
        rng = np.random.default_rng(self.seed)
        return [np.asarray(rng.uniform(-1.5, 1.5, size=s)).astype(dtype) for s in self.in_shapes]

    def weights(self, shape):
        rng = np.random.default_rng(self.seed + 1)
        return np.asarray(rng.uniform(0.5, 1.5, size=shape))


def _shape_of(step, shapes):
    a = shapes[step.args[0]] if step.args else None
    op, p = step.op, step.params
    if op in UNARY or op in GUARDED:
        return a
    if op in BINARY:
        return bshape(a, shapes[step.args[1]])
    if op in REDUCE:
        axes = p["axis"]
        if axes is None:
            return ()
        if p["keepdims"]:
            return tuple(1 if i in axes else n for i, n in enumerate(a))
        return tuple(n for i, n in enumerate(a) if i not in axes)
    if op == "reshape_flat":
        return (int(np.prod(a)),)
    if op == "reshape_rev":
        return tuple(reversed(a))
    if op == "transpose":
        return tuple(reversed(a))
    if op == "broadcast":
        return (2,) + a
    if op == "slice":
        return (a[0] - 1,) + a[1:]
    if op == "step":
        return a[:-1] + ((a[-1] + 1) // 2,)
    if op == "int":
        return a[1:]
    if op == "gather":
        return (len(p["index"]),) + a[1:]
    if op == "matmul":
        b = shapes[step.args[1]]
        if p["transpose_b"]:
            b = tuple(reversed(b))
        return a[:-1] + b[1:]
    if op == "stack":
        return (2,) + a
    if op == "concat":
        return (a[0] + shapes[step.args[1]][0],) + a[1:]
    if op in ("setrow", "mulrow"):
        return a
    if op == "relu_mask":
        return a
    raise KeyError(op)


@st.composite
def programs(draw, min_steps=1, max_steps=7, tensor_styles=True, ops=None):
    """A random Program: 1-3 inputs, 1-7 steps, every value reachable from the inputs."""
    n_in = draw(st.integers(1, 3))
    in_shapes = [draw(st.sampled_from(INPUT_SHAPES)) for _ in range(n_in)]
    shapes = list(in_shapes)
    steps = []
    n_steps = draw(st.integers(min_steps, max_steps))
    for _ in range(n_steps):
        # read recent values more often: long chains, with reuse of older ones
        k = len(shapes)
        a = draw(st.one_of(st.just(k - 1), st.integers(0, k - 1)))
        sa = shapes[a]
        options = ["unary", "guarded", "binary", "reduce", "shape", "index", "matmul",
                   "join", "setitem"]
        if ops is not None:
            options = [o for o in options if o in ops]
        kind = draw(st.sampled_from(options))
        if kind == "unary":
            kind = draw(st.sampled_from(sorted(UNARY)))
        elif kind == "guarded":
            kind = draw(st.sampled_from(sorted(GUARDED)))
        step = _make_step(draw, kind, a, sa, shapes, tensor_styles)
        if step is None:
            step = Step(draw(st.sampled_from(sorted(UNARY))), (a,), {})
            if tensor_styles and draw(st.booleans()):
                step.style = "inplace"
        shapes.append(_shape_of(step, shapes))
        steps.append(step)
    prog = Program(in_shapes, steps, draw(st.integers(0, 2**31 - 1)))
    if tensor_styles == "direct":
        _mark_direct(prog)
    return prog


VIEW_OPS = {"slice", "step", "int", "reshape_flat", "reshape_rev", "transpose", "broadcast"}
DIRECT_OPS = set(UNARY) | {"add", "sub", "mul"}


def _mark_direct(prog):
    """Turn in-place-on-a-copy steps into in-place updates of the value itself where that
    leaves the program's meaning unchanged: the value is a computed one (no input, no view),
    no view of it was taken and no later step reads it. Whether the backward then refuses
    (a saved value changed) is PyTorch's business: the torch oracle decides."""
    n = len(prog.in_shapes)
    producer = {n + k: s for k, s in enumerate(prog.steps)}
    for k, s in enumerate(prog.steps):
        if s.style != "inplace" or s.op not in DIRECT_OPS:
            continue
        a = s.args[0]
        if a < n or producer[a].op in VIEW_OPS or producer[a].style == "direct":
            continue
        later = [t for t in prog.steps[k + 1:] if a in t.args]
        viewed = [t for t in prog.steps if a in t.args and t.op in VIEW_OPS]
        if not later and not viewed:
            s.style = "direct"


def _pick(draw, candidates):
    return draw(st.sampled_from(candidates)) if candidates else None


def _make_step(draw, kind, a, sa, shapes, tensor_styles):
    def style():
        if tensor_styles == "direct":      # candidates for direct updates (see _mark_direct)
            return "inplace"
        return "inplace" if tensor_styles and draw(st.booleans()) else "plain"
    if kind in UNARY or kind in GUARDED:
        return Step(kind, (a,), {}, style())
    if kind == "binary":
        b = _pick(draw, [j for j, s in enumerate(shapes) if broadcastable(sa, s)])
        op = draw(st.sampled_from(BINARY))
        st_ = "plain"
        # in place into a copy of a: only when the result has a's shape (as in PyTorch)
        if op in ("add", "sub", "mul") and bshape(sa, shapes[b]) == sa:
            st_ = style()
        return Step(op, (a, b), {}, st_)
    if kind == "reduce":
        if not sa:
            return None
        op = draw(st.sampled_from(REDUCE))
        if draw(st.integers(0, 3)) == 0:
            return Step(op, (a,), {"axis": None, "keepdims": False})
        axes = draw(st.lists(st.integers(0, len(sa) - 1), min_size=1, max_size=len(sa), unique=True))
        return Step(op, (a,), {"axis": tuple(sorted(axes)), "keepdims": draw(st.booleans())})
    if kind == "shape":
        ops = ["reshape_flat", "reshape_rev", "broadcast"]
        if len(sa) >= 2:
            ops.append("transpose")
        return Step(draw(st.sampled_from(ops)), (a,), {})
    if kind == "index":
        if not sa:
            return None
        ops = ["int", "gather"]
        if sa[0] >= 2:
            ops.append("slice")
        if sa[-1] >= 2:
            ops.append("step")
        op = draw(st.sampled_from(ops))
        params = {}
        if op == "int":
            params["index"] = draw(st.integers(-sa[0], sa[0] - 1))
        if op == "gather":   # repeated indices: the backward must add, not overwrite
            params["index"] = tuple(draw(st.lists(st.integers(0, sa[0] - 1), min_size=1, max_size=4)))
        return Step(op, (a,), params)
    if kind == "matmul":
        if len(sa) not in (1, 2):
            return None
        cands = []
        for j, s in enumerate(shapes):
            if len(s) in (1, 2) and s[0] == sa[-1]:
                cands.append((j, False))
            if len(s) == 2 and s[1] == sa[-1]:
                cands.append((j, True))
        pick = _pick(draw, cands)
        if pick is None:
            return None
        return Step("matmul", (a, pick[0]), {"transpose_b": pick[1]})
    if kind == "join":
        if not sa:
            return None
        op = draw(st.sampled_from(["stack", "concat"]))
        if op == "stack":
            b = _pick(draw, [j for j, s in enumerate(shapes) if s == sa])
        else:
            b = _pick(draw, [j for j, s in enumerate(shapes) if len(s) == len(sa) and s[1:] == sa[1:]])
        return Step(op, (a, b), {})
    if kind == "setitem":
        if not sa:
            return None
        op = draw(st.sampled_from(["setrow", "mulrow", "relu_mask"]))
        if op == "relu_mask":
            return Step(op, (a,), {})
        # the new row: a value broadcasting to a row of a, or a row of a value shaped like a
        b = _pick(draw, [(j, None) for j, s in enumerate(shapes) if broadcastable(s, sa[1:])
                         and bshape(s, sa[1:]) == sa[1:]]
                  + [(j, draw(st.integers(0, sa[0] - 1))) for j, s in enumerate(shapes) if s == sa])
        if b is None:
            return None
        return Step(op, (a, b[0]), {"index": draw(st.integers(0, sa[0] - 1)), "src_row": b[1]})
    raise KeyError(kind)


# ---- the functional realization ---------------------------------------------------

def _row_mask(shape, k):
    mask = np.zeros(shape, dtype=bool)
    mask[k] = True
    return mask


def run_functional(prog, xs, all_values=False):
    """The program on arrays or tracers with funcgrad.numpy; returns the scalar output."""
    vals = list(xs)
    for s in prog.steps:
        a = vals[s.args[0]]
        b = vals[s.args[1]] if len(s.args) > 1 else None
        op, p = s.op, s.params
        if op in UNARY:
            out = UNARY[op][0](a)
        elif op in GUARDED:
            out = GUARDED[op][0](a)
        elif op == "add":
            out = a + b
        elif op == "sub":
            out = a - b
        elif op == "mul":
            out = a * b
        elif op == "div":
            out = a / (b * b + 0.5)
        elif op == "maximum":
            out = fnp.maximum(a, b)
        elif op == "pow":
            out = fnp.power(fnp.softplus(a) + 0.5, b)
        elif op == "where":
            out = fnp.where(a > 0, a, b)
        elif op in REDUCE:
            fn = {"sum": fnp.sum, "mean": fnp.mean, "max": fnp.max, "logsumexp": fnp.logsumexp}[op]
            out = fn(a, axis=p["axis"], keepdims=p["keepdims"])
        elif op == "reshape_flat":
            out = fnp.reshape(a, (-1,))
        elif op == "reshape_rev":
            out = fnp.reshape(a, tuple(reversed(np.shape(a))))
        elif op == "transpose":
            out = fnp.transpose(a)
        elif op == "broadcast":
            out = fnp.broadcast_to(a, (2,) + tuple(np.shape(a)))
        elif op == "slice":
            out = a[1:]
        elif op == "step":
            out = a[..., ::2]
        elif op == "int":
            out = a[p["index"]]
        elif op == "gather":
            out = a[np.array(p["index"])]
        elif op == "matmul":
            out = fnp.matmul(a, fnp.transpose(b) if p["transpose_b"] else b)
        elif op == "stack":
            out = fnp.stack([a, b])
        elif op == "concat":
            out = fnp.concatenate([a, b], axis=0)
        elif op == "setrow":
            b = b if p["src_row"] is None else b[p["src_row"]]
            out = fnp.where(_row_mask(np.shape(a), p["index"]), b, a)
        elif op == "mulrow":
            b = b if p["src_row"] is None else b[p["src_row"]]
            out = fnp.where(_row_mask(np.shape(a), p["index"]), a * b, a)
        elif op == "relu_mask":
            out = fnp.where(a < 0, 0.0, a)
        else:
            raise KeyError(op)
        vals.append(out)
    last = vals[-1]
    out = fnp.sum(last * prog.weights(np.shape(last)).astype(_dtype(last)))
    return (out, vals) if all_values else out


def _dtype(v):
    return getattr(v, "dtype", np.dtype(np.float64))


def functional(prog):
    """The program as a function of its inputs."""
    return lambda *xs: run_functional(prog, xs)


# ---- the Tensor realization -------------------------------------------------------

def run_tensor(prog, ts, m):
    """The program on Tensors of module m (funcgrad or torch); in-place styles on copies."""
    vals = list(ts)
    for s in prog.steps:
        a = vals[s.args[0]]
        b = vals[s.args[1]] if len(s.args) > 1 else None
        op, p, inplace = s.op, s.params, s.style in ("inplace", "direct")
        target = a if s.style == "direct" else a.clone() if inplace else None
        if op in UNARY:
            _, plain, method = UNARY[op]
            out = getattr(target, method)() if inplace else plain(m, a)
        elif op in GUARDED:
            out = GUARDED[op][1](m, a, inplace)
        elif op in ("add", "sub", "mul"):
            if inplace:                    # a non-leaf, updated in place
                out = target
                if op == "add":
                    out += b
                elif op == "sub":
                    out -= b
                else:
                    out *= b
            else:
                out = a + b if op == "add" else a - b if op == "sub" else a * b
        elif op == "div":
            out = a / (b * b + 0.5)
        elif op == "maximum":
            out = m.maximum(a, b)
        elif op == "pow":
            out = (_softplus_t(m, a) + 0.5).pow(b)
        elif op == "where":
            out = m.where(a > 0, a, b)
        elif op in REDUCE:
            if p["axis"] is None:
                if op == "max":
                    out = a.max()
                elif op == "logsumexp":
                    out = a.logsumexp(dim=tuple(range(a.dim())))
                else:
                    out = getattr(a, op)()
            else:
                fn = {"sum": a.sum, "mean": a.mean, "max": a.amax, "logsumexp": a.logsumexp}[op]
                out = fn(dim=p["axis"], keepdim=p["keepdims"])
        elif op == "reshape_flat":
            out = a.reshape(-1)
        elif op == "reshape_rev":
            out = a.reshape(tuple(reversed(tuple(a.shape))))
        elif op == "transpose":
            out = a.permute(*reversed(range(a.dim())))
        elif op == "broadcast":
            out = a.expand(2, *a.shape)
        elif op == "slice":
            out = a[1:]
        elif op == "step":
            out = a[..., ::2]
        elif op == "int":
            out = a[p["index"]]
        elif op == "gather":
            out = a[m.tensor(np.array(p["index"]))]
        elif op == "matmul":
            out = a @ (b.t() if p["transpose_b"] else b)
        elif op == "stack":
            out = m.stack([a, b])
        elif op == "concat":
            out = m.cat([a, b], dim=0)
        elif op == "setrow":
            out = a.clone()
            out[p["index"]] = b if p["src_row"] is None else b[p["src_row"]]
        elif op == "mulrow":
            out = a.clone()
            # in place through a view: CopySlices
            out[p["index"]].mul_(b if p["src_row"] is None else b[p["src_row"]])
        elif op == "relu_mask":
            out = a.clone()
            out[out < 0] = 0.0             # boolean-mask assignment: IndexPutBackward0
        else:
            raise KeyError(op)
        vals.append(out)
    last = vals[-1]
    w = m.tensor(prog.weights(tuple(last.shape)), dtype=last.dtype)
    return (last * w).sum()


# ---- admissible draws ---------------------------------------------------------------

FD_GAP = 1e-3   # a kink closer than this to a value makes finite differences unreliable


def admissible(prog, xs):
    """(ok, reason): values bounded, no kink (max/maximum/where/mask) within FD_GAP."""
    with np.errstate(all="ignore"):
        _, vals = run_functional(prog, xs, all_values=True)
    for v in vals:
        v = np.asarray(v)
        if not np.all(np.isfinite(v)) or (v.size and np.max(np.abs(v)) > 1e3):
            return False, "large"
    for s in prog.steps:
        a = np.asarray(vals[s.args[0]])
        if s.op == "maximum":
            b = np.asarray(vals[s.args[1]])
            if a.size and np.min(np.abs(a - b)) < FD_GAP:
                return False, "tie"
        if s.op in ("where", "relu_mask") and a.size and np.min(np.abs(a)) < FD_GAP:
            return False, "tie"
        if s.op == "max" and a.size > 1:
            axes = s.params["axis"] if s.params["axis"] is not None else tuple(range(a.ndim))
            moved = np.moveaxis(a, axes, tuple(range(-len(axes), 0)))
            flat = moved.reshape(moved.shape[:moved.ndim - len(axes)] + (-1,))
            if flat.shape[-1] > 1:
                top2 = np.sort(flat, axis=-1)[..., -2:]
                if np.min(top2[..., 1] - top2[..., 0]) < FD_GAP:
                    return False, "tie"
    return True, ""
