"""mkdocs hooks: the pages generated at build time.

* one page per primitive family, from the registry (docs/gen_primitives.py), with
  their entries put into the "Primitives" section of the nav and listed at the end
  of primitives/index.md;
* the index of every name of funcgrad.numpy (docs/gen_namespace.py), at the end of
  api/numpy.md, and of every Tensor method and property (docs/gen_tensor_api.py), at the
  end of api/tensor.md;
* the Tensor facade's API page, which documents `funcgrad.Tensor` once
  `funcgrad.tensor` exists and says it is on its way until then;
* a placeholder for docs/benchmarks.md while the benchmark report has not been
  generated yet, so the nav entry always resolves.

Generated pages live only in the built site; nothing is written into docs/.
"""
import sys
from pathlib import Path

from mkdocs.structure.files import File

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS))

import gen_namespace  # noqa: E402
import gen_primitives  # noqa: E402
import gen_tensor_api  # noqa: E402

PRIMITIVES_SECTION = "Primitives"

TENSOR_API = """# funcgrad.Tensor

The PyTorch-style facade: `funcgrad.tensor(...)` makes a `Tensor`, whose
operations record the graph that `backward()` walks. The
[imperative tutorial](../tutorial/imperative.md) introduces it.

::: funcgrad.Tensor
    options:
      show_root_heading: true
      members_order: alphabetical
      filters: ["!^_"]

::: funcgrad.autograd
    options:
      show_root_heading: true
      show_submodules: false

::: funcgrad.autograd.function.Function
    options:
      show_root_heading: true

::: funcgrad.autograd.function.FunctionCtx
    options:
      show_root_heading: true

::: funcgrad.autograd.gradcheck
    options:
      show_root_heading: true

::: funcgrad.autograd.graph.Node
    options:
      show_root_heading: true

::: funcgrad.autograd.graph.RemovableHandle
    options:
      show_root_heading: true

::: funcgrad.autograd.functional
    options:
      show_root_heading: true

::: funcgrad.nn
    options:
      show_root_heading: true
      show_submodules: false

::: funcgrad.nn.functional
    options:
      show_root_heading: true
"""

TENSOR_PENDING = """# funcgrad.Tensor

The PyTorch-style facade (`funcgrad.tensor`, `Tensor.backward`, `funcgrad.autograd`)
is not part of this build of funcgrad yet. This page documents it from its
docstrings as soon as `funcgrad.tensor` exists; until then the
[imperative tutorial](../tutorial/imperative.md) shows what it will look like.
"""

BENCHMARKS_PENDING = """# Benchmarks

The benchmark report (funcgrad against PyTorch and HIPS autograd on the same
programs) is generated into this page by the benchmark suite in `benchmarks/`.
It has not been generated in this checkout yet.
"""


def have_tensor_facade():
    """True when `funcgrad.tensor` exists (the facade is importable)."""
    try:
        import funcgrad
    except ImportError:
        return False
    return hasattr(funcgrad, "tensor") and hasattr(funcgrad, "Tensor")


def on_config(config):
    """Fill the Primitives section of the nav with one entry per family."""
    for entry in config["nav"] or []:
        if isinstance(entry, dict) and PRIMITIVES_SECTION in entry:
            overview = [e for e in entry[PRIMITIVES_SECTION] if e == "primitives/index.md"
                        or (isinstance(e, dict) and "primitives/index.md" in e.values())]
            entry[PRIMITIVES_SECTION] = overview + gen_primitives.nav_entries()
    return config


def on_files(files, config):
    """Add the generated pages to the site's files."""
    generated = dict(gen_primitives.pages())
    generated["api/tensor.md"] = TENSOR_API if have_tensor_facade() else TENSOR_PENDING
    if files.get_file_from_path("benchmarks.md") is None:
        generated["benchmarks.md"] = BENCHMARKS_PENDING
    for path, text in generated.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=text))
    return files


def on_page_markdown(markdown, page, config, files):
    """Append the list of families to the primitives overview, the name indexes to
    api/numpy.md and api/tensor.md."""
    if page.file.src_uri == "primitives/index.md":
        return markdown.rstrip() + "\n\n" + gen_primitives.family_list()
    if page.file.src_uri == "api/numpy.md":
        return markdown.rstrip() + "\n\n" + gen_namespace.tables()
    if page.file.src_uri == "api/tensor.md" and have_tensor_facade():
        return markdown.rstrip() + "\n\n" + gen_tensor_api.tables()
    return markdown
