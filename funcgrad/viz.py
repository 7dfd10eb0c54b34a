"""Pictures of computation graphs, as Graphviz DOT text and rendered files.

Two graphs describe one differentiated computation:

* the **forward graph**, a `Tape` recorded by `funcgrad.make_tape`: inputs flow
  through one box per primitive to the outputs (`tape_graph`);
* the **backward graph** of a Tensor, reached from ``t.grad_fn`` through each
  node's ``next_functions``: gradients flow from the output, through one node per
  recorded op, to an ``AccumulateGrad`` node per leaf (`graph`).

Both functions return DOT text and need nothing but the standard library.
`side_by_side` puts several of them in one picture, and `render` turns DOT text
into an SVG or PNG file when the ``graphviz`` Python package and the ``dot``
program are installed, and otherwise saves the DOT text and says so::

    import funcgrad as fg, funcgrad.viz as viz
    tape = fg.make_tape(f)(x)
    viz.render(viz.tape_graph(tape), "forward.svg")

`graph` reads only the attributes ``grad_fn``, ``next_functions``, ``variable``,
``shape`` and ``dtype``, so it draws PyTorch tensors too, which makes it easy to
compare the two libraries' graphs.
"""
import re
import shutil
import warnings
from pathlib import Path

__all__ = ["graph", "tape_graph", "side_by_side", "to_dot", "render", "have_graphviz"]

_STYLE = [
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
]
_LEAF = 'shape=ellipse, style=filled, fillcolor="#d6e9f8"'
_OP = 'shape=box, style="rounded,filled", fillcolor="#fdf0c4"'
_ACC = 'shape=box, style="rounded,filled", fillcolor="#e4e4e4"'
_ROOT = 'shape=ellipse, style=filled, fillcolor="#d5f0d5"'
_CONST = 'shape=plaintext, fontcolor="#777777"'

_SHORT_DTYPES = {"float16": "f16", "float32": "f32", "float64": "f64", "bfloat16": "bf16",
                 "complex64": "c64", "complex128": "c128", "int8": "i8", "int16": "i16",
                 "int32": "i32", "int64": "i64", "uint8": "u8", "bool": "bool"}


# ---- small helpers ------------------------------------------------------------------

def _quote(text):
    """A DOT string literal (newlines become line breaks in the label)."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _type_of(value):
    """'f32[2,3]' for an array or tensor, '' for something without a shape."""
    shape = getattr(value, "shape", None)
    if shape is None:
        return ""
    dtype = str(getattr(value, "dtype", "")).split(".")[-1]
    return f"{_SHORT_DTYPES.get(dtype, dtype)}[{','.join(str(int(n)) for n in shape)}]"


def _digraph(name, body, rankdir="TB"):
    lines = [f"digraph {name} {{", f"  rankdir={rankdir};"] + _STYLE + body + ["}"]
    return "\n".join(lines)


class _Ids:
    """Stable node names, numbered in the order the objects are first met."""

    def __init__(self):
        self._ids = {}

    def __call__(self, key):
        if key not in self._ids:
            self._ids[key] = f"nid_{len(self._ids)}"
        return self._ids[key]

    def __contains__(self, key):
        return key in self._ids


def _name_lookup(names):
    """{id(obj): name} from a mapping name -> tensor (or array)."""
    return {id(obj): name for name, obj in (names or {}).items()}


# ---- the backward graph of a Tensor ------------------------------------------------

def _node_name(fn):
    name = fn.name() if callable(getattr(fn, "name", None)) else type(fn).__name__
    return name.replace("torch::autograd::", "")


def graph(tensors, names=None):
    """DOT text of the backward graph that ``backward()`` would walk from `tensors`.

    Parameters
    ----------
    tensors : Tensor or sequence of Tensors
        The outputs whose graph to draw (each drawn as a green ellipse).
    names : dict, optional
        ``{"a": a, ...}``: labels for leaves and outputs, matched by identity.

    Returns
    -------
    str
        A ``digraph``: one box per ``grad_fn`` node, edges in the direction the
        gradient flows (output to leaves), a grey ``AccumulateGrad`` box per leaf
        that requires grad and, below it, the leaf with its dtype and shape.
    """
    roots = list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]
    labels = _name_lookup(names)
    ids, body = _Ids(), []
    for k, t in enumerate(roots):
        _draw_root(t, labels.get(id(t), "out" if len(roots) == 1 else f"out{k}"), ids, body, labels)
    return _digraph("backward", body)


def _draw_root(t, label, ids, body, labels):
    root = ids(("tensor", id(t)))
    fn = getattr(t, "grad_fn", None)
    is_leaf = fn is None and getattr(t, "requires_grad", False)
    text = label + "\n" + _type_of(t) + ("\n(a leaf)" if is_leaf else "")
    body.append(f"  {root} [{_LEAF if is_leaf else _ROOT}, label={_quote(text)}];")
    if fn is not None:
        body.append(f"  {root} -> {_draw_node(fn, ids, body, labels)};")
    elif not is_leaf:
        body.append(f'  {root}_none [{_CONST}, label="no grad_fn: does not require grad"];')
        body.append(f"  {root} -> {root}_none [style=dashed];")


def _draw_node(fn, ids, body, labels):
    """Draw fn and everything reachable from it once; return fn's node name."""
    if ("fn", id(fn)) in ids:
        return ids(("fn", id(fn)))
    me = ids(("fn", id(fn)))
    variable = getattr(fn, "variable", None)
    if variable is not None:  # AccumulateGrad: the sink of a leaf
        body.append(f"  {me} [{_ACC}, label={_quote(_node_name(fn))}];")
        leaf = ids(("tensor", id(variable)))
        text = labels.get(id(variable), "leaf") + "\n" + _type_of(variable)
        body.append(f"  {leaf} [{_LEAF}, label={_quote(text)}];")
        body.append(f'  {me} -> {leaf} [label=" .grad"];')
        return me
    body.append(f"  {me} [{_OP}, label={_quote(_node_name(fn))}];")
    for nxt, output_nr in getattr(fn, "next_functions", ()):
        if nxt is None:
            continue
        target = _draw_node(nxt, ids, body, labels)
        edge = f' [label=" output {output_nr}"]' if output_nr else ""
        body.append(f"  {me} -> {target}{edge};")
    return me


# ---- the forward graph of a Tape ---------------------------------------------------

def _const_label(value):
    if getattr(value, "ndim", 0) == 0 and not hasattr(value, "_trace"):
        try:
            return repr(value.item() if hasattr(value, "item") else value)
        except (TypeError, ValueError):
            pass
    return "const " + (_type_of(value) or type(value).__name__)


def _short_repr(value, limit=40):
    """repr on one line, cut to `limit` characters (index arrays can be long)."""
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _params_label(params):
    if not params:
        return ""
    return "\n" + ", ".join(f"{k}={_short_repr(v)}" for k, v in params.items())


def tape_graph(tape, names=None, out_names=None):
    """DOT text of a recorded `Tape`: inputs, one box per equation, outputs.

    Parameters
    ----------
    tape : funcgrad.Tape
        From ``funcgrad.make_tape(f)(*args)``.
    names : sequence of str, optional
        Labels for the tape's inputs, in order (default: the tape's variable names).
    out_names : sequence of str, optional
        Labels for the tape's outputs (default: ``out``, or ``out0``, ``out1``...).

    Returns
    -------
    str
        A ``digraph`` read top to bottom: blue input ellipses, a yellow box per
        primitive with its parameters, edges labelled with the variable they carry
        and its type, grey constants, green output ellipses.
    """
    from funcgrad.tape import _var_name
    ids, body = _Ids(), []
    producer, values = {}, _values(tape)
    for n, (i, value) in enumerate(zip(tape.in_ids, tape.in_vals)):
        label = names[n] if names and n < len(names) else _var_name(i)
        body.append(f"  {ids(('var', i))} [{_LEAF}, label={_quote(label + chr(10) + _type_of(value))}];")
        producer[i] = ids(("var", i))
    for k, eqn in enumerate(tape.eqns):
        box = ids(("eqn", k))
        body.append(f"  {box} [{_OP}, label={_quote(eqn.prim.name + _params_label(eqn.params))}];")
        for slot, (i, value) in enumerate(zip(eqn.ins, eqn.invals)):
            if i is None:
                const = f"{box}_c{slot}"
                body.append(f"  {const} [{_CONST}, label={_quote(_const_label(value))}];")
                body.append(f"  {const} -> {box} [style=dashed];")
            else:
                body.append(f"  {producer[i]} -> {box}{_edge_label(i, values, tape)};")
        for o in eqn.out_ids():
            producer[o] = box
    for n, (i, value) in enumerate(zip(tape.out_ids, tape.out_vals)):
        out = ids(("out", n))
        label = f"out{n}" if len(tape.out_ids) > 1 else "out"
        if out_names and n < len(out_names):
            label = out_names[n]
        body.append(f"  {out} [{_ROOT}, label={_quote(label)}];")
        if i is not None and i in producer:
            body.append(f"  {producer[i]} -> {out}{_edge_label(i, values, tape)};")
    return _digraph("forward", body)


def _values(tape):
    """{variable id: value} for every variable an equation produced."""
    return {o: v for eqn in tape.eqns for o, v in zip(eqn.out_ids(), eqn.out_values())}


def _edge_label(i, values, tape):
    """' [label=" b: f64[2]"]' for an edge carrying variable i (inputs are labelled already)."""
    from funcgrad.tape import _var_name
    if i in tape.in_ids:
        return ""
    return f" [label={_quote(' ' + _var_name(i) + ': ' + _type_of(values.get(i)))}]"


# ---- combining and rendering -----------------------------------------------------

def to_dot(obj, names=None):
    """Give the DOT text of a forward graph, a backward graph, or DOT text itself.

    Parameters
    ----------
    obj : Tape, Tensor or str
        A `Tape` (drawn by `tape_graph`), a Tensor or anything with a ``grad_fn`` (drawn
        by `graph`), or DOT text (returned unchanged).
    names : sequence of str or dict, optional
        Labels, passed on: the tape's input names for a Tape (`tape_graph`), or
        ``{"a": a, ...}`` for a Tensor (`graph`).

    Returns
    -------
    str
        The DOT text.
    """
    if isinstance(obj, str):
        return obj
    from funcgrad.tape import Tape
    if isinstance(obj, Tape):
        return tape_graph(obj, names=names)
    return graph(obj, names=names)


_NODE_ID = re.compile(r"\bnid_(\d+)")


def side_by_side(*dots, titles=None):
    """One picture holding several graphs from this module, left to right.

    Parameters
    ----------
    *dots : str, Tape or Tensor
        DOT text made by `graph` or `tape_graph` (or the objects themselves).
    titles : sequence of str, optional
        A caption above each graph.

    Returns
    -------
    str
        A ``digraph`` with one cluster per input graph.
    """
    body = []
    for k, dot in enumerate(dots):
        lines = to_dot(dot).splitlines()
        inner = [_NODE_ID.sub(lambda m, k=k: f"g{k}_nid_{m.group(1)}", line) for line in lines[1:-1]
                 if not line.strip().startswith(("rankdir=", "node [", "edge ["))]
        title = titles[k] if titles and k < len(titles) else ""
        body.append(f"  subgraph cluster_{k} {{")
        body.append(f'    label={_quote(title)}; labelloc=t; fontname="Helvetica"; '
                    f'fontsize=13; color="#bbbbbb"; style=rounded;')
        body += ["  " + line for line in inner]
        body.append("  }")
    return _digraph("graphs", body)


def have_graphviz():
    """Tell whether pictures can be rendered.

    Returns
    -------
    bool
        True when both the ``graphviz`` Python package and the ``dot`` program are
        present; otherwise `render` writes DOT text instead of a picture.
    """
    try:
        import graphviz  # noqa: F401
    except ImportError:
        return False
    return shutil.which("dot") is not None


def render(dot, path, format="svg"):
    """Write a picture of `dot` to `path`; without Graphviz, write the DOT text instead.

    Parameters
    ----------
    dot : str, Tape or Tensor
        DOT text, or an object `to_dot` accepts.
    path : str or Path
        Where to write; the suffix ``.svg``/``.png`` is added when missing.
    format : {"svg", "png"}
        The picture's format.

    Returns
    -------
    Path
        The file written: the picture, or, when the ``graphviz`` package or the
        ``dot`` program is missing, a ``.dot`` file beside it (with a warning
        saying how to install Graphviz).

    Raises
    ------
    ValueError
        If format is neither "svg" nor "png".
    """
    if format not in ("svg", "png"):
        raise ValueError(f"render: format must be 'svg' or 'png', got {format!r}")
    text = to_dot(dot)
    path = Path(path)
    target = path if path.suffix == "." + format else path.with_name(path.name + "." + format)
    target.parent.mkdir(parents=True, exist_ok=True)
    if have_graphviz():
        import graphviz
        target.write_bytes(graphviz.Source(text).pipe(format=format))
        return target
    fallback = target.with_suffix(".dot")
    fallback.write_text(text + "\n")
    warnings.warn(f"funcgrad.viz.render: Graphviz is not available (it needs `pip install graphviz` "
                  f"and the `dot` program, e.g. `apt-get install graphviz`), so the DOT text was "
                  f"written to {fallback}; `dot -T{format} {fallback} -o {target}` draws it.",
                  stacklevel=2)
    return fallback
