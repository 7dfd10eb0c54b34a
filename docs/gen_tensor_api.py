"""Generate the index of funcgrad.Tensor's methods and properties for the API reference.

Most Tensor methods are installed on the class at import time (many made in loops,
their docstrings set from tables), so the static API renderer does not see them. This
module reads them from the live class instead: one row per public method or property,
with the first line of its docstring and the graph node (``grad_fn``) it records,
taken from the ``Records ...`` sentence of its Notes. The mkdocs hook (docs/hooks.py)
appends the tables to api/tensor.md on every build.
"""
import inspect
import re

from gen_primitives import _cell

_NODE = re.compile(r"Records ``(\w+)``")


def _members(cls):
    """(name, object) for the public methods and properties of `cls`, sorted by name."""
    out = []
    for name in sorted(dir(cls)):
        if name.startswith("_"):
            continue
        value = inspect.getattr_static(cls, name)
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if callable(value) or isinstance(value, property):
            out.append((name, value))
    return out


def canonical_names(members):
    """{id(obj): name} choosing, among names of one function (aliases are copies of one
    function, each named after its attribute), the one its docstring does not call an
    alias ("`arcsin` is the same method" makes `asin` the canonical name)."""
    from funcgrad.tensors._naming import same_function
    groups = []                  # [(first object, [(name, obj)...])]
    for name, obj in members:
        for first, group in groups:
            if same_function(first, obj):
                group.append((name, obj))
                break
        else:
            groups.append((obj, [(name, obj)]))
    out = {}
    for first, group in groups:
        doc = first.__doc__ or ""
        chosen = next((n for n, _ in group if f"`{n}`" not in doc), group[0][0])
        for _, obj in group:
            out[id(obj)] = chosen
    return out


def describe(name, obj, canonical):
    """(kind, summary, node) of one Tensor member; `canonical` maps id(obj) to its name."""
    kind = "property" if isinstance(obj, property) else (
        "in-place" if name.endswith("_") else "method")
    if canonical[id(obj)] != name:
        return kind, f"the same as `{canonical[id(obj)]}`", ""
    doc = inspect.cleandoc(obj.__doc__ or "")
    summary = doc.splitlines()[0].replace("``", "`") if doc else ""
    node = _NODE.search(doc)
    return kind, _cell(summary), f"`{node.group(1)}`" if node else ""


def table(cls):
    """The Markdown table of the public members of `cls`."""
    members = _members(cls)
    canonical = canonical_names(members)
    rows = []
    for name, obj in members:
        kind, summary, node = describe(name, obj, canonical)
        rows.append(f"| `{name}` | {kind} | {summary} | {node} |")
    return "\n".join([f"{len(rows)} names.", "",
                      "| name | kind | what it computes | grad_fn it records |",
                      "| --- | --- | --- | --- |"] + rows) + "\n"


def tables():
    """The section appended to api/tensor.md."""
    import funcgrad
    return "\n".join([
        "## Every method and property", "",
        "Generated from the live class on every build; `help(funcgrad.Tensor.<name>)` "
        "shows the whole docstring (parameters, the derivative convention, what differs "
        "from PyTorch). The functions `funcgrad.<name>(input, ...)` of the same names "
        "take the tensor as their first argument.", "",
        table(funcgrad.Tensor)])
