"""Static checks of backend neutrality: who may import or name the array libraries.

* No module of primitives/ imports numpy, cupy, scipy or cupyx (at any level, also
  inside functions): a primitive computes with the array module `xp` it is given and
  finds scipy's functions through `funcgrad.backend.routine`.
* In the engine (funcgrad/), only funcgrad/backend.py names cupy or cupyx in code (an
  import, a name, or a module-name string); the exceptions are listed with a reason.
* The transform machinery (tracing, tape, transforms/, debug) imports no array library
  at all: it makes arrays with the values' own module.
Docstrings, comments and messages may mention cupy freely.
"""
import ast
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARRAY_LIBRARIES = {"numpy", "cupy", "scipy", "cupyx"}
CUPY_NAMES = {"cupy", "cupyx"}
CUPY_MODULE_STRING = re.compile(r"^cupyx?(\.\w+)*$")

# engine modules allowed to name cupy in code, and why
CUPY_EXCEPTIONS = {
    "funcgrad/backend.py": "the backend layer: registers cupy and cupyx's routines",
    "funcgrad/selfcheck/run.py": "reports whether cupy is installed (find_spec) without "
                                 "importing it, to explain a skipped GPU check",
}


# the engine core: no array library import at all (exceptions listed with a reason)
CORE = ["funcgrad/tracing.py", "funcgrad/tape.py", "funcgrad/debug.py", "funcgrad/tree.py",
        "funcgrad/primitive.py", *sorted(str(p.relative_to(ROOT)) for p in
                                         (ROOT / "funcgrad/transforms").glob("*.py"))]
CORE_EXCEPTIONS = {
    "funcgrad/primitive.py": "bind's eager fast path hands numpy itself to impl when no "
                             "other backend is registered (one list read per op)",
}


def _modules(folder):
    return sorted((ROOT / folder).rglob("*.py"))


def _imported_roots(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module.split(".")[0]


def _docstring_nodes(tree):
    """The string constants that are docstrings (module, class, function)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _cupy_mentions(tree):
    """(line, what) for each place the code names cupy or cupyx."""
    docstrings = _docstring_nodes(tree)
    for lineno, root in _imported_roots(tree):
        if root in CUPY_NAMES:
            yield lineno, f"imports {root}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in CUPY_NAMES:
            yield node.lineno, f"uses the name {node.id}"
        elif isinstance(node, ast.Attribute) and node.attr in CUPY_NAMES:
            yield node.lineno, f"uses the attribute .{node.attr}"
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in docstrings and CUPY_MODULE_STRING.match(node.value)):
            yield node.lineno, f"the module name string {node.value!r}"


@pytest.mark.parametrize("path", _modules("primitives"), ids=lambda p: p.name)
def test_primitives_never_import_an_array_library(path):
    tree = ast.parse(path.read_text(), str(path))
    bad = [(line, root) for line, root in _imported_roots(tree) if root in ARRAY_LIBRARIES]
    assert not bad, (f"{path.relative_to(ROOT)} imports {bad}: use the xp argument of impl, "
                     f"or funcgrad.backend.routine for scipy's functions")


def test_the_primitive_folder_is_checked():
    names = {p.name for p in _modules("primitives")}
    assert {"arithmetic.py", "linalg.py", "special.py", "scipy_linalg.py"} <= names


def test_only_the_backend_layer_names_cupy():
    offenders = {}
    for path in _modules("funcgrad"):
        rel = path.relative_to(ROOT).as_posix()
        mentions = list(_cupy_mentions(ast.parse(path.read_text(), rel)))
        if mentions and rel not in CUPY_EXCEPTIONS:
            offenders[rel] = mentions
    assert not offenders, f"modules naming cupy outside funcgrad/backend.py: {offenders}"


def test_the_backend_layer_is_where_cupy_is_named():
    tree = ast.parse((ROOT / "funcgrad/backend.py").read_text())
    assert list(_cupy_mentions(tree)), "the check would pass vacuously"


def test_the_scan_catches_each_way_of_naming_cupy():
    code = ('"""Docs may say cupy."""\nimport cupy\nfrom cupyx import scatter_add\n'
            'x = sys.modules["cupy"]\ny = cupyx.scipy\nz = m.cupy\n')
    whats = [what for _, what in _cupy_mentions(ast.parse(code))]
    assert whats.count("imports cupy") == 1 and "imports cupyx" in whats
    assert "the module name string 'cupy'" in whats
    assert "uses the name cupyx" in whats and "uses the attribute .cupy" in whats
    assert len(whats) == 5


@pytest.mark.parametrize("rel", CORE)
def test_the_transform_machinery_imports_no_array_library(rel):
    tree = ast.parse((ROOT / rel).read_text(), rel)
    roots = {root for _, root in _imported_roots(tree)} & ARRAY_LIBRARIES
    allowed = {"numpy"} if rel in CORE_EXCEPTIONS else set()
    assert roots <= allowed, f"{rel} imports {sorted(roots - allowed)}"
