"""Generate the index of funcgrad.numpy's names for the API reference.

For each public name of funcgrad.numpy, funcgrad.numpy.linalg and funcgrad.numpy.fft
the table says what it is: a primitive (linked to its family page, with its
formula), an alias of another name, a function of plain values with no derivative,
or a differentiable function (with its docstring's first line when it has one).
The mkdocs hook (docs/hooks.py) appends the tables to api/numpy.md on every build.
"""
import importlib

import numpy

from funcgrad.primitive import Primitive

from gen_primitives import _cell, family_of

NAMESPACES = ["funcgrad.numpy", "funcgrad.numpy.linalg", "funcgrad.numpy.fft"]


def public_names(module):
    """The names the module defines itself: its __all__ (funcgrad.numpy's is its _core's;
    asking funcgrad.numpy for __all__ would fall back to numpy's)."""
    names = module._core.__all__ if module.__name__ == "funcgrad.numpy" else module.__dict__.get("__all__", ())
    return [n for n in names if callable(getattr(module, n, None))]


def describe(obj, seen):
    """(kind, summary) of one callable; `seen` maps id(obj) to its first name."""
    if id(obj) in seen:
        return "alias", f"the same function as `{seen[id(obj)]}`"
    if isinstance(obj, Primitive):
        formula = " ".join((obj.__doc__ or "").split()).split(";")[0].strip()
        return (f"[primitive](../primitives/{family_of(obj)}.md)",
                _cell(formula) if formula else "")
    wrapped = getattr(obj, "__wrapped__", None)
    if wrapped is not None and getattr(wrapped, "__module__", "").startswith("numpy"):
        return "no derivative", f"numpy's `{wrapped.__name__}` on plain values"
    doc = (obj.__doc__ or "").strip().splitlines()
    if doc:
        return "function", _cell(doc[0])
    name = getattr(obj, "__name__", "")
    return "function", f"as numpy's `{name}`, differentiable" if hasattr(numpy, name) else "differentiable"


def table(module_name):
    """The Markdown table of one namespace."""
    module = importlib.import_module(module_name)
    seen, rows, alive = {}, [], []
    for name in public_names(module):
        obj = getattr(module, name)
        alive.append(obj)  # keep it, so that its id is not reused by the next object
        kind, summary = describe(obj, seen)
        seen.setdefault(id(obj), name)
        rows.append(f"| `{name}` | {kind} | {summary} |")
    return "\n".join([f"### {module_name}", "", f"{len(rows)} names.", "",
                      "| name | kind | what it computes |", "| --- | --- | --- |"] + rows) + "\n"


def tables():
    """All namespaces' tables, for the end of api/numpy.md."""
    parts = ["## Every name", "",
             "Generated from the modules on every build. *primitive* names call a "
             "primitive directly (the link leads to its derivative rule); *function* "
             "names are wrappers or composites of primitives; *no derivative* names "
             "run numpy on plain values and give constants inside transforms. Any "
             "other numpy name also resolves, running on plain arrays and raising a "
             "clear error when a transform reaches it.", ""]
    for name in NAMESPACES:
        try:
            parts.append(table(name))
        except ImportError:
            continue
    return "\n".join(parts)
