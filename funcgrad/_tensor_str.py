"""Tensor printing: PyTorch-compatible ``repr``/``format`` text for funcgrad tensors.

Everything here is a pure function of a numpy array plus a few flags, so the Tensor
class only has to pass its data, dtype name and autograd state.  The layout rules
(formatter choice, line wrapping, summarization, suffixes) follow PyTorch 2.13's
``torch/_tensor_str.py`` behaviour as specified in section 15 of the spec.

Print options are module-global, as in PyTorch; see :func:`set_printoptions`.
"""

import contextlib
import math

import numpy as np

_DEFAULT_OPTIONS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80}
_PROFILES = {
    "default": dict(_DEFAULT_OPTIONS),
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}
_options = dict(_DEFAULT_OPTIONS, sci_mode=None)

_PREFIX = "tensor("
_FLOAT_DTYPES = {"float16", "bfloat16", "float32", "float64"}
_COMPLEX_DTYPES = {"complex64", "complex128"}
_MATCHING_COMPLEX = {"float32": "complex64", "float64": "complex128"}


# ----------------------------------------------------------------------------- options

def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """Set the global print options of tensors, like ``torch.set_printoptions``.

    A known `profile` is applied first, then the explicit options. `sci_mode` is
    always assigned, so omitting it resets it to None (automatic), as PyTorch does.

    Parameters
    ----------
    precision : int, optional
        Digits after the decimal point (default 4).
    threshold : int, optional
        Number of elements above which a tensor is summarized with ``...``
        (default 1000).
    edgeitems : int, optional
        Items shown at each end of a summarized dimension (default 3).
    linewidth : int, optional
        Characters per line (default 80).
    profile : {"default", "short", "full"}, optional
        A preset of the four options above.
    sci_mode : bool, optional
        Force scientific notation on (True) or off (False); None decides from the
        values.

    Examples
    --------
    >>> import funcgrad as fg
    >>> fg.set_printoptions(precision=2)
    >>> fg.tensor([1 / 3])
    tensor([0.33])
    >>> fg.set_printoptions(profile="default")
    """
    if profile in _PROFILES:
        _options.update(_PROFILES[profile])
    for name, value in (("precision", precision), ("threshold", threshold),
                        ("edgeitems", edgeitems), ("linewidth", linewidth)):
        if value is not None:
            _options[name] = value
    _options["sci_mode"] = sci_mode


def get_printoptions():
    """A copy of the current print options.

    Returns
    -------
    dict
        precision, threshold, edgeitems, linewidth and sci_mode.
    """
    return dict(_options)


@contextlib.contextmanager
def printoptions(**kwargs):
    """Context manager applying ``set_printoptions(**kwargs)`` and restoring the old options.

    Parameters
    ----------
    **kwargs
        The options of `set_printoptions`.

    Yields
    ------
    None
    """
    saved = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**saved)


# ----------------------------------------------------------------------------- formatters

class _FloatFormatter:
    """Chooses int/fixed/scientific notation and a common width for a set of floats."""

    def __init__(self, values):
        precision = _options["precision"]
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = np.asarray(values).reshape(-1)
        considered = flat[np.isfinite(flat) & (flat != 0)]
        if considered.size == 0:
            # As in PyTorch, the sci_mode option is not consulted in this case.
            return
        magnitudes = np.abs(considered.astype(np.float64))
        smallest, largest = float(magnitudes.min()), float(magnitudes.max())
        self.int_mode = bool(np.all(considered == np.ceil(considered)))
        self.sci_mode = _options["sci_mode"]
        if self.sci_mode is None:
            self.sci_mode = largest / smallest > 1000.0 or largest > 1.0e8 or smallest < 1.0e-4
        if self.sci_mode:
            widths = [len(f"{v:.{precision}e}") for v in considered.tolist()]
        elif self.int_mode:
            widths = [len(f"{v:.0f}") + 1 for v in considered.tolist()]  # +1 for the "."
        else:
            widths = [len(f"{v:.{precision}f}") for v in considered.tolist()]
        self.max_width = max(self.max_width, *widths)

    def format(self, value):
        precision = _options["precision"]
        if self.sci_mode:
            text = f"{value:{self.max_width}.{precision}e}"
        elif self.int_mode:
            text = f"{value:.0f}"
            if math.isfinite(value):
                text += "."
        else:
            text = f"{value:.{precision}f}"
        return text.rjust(self.max_width)


class _PlainFormatter:
    """Integer and bool values: ``str(v)`` right-aligned to the widest one."""

    def __init__(self, values):
        texts = [str(v) for v in np.asarray(values).reshape(-1).tolist()]
        self.max_width = max([1] + [len(t) for t in texts])

    def format(self, value):
        return str(value).rjust(self.max_width)


class _ComplexFormatter:
    """Formats ``real+imagj`` with independent formatters for the two parts."""

    def __init__(self, values):
        values = np.asarray(values)
        self.real = _FloatFormatter(values.real)
        self.imag = _FloatFormatter(values.imag)
        # Width of one element: real part + imaginary part + its "j".
        self.max_width = self.real.max_width + self.imag.max_width + 1

    def format(self, value):
        real_text = self.real.format(value.real)
        imag_text = (self.imag.format(value.imag) + "j").lstrip()
        if imag_text[0] in "+-":
            return real_text + imag_text
        return real_text + "+" + imag_text


def _make_formatter(values, dtype_name):
    kind = np.asarray(values).dtype.kind
    if dtype_name in _COMPLEX_DTYPES or (dtype_name not in _FLOAT_DTYPES and kind == "c"):
        return _ComplexFormatter(values)
    if dtype_name in _FLOAT_DTYPES or kind == "f":
        return _FloatFormatter(values)
    return _PlainFormatter(values)


# ----------------------------------------------------------------------------- layout

def _summarized(data):
    """The data the formatter sees when summarizing: only the edge items of every dim."""
    edge = _options["edgeitems"]
    if data.ndim == 0:
        return data
    if data.ndim == 1:
        if data.shape[0] > 2 * edge:
            return np.concatenate((data[:edge], data[-edge:]))
        return data
    if not edge:
        return np.empty((0,) * data.ndim, dtype=data.dtype)
    rows = list(data)
    if len(rows) > 2 * edge:
        rows = rows[:edge] + rows[-edge:]
    return np.stack([_summarized(row) for row in rows])


def _vector_str(data, indent, summarize, formatter):
    edge = _options["edgeitems"]
    element_width = formatter.max_width + 2
    per_line = max(1, math.floor((_options["linewidth"] - indent) / element_width))
    if summarize and not edge:
        items = ["..."]
    elif summarize and data.shape[0] > 2 * edge:
        items = ([formatter.format(v) for v in data[:edge].tolist()] + [" ..."]
                 + [formatter.format(v) for v in data[-edge:].tolist()])
    else:
        items = [formatter.format(v) for v in data.tolist()]
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _body_str(data, indent, summarize, formatter):
    if data.ndim == 0:
        return formatter.format(data.item())
    if data.ndim == 1:
        return _vector_str(data, indent, summarize, formatter)
    edge = _options["edgeitems"]
    count = data.shape[0]

    def sub(i):
        return _body_str(data[i], indent + 1, summarize, formatter)

    if summarize and count > 2 * edge:
        slices = ([sub(i) for i in range(edge)] + ["..."]
                  + [sub(i) for i in range(count - edge, count)])
    else:
        slices = [sub(i) for i in range(count)]
    separator = "," + "\n" * (data.ndim - 1) + " " * (indent + 1)
    return "[" + separator.join(slices) + "]"


def _tensor_body(data, dtype_name, indent):
    if data.size == 0:
        return "[]"
    summarize = data.size > _options["threshold"]
    formatter = _make_formatter(_summarized(data) if summarize else data, dtype_name)
    return _body_str(data, indent, summarize, formatter)


# ----------------------------------------------------------------------------- suffixes

def _suffixes(data, dtype_name, default_dtype_name, grad_fn_name, requires_grad, device,
              module):
    suffixes = []
    if device is not None:
        suffixes.append(f"device='{device}'")
    dtype_suffix = f"dtype={module}.{dtype_name}"
    if data.size == 0:
        if data.ndim != 1:
            suffixes.append(f"size={tuple(data.shape)}")
        if dtype_name != default_dtype_name:
            suffixes.append(dtype_suffix)
    else:
        if not _options["edgeitems"]:
            suffixes.append(f"size={tuple(data.shape)}")
        implicit = {default_dtype_name, _MATCHING_COMPLEX.get(default_dtype_name), "int64", "bool"}
        if dtype_name not in implicit:
            suffixes.append(dtype_suffix)
    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    return suffixes


def _add_suffixes(text, suffixes, indent):
    # PyTorch's count is 2 more than the visible last line (also when there is no newline,
    # since rfind returns -1); the wrap decision keeps that quirk.
    last_line_len = len(text) - text.rfind("\n") + 1
    parts = [text]
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > _options["linewidth"]:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


# ----------------------------------------------------------------------------- public API

def format_tensor(data, *, dtype_name, default_dtype_name="float32", grad_fn_name=None,
                  requires_grad=False, device=None, is_parameter=False, module="funcgrad"):
    """The repr of a tensor holding the array `data` (any shape, including 0-d and empty).

    Parameters
    ----------
    data : array_like
        The values (a float32 array for 'bfloat16').
    dtype_name : str
        PyTorch's dtype name without module: 'float32', 'int64'...
    default_dtype_name : str, default "float32"
        The default dtype's name; other float dtypes get a ``dtype=`` suffix.
    grad_fn_name : str, optional
        Gives the ``grad_fn=<Name>`` suffix.
    requires_grad : bool, default False
        Gives ``requires_grad=True`` when there is no grad_fn.
    device : str, optional
        The device suffix (``device='cuda:0'``); None for the CPU (no suffix).
    is_parameter : bool, default False
        Add the ``Parameter containing:`` line.
    module : str, default "funcgrad"
        The module name printed in dtypes (``funcgrad.float64``).

    Returns
    -------
    str
    """
    data = np.asarray(data)
    indent = len(_PREFIX)
    body = _tensor_body(data, dtype_name, indent)
    suffixes = _suffixes(data, dtype_name, default_dtype_name, grad_fn_name, requires_grad,
                         device, module)
    text = _add_suffixes(_PREFIX + body, suffixes, indent)
    return "Parameter containing:\n" + text if is_parameter else text


def format_scalar(data, spec, repr_fn=None):
    """``Tensor.__format__``: a 0-d tensor formats its Python value with `spec`.

    Other tensors accept only an empty spec, which gives their repr.

    Parameters
    ----------
    data : array_like
        The tensor's values.
    spec : str
        The format spec.
    repr_fn : callable, optional
        A zero-argument callable returning the repr, for non-0-d tensors.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        For a non-empty spec on a tensor with dimensions (PyTorch's error).
    ValueError
        For a tensor with dimensions when `repr_fn` is None.
    """
    data = np.asarray(data)
    if data.ndim == 0:
        return format(data.item(), spec)
    if spec:
        raise TypeError("unsupported format string passed to Tensor.__format__")
    if repr_fn is None:
        raise ValueError("format_scalar needs repr_fn to format a non-0-d tensor")
    return repr_fn()
