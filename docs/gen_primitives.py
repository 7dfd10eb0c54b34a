"""Generate the primitive reference pages from `funcgrad.primitive.registry`.

One Markdown page per primitive family (the module of `primitives/` that declares
it: arithmetic, elementwise, reductions, ...). Each page opens with the module's
docstring and has one table row per primitive: its name, the first paragraph of
its docstring (the maths contract), the kind of derivative rule it declares and
how vmap batches it. The mkdocs hook (docs/hooks.py) calls `pages()` on every
build, so the tables always describe the registry as it is.

Run it by hand to look at the Markdown: ``python docs/gen_primitives.py [OUT_DIR]``.
"""
import importlib
import pkgutil
import re
import sys
from pathlib import Path

# Families in reading order; any other family follows, alphabetically.
ORDER = ["arithmetic", "elementwise", "reductions", "shape", "indexing", "products",
         "creation", "complex", "linalg", "fft"]

TITLES = {"arithmetic": "Arithmetic", "elementwise": "Elementwise functions",
          "reductions": "Reductions", "shape": "Shape", "indexing": "Indexing",
          "products": "Products", "creation": "Creation", "complex": "Complex numbers",
          "linalg": "Linear algebra", "fft": "Fourier transforms",
          "special": "Special functions", "selection": "Selection"}


def load_registry():
    """Import every module of funcgrad.primitives (registering them all); return the registry."""
    import funcgrad  # noqa: F401  (registers the primitives funcgrad.numpy uses)
    import funcgrad.primitives as package
    from funcgrad.primitive import registry
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"funcgrad.primitives.{info.name}")
    return registry


def family_of(prim):
    """The declaring module's last name: 'arithmetic' for funcgrad.primitives.arithmetic."""
    module = getattr(prim.impl, "__module__", None) or "other"
    return module.rsplit(".", 1)[-1]


def families(registry=None):
    """{family: [Primitive, ...]} in reading order, primitives in declaration order."""
    registry = load_registry() if registry is None else registry
    grouped = {}
    for prim in registry.values():
        grouped.setdefault(family_of(prim), []).append(prim)
    known = [f for f in ORDER if f in grouped]
    return {f: grouped[f] for f in known + sorted(set(grouped) - set(known))}


def contract(prim):
    """The first paragraph of the primitive's docstring, on one line."""
    doc = (prim.__doc__ or "").strip()
    return " ".join(doc.split("\n\n")[0].split())


def rule_kind(prim):
    """How the derivative is declared: 'd_', 'linear', 'vjp_ + jvp_', 'nondiff'..."""
    if prim.nondiff:
        return "nondiff"
    if prim.partials:
        return "d_"
    reverse = "vjp_" if prim.vjps else "vjp" if prim.vjp else ""
    if prim.linear:
        return f"linear + {reverse}" if reverse else "linear"
    forward = "jvp_" if prim.jvps else "jvp" if prim.jvp else ""
    return " + ".join(k for k in (reverse, forward) if k)


def batching(prim):
    """How vmap batches it: its own rule, broadcasting, or a loop."""
    if prim.batch is not None:
        return "batch rule"
    return "elementwise" if prim.elementwise else "loop"


_SPECIAL = re.compile(r"([\\*_|\[\]])")


def _cell(text):
    """Table-safe Markdown: code spans kept, other Markdown characters escaped."""
    parts = text.split("`")
    for k in range(0, len(parts), 2):  # even parts are outside code spans
        escaped = _SPECIAL.sub(r"\\\1", parts[k])
        parts[k] = escaped.replace("<", "&lt;").replace(">", "&gt;")
    for k in range(1, len(parts), 2):
        parts[k] = parts[k].replace("|", "&#124;")
    return "`".join(parts)


KIND_LEGEND = (
    "The *rule* column says how each primitive declares its derivative "
    "(see [Primitives](index.md)): `d_` elementwise partials, `vjp_`/`jvp_` "
    "per-argument reverse and forward rules, `vjp`/`jvp` one rule for all arguments, "
    "`linear` (the op is its own tangent map; only the transpose is written), "
    "`nondiff` (a constant to every transform). The *vmap* column says how "
    "`funcgrad.vmap` batches it: its own `batch rule`, `elementwise` broadcasting, "
    "or a `loop` over the batch.")


def family_page(family, prims):
    """The Markdown page of one family."""
    module = sys.modules.get(f"funcgrad.primitives.{family}")
    intro = (module.__doc__ or "").strip() if module else ""
    lines = [f"# {TITLES.get(family, family.capitalize())}", "",
             f"Declared in `primitives/{family}.py`; {len(prims)} primitive"
             f"{'s' if len(prims) != 1 else ''}. This page is generated from the "
             "registry on every build.", ""]
    if intro:
        lines += [_paragraphs(intro), ""]
    lines += [KIND_LEGEND, "", "| primitive | contract | rule | vmap |", "| --- | --- | --- | --- |"]
    for prim in prims:
        lines.append(f"| `{prim.name}` | {_cell(contract(prim)) or '—'} | "
                     f"`{rule_kind(prim)}` | {batching(prim)} |")
    return "\n".join(lines) + "\n"


def _paragraphs(doc):
    """A docstring's paragraphs as Markdown, each on one line; indented blocks as code."""
    out = []
    for para in doc.split("\n\n"):
        lines = para.splitlines()
        if lines and all(line.startswith("    ") for line in lines if line.strip()):
            out.append("```text\n" + "\n".join(line[4:] for line in lines) + "\n```")
        else:
            out.append(_prose_and_list(lines))
    return "\n\n".join(out)


_ITEM = re.compile(r"^\s*([*-]|\d+\.)\s+")


def _prose_and_list(lines):
    """Lines of one paragraph: leading prose, then a bullet list if items start with * or -."""
    blocks = []  # [is_item, words]
    for line in lines:
        item = _ITEM.match(line)
        if item or not blocks:
            blocks.append([bool(item), line[item.end():] if item else line])
        else:
            blocks[-1][1] += " " + line
    text = []
    for is_item, words in blocks:
        words = _escape_prose(" ".join(words.split()))
        text.append(("* " + words) if is_item else words)
    if len(text) > 1 and not blocks[0][0]:
        text[0] += "\n"  # a blank line between the prose and its list
    return "\n".join(text)


def _escape_prose(text):
    parts = text.split("`")
    for k in range(0, len(parts), 2):
        parts[k] = re.sub(r"([*_\[\]])", r"\\\1", parts[k]).replace("<", "&lt;")
    return "`".join(parts)


def pages():
    """{'primitives/<family>.md': markdown} for every family in the registry."""
    return {f"primitives/{family}.md": family_page(family, prims)
            for family, prims in families().items()}


def family_list():
    """A Markdown list linking each family page, with its size (for primitives/index.md)."""
    return "\n".join(f"- [{TITLES.get(family, family.capitalize())}]({family}.md): "
                     f"{len(prims)} primitives, " + ", ".join(f"`{p.name}`" for p in prims[:6])
                     + (", ..." if len(prims) > 6 else "")
                     for family, prims in families().items()) + "\n"


def nav_entries():
    """The nav entries of the generated pages: [{title: path}, ...]."""
    return [{TITLES.get(family, family.capitalize()): f"primitives/{family}.md"}
            for family in families()]


def main(out_dir="site-primitives"):
    out = Path(out_dir)
    for rel, text in pages().items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        print("wrote", target)


if __name__ == "__main__":
    main(*sys.argv[1:])
