"""The IR: a tape of equations recorded while a function runs on concrete values.

A `Tape` is a list of `Eqn`s over numbered variables. Each equation keeps the
primitive, its parameters, which variables it read (None for a constant), the
values it read and the values it produced: the residuals reverse mode needs.
A tape prints like a jaxpr and draws as Graphviz text with `to_dot()`.
"""
__all__ = ["Eqn", "Tape", "Residual", "slim"]

SLIM_MIN_SIZE = 4096  # smaller values are kept whole: the bookkeeping would cost more


class Residual:
    """Stand in for a saved value no rule reads: only its shape and dtype are kept.

    Parameters
    ----------
    shape : tuple of int
        The value's shape.
    dtype : numpy.dtype
        The value's dtype.
    """
    __slots__ = ("shape", "dtype")

    def __init__(self, shape, dtype):
        self.shape = shape
        self.dtype = dtype

    ndim = property(lambda self: len(self.shape), doc="The number of axes of the value.")
    size = property(lambda self: int(_prod(self.shape)), doc="The number of elements of the value.")

    def __repr__(self):
        return f"Residual(shape={self.shape}, dtype={self.dtype})"


def _prod(shape):
    out = 1
    for n in shape:
        out *= n
    return out


def slim(value):
    """Replace a large saved value by its shape and dtype.

    Parameters
    ----------
    value : array or object
        A value reverse mode would keep between the passes.

    Returns
    -------
    array or Residual
        `value` itself when it has fewer than ``SLIM_MIN_SIZE`` elements (or no size), else
        a `Residual` holding its shape and dtype.
    """
    try:
        if value.size >= SLIM_MIN_SIZE:
            return Residual(tuple(value.shape), value.dtype)
    except AttributeError:
        pass
    return value


class Eqn:
    """One recorded equation ``outs = prim(*ins, **params)``, with the values seen when it ran.

    Parameters
    ----------
    prim : Primitive
        The op.
    params : dict
        Its keyword parameters (axis=, shape=, ...).
    ins : tuple
        For each positional input, the tape variable it read, or None for a constant.
    invals : tuple
        The input values (arrays, outer tracers, or `Residual` stand-ins).
    outs : int or tuple
        The output's variable id, or a tuple of ids (None for a non-float output) when
        the primitive has multiple results.
    outvals : array or tuple
        The output value(s).
    site : str, optional
        The user's source lines where the op was recorded (kept under debug_nans).
    """
    __slots__ = ("prim", "params", "ins", "invals", "outs", "outvals", "site")

    def __init__(self, prim, params, ins, invals, outs, outvals, site=None):
        self.prim = prim
        self.params = params
        self.ins = ins          # tuple: variable id, or None for a constant input
        self.invals = invals    # tuple: the input values (arrays or outer tracers)
        self.outs = outs        # variable id, or a tuple of ids for multiple results
        self.outvals = outvals  # the output value(s)
        self.site = site        # the user's source lines where it was recorded (debug_nans)

    def out_ids(self):
        """The output variable ids, always as a tuple."""
        return self.outs if self.prim.multiple_results else (self.outs,)

    def out_values(self):
        """The output values, always as a tuple."""
        return self.outvals if self.prim.multiple_results else (self.outvals,)


def _var_name(i):
    letters = "abcdefghijklmnopqrstuvwxyz"
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = letters[r] + name
    return name


def _type_str(value):
    shape = getattr(value, "shape", ())
    dtype = getattr(value, "dtype", None)
    kind = {"f": "f", "c": "c", "i": "i", "u": "u", "b": "bool"}
    if dtype is None:
        return f"{type(value).__name__}[]"
    short = kind.get(dtype.kind, dtype.kind) + (str(dtype.itemsize * 8) if dtype.kind != "b" else "")
    return f"{short}[{','.join(map(str, shape))}]"


def _const_str(value):
    if getattr(value, "ndim", 0) == 0 and not hasattr(value, "_trace"):
        try:
            return repr(value.item() if hasattr(value, "item") else value)
        except Exception:
            pass
    return f"const:{_type_str(value)}"


def _params_str(params):
    if not params:
        return ""
    items = ", ".join(f"{k}={v!r}" for k, v in params.items())
    return f"[{items}]"


class Tape:
    """A recorded program: numbered input variables, equations, outputs.

    Made by the transforms while they trace (see `make_tape`). ``str(tape)`` prints it like
    a jaxpr, one line per equation with each variable's dtype and shape; `to_dot` gives
    Graphviz text; ``len(tape)`` is the number of equations.

    Attributes
    ----------
    eqns : list of Eqn
        The equations, in the order they ran.
    n_vars : int
        How many variables have been numbered.
    in_ids, in_vals : tuple
        The input variables and their values.
    out_ids, out_vals : tuple
        The output variables (None for an output that is a constant) and their values.

    Examples
    --------
    >>> import numpy as np, funcgrad as fg, funcgrad.numpy as fnp
    >>> print(fg.make_tape(lambda x: fnp.sin(x) * 2.0)(np.ones(3)))
    { lambda ; a:f64[3]. let
        b:f64[3] = sin a
        c:f64[3] = multiply b 2.0
      in (c,) }
    """

    def __init__(self):
        self.eqns = []
        self.n_vars = 0
        self.in_ids = ()
        self.in_vals = ()
        self.out_ids = ()
        self.out_vals = ()

    def new_var(self):
        """Number a new variable and return its id."""
        self.n_vars += 1
        return self.n_vars - 1

    def __len__(self):
        return len(self.eqns)

    def _value_of(self):
        vals = dict(zip(self.in_ids, self.in_vals))
        for e in self.eqns:
            vals.update(zip(e.out_ids(), e.out_values()))
        return vals

    def __str__(self):
        vals = self._value_of()

        def typed(i):
            return f"{_var_name(i)}:{_type_str(vals[i])}"

        def operand(i, v):
            return _var_name(i) if i is not None else _const_str(v)

        lines = ["{ lambda ; " + " ".join(typed(i) for i in self.in_ids) + ". let"]
        for e in self.eqns:
            lhs = " ".join(typed(i) for i in e.out_ids())
            rhs = " ".join(operand(i, v) for i, v in zip(e.ins, e.invals))
            lines.append(f"    {lhs} = {e.prim.name}{_params_str(e.params)} {rhs}")
        outs = ", ".join(operand(i, v) for i, v in zip(self.out_ids, self.out_vals))
        lines.append(f"  in ({outs},) }}" if len(self.out_ids) == 1 else f"  in ({outs}) }}")
        return "\n".join(lines)

    __repr__ = __str__

    def to_dot(self, name="tape"):
        """Draw the tape as Graphviz DOT text.

        Parameters
        ----------
        name : str, optional
            The graph's name in the DOT source.

        Returns
        -------
        str
            A ``digraph`` with an ellipse per input, a box per equation (its primitive and
            parameters), a labelled node per variable and a double circle per output.
            Render it with Graphviz's ``dot``, or use `funcgrad.viz`.
        """
        vals = self._value_of()
        lines = [f"digraph {name} {{", "  rankdir=TB;", '  node [fontname="monospace"];']
        for i in self.in_ids:
            lines.append(f'  v{i} [shape=ellipse, label="{_var_name(i)}: {_type_str(vals[i])}"];')
        for k, e in enumerate(self.eqns):
            lines.append(f'  e{k} [shape=box, label="{e.prim.name}{_params_str(e.params).replace(chr(34), chr(39))}"];')
            for i in e.ins:
                if i is not None:
                    lines.append(f"  v{i} -> e{k};")
            for o in e.out_ids():
                lines.append(f'  v{o} [shape=plaintext, label="{_var_name(o)}: {_type_str(vals[o])}"];')
                lines.append(f"  e{k} -> v{o};")
        for n, i in enumerate(self.out_ids):
            if i is not None:
                lines.append(f'  out{n} [shape=doublecircle, label="out{n}"];')
                lines.append(f"  v{i} -> out{n};")
        lines.append("}")
        return "\n".join(lines)
