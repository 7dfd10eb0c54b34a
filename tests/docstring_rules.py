"""Docstring rules shared by the docstring tests: what is public, and what it must say.

Issue 8 asks for a docstring on every public function and class (numpy style), and a
module docstring on every module. The functions here walk a namespace and return what
breaks a rule, so a test can assert the list is empty and name the offenders:

* `missing_docstrings(module)`: public objects of a module (its ``__all__``, or else its
  public names defined under funcgrad) and their public methods and properties (those of
  a class, or of the class of an exposed instance such as scipy.stats.norm) with no
  docstring of their own;
* `class_members(cls)`: a class's public methods and properties, its own and those of its
  funcgrad base classes, never those of object, tuple or other builtins;
* `numpy_style_problems(obj)`: a function of funcgrad's own API that takes parameters
  needs a ``Parameters`` section naming them, and a ``Returns`` (or ``Yields``) section
  unless it returns nothing (one taking none needs only its summary line);
* `see_also_problems(module, reference)`: a mirror of a numpy or scipy function ends
  with a ``See Also`` section naming it;
* `modules_without_docstring(*dirs)`: every ``.py`` file under the given directories
  must open with a module docstring.
"""
import ast
import functools
import inspect
import pathlib
import re
import textwrap
import types

__all__ = ["public_names", "public_objects", "class_members", "own_docstring",
           "missing_docstrings", "numpy_style_problems", "sections", "returns_nothing",
           "see_also_problems", "modules_without_docstring"]

_PROJECT_DIRS = re.compile(r".*/(funcgrad|primitives)/.+\.py$")   # source files of the project
_SKIP_BASES = (object, tuple, list, dict, set, frozenset, str, bytes, int, float,
               complex, BaseException, type)


def _defined_in_project(obj):
    """True for an object whose defining module is one of funcgrad's (or its op library)."""
    from funcgrad.primitive import Primitive
    if isinstance(obj, Primitive):
        return True
    code = getattr(obj, "__code__", None)
    if code is not None and _PROJECT_DIRS.match(pathlib.Path(code.co_filename).as_posix()):
        return True      # a functools.wraps wrapper carries the wrapped function's module
    module = getattr(obj, "__module__", None) or ""
    return module == "funcgrad" or module.startswith("funcgrad.")


def public_names(module):
    """The public names of a module: its ``__all__``, or else the public functions, classes
    and primitives the module defines itself (what it imports is documented where it is
    defined)."""
    declared = vars(module).get("__all__")    # not getattr: a module __getattr__ may answer
    if declared is not None:
        return list(declared)
    return [name for name, obj in vars(module).items()
            if not name.startswith("_") and not isinstance(obj, types.ModuleType)
            and callable(obj) and _defined_here(obj, module)]


def _defined_here(obj, module):
    """True for an object the module itself defines (not one it imports)."""
    from funcgrad.primitive import Primitive
    if isinstance(obj, Primitive):
        impl_module = getattr(obj.impl, "__module__", None)
        return impl_module == module.__name__
    code = getattr(obj, "__code__", None)
    if code is not None and getattr(module, "__file__", None):
        return pathlib.Path(code.co_filename).resolve() == pathlib.Path(module.__file__).resolve()
    return getattr(obj, "__module__", None) == module.__name__


def public_objects(module, names=None):
    """(qualified name, object) for every public function, class or primitive of a module
    (or for the given `names` of it).

    Constants, modules and objects defined outside funcgrad (a dtype re-exported from
    numpy) are skipped: they are documented where they come from."""
    out = []
    for name in public_names(module) if names is None else names:
        obj = getattr(module, name)
        if isinstance(obj, types.ModuleType) or not callable(obj):
            continue
        if not _defined_in_project(obj):
            continue
        out.append((f"{module.__name__}.{name}", obj))
    return out


def _member_function(value):
    """The function (or property) a class attribute documents, or None for data."""
    if isinstance(value, (staticmethod, classmethod)):
        return value.__func__
    if isinstance(value, (property, functools.cached_property)):
        return value
    if isinstance(value, (types.FunctionType, functools.partialmethod)):
        return value
    return None


def class_members(cls):
    """(name, defining class, function or property) for a class's public methods and
    properties: its own and those its funcgrad base classes define, never those of
    object, tuple or other builtins (their docs are Python's)."""
    seen, out = set(), []
    for klass in cls.__mro__:
        if klass in _SKIP_BASES or klass.__module__ == "builtins":
            continue
        if not _defined_in_project(klass):
            continue
        fields = getattr(klass, "__dataclass_fields__", {})   # defaults, not methods
        for name, value in vars(klass).items():
            if name.startswith("_") or name in seen or name in fields:
                continue
            member = _member_function(value)
            if member is None:
                continue
            seen.add(name)
            out.append((name, klass, member))
    return out


def own_docstring(obj):
    """An object's own docstring, stripped; "" if it has none.

    Nothing is inherited (a method overriding a documented one still needs its own), and a
    docstring copied verbatim by functools.wraps from a wrapped numpy function does not
    count: it documents numpy's function, not what funcgrad's differs in."""
    if isinstance(obj, property):
        doc = obj.__doc__ or (obj.fget.__doc__ if obj.fget else None)
    elif isinstance(obj, functools.cached_property):
        doc = obj.__doc__ or obj.func.__doc__
    else:
        doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    if not isinstance(doc, str):
        return ""
    wrapped = getattr(obj, "__wrapped__", None)
    if wrapped is not None and doc == getattr(wrapped, "__doc__", None) \
            and not _defined_in_project(wrapped):
        return ""
    return inspect.cleandoc(doc)


def missing_docstrings(module, names=None):
    """Qualified names of the public objects of `module` (or of its given `names`), and of
    the public methods and properties of its public classes, that have no docstring of
    their own."""
    missing = []
    for qualname, obj in public_objects(module, names):
        if not own_docstring(obj):
            missing.append(qualname)
        for name, klass, member in class_members(_class_of(obj)) if _class_of(obj) else ():
            if not own_docstring(member):
                missing.append(f"{klass.__module__}.{klass.__qualname__}.{name}")
    return sorted(set(missing))


def _class_of(obj):
    """The class whose members document obj: obj itself if it is a class, the class of an
    instance funcgrad exposes as an object with methods (scipy.stats.norm), else None."""
    from funcgrad.primitive import Primitive
    if isinstance(obj, type):
        return obj
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType, functools.partial,
                        Primitive)):
        return None
    return type(obj) if _defined_in_project(type(obj)) else None


_SECTION = re.compile(r"^(\w[\w ]*)\n-{3,}\s*$", re.M)


def sections(doc):
    """{section title: body} of a numpy-style docstring (the summary is not a section)."""
    doc = inspect.cleandoc(doc)
    found = list(_SECTION.finditer(doc))
    out = {}
    for k, m in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(doc)
        out[m.group(1).strip()] = textwrap.dedent(doc[m.end():end]).strip("\n")
    return out


def _documented_parameters(body):
    """Names a Parameters section documents: the unindented lines ``name : type``."""
    names = []
    for line in body.splitlines():
        if not line or line[0].isspace():
            continue
        head = line.split(":", 1)[0]
        names += [n.strip().lstrip("*") for n in head.split(",") if n.strip()]
    return names


def _function_node(func):
    """The ast node of a function's definition, or None when its source is unavailable."""
    try:
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node
    return None


def returns_nothing(func):
    """True when a function's body has no ``return value`` and no ``yield`` (nested
    functions and classes aside); False when it does or its source is unavailable."""
    node = _function_node(inspect.unwrap(func))
    if node is None:
        return False
    todo = list(node.body)
    while todo:
        stmt = todo.pop()
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(stmt, ast.Return) and stmt.value is not None:
            if not (isinstance(stmt.value, ast.Constant) and stmt.value.value is None):
                return False
        if isinstance(stmt, (ast.Yield, ast.YieldFrom)):
            return False
        todo.extend(ast.iter_child_nodes(stmt))
    return True


def _signature_parameters(obj):
    """(named parameters, has *args or **kwargs) of a function, or of a class's constructor
    when funcgrad defines it (an exception's or a plain object's takes nothing of note)."""
    target = obj
    if isinstance(obj, type):
        maker = next(k for k in obj.__mro__ if "__init__" in vars(k) or "__new__" in vars(k))
        if maker.__module__ == "builtins" or not _defined_in_project(maker):
            return [], False
    try:
        params = list(inspect.signature(target).parameters.values())
    except (TypeError, ValueError):
        return [], False
    if params and params[0].name in ("self", "cls"):
        params = [p for p in params if p.name not in ("self", "cls")]
    named = [p.name for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    return named, any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params)


def numpy_style_problems(obj, name=None):
    """What keeps an API object's docstring from being numpy style, as a list of strings.

    A function (or a class, through its __init__) taking parameters needs a
    ``Parameters`` section that documents each named parameter and nothing that is not in
    its signature, and, if it returns a value, a ``Returns`` section (or ``Yields`` for a
    generator or context manager). Properties and functions taking no parameters need only
    a summary line."""
    name = name or getattr(obj, "__qualname__", repr(obj))
    doc = own_docstring(obj)
    if not doc:
        return [f"{name}: no docstring"]
    problems = []
    if doc.splitlines()[0].strip() == "" or _SECTION.match(doc):
        problems.append(f"{name}: the docstring does not open with a summary line")
    if isinstance(obj, property):
        return problems
    found = sections(doc)
    if isinstance(obj, type) and "Parameters" not in found and obj.__init__ is not object.__init__:
        init_doc = own_docstring(obj.__init__)
        if init_doc:
            found = {**sections(init_doc), **found}
    named, variadic = _signature_parameters(obj)
    issubclass_tuple = isinstance(obj, type) and issubclass(obj, tuple)
    if named or variadic:
        if "Parameters" not in found and issubclass_tuple and "Attributes" in found:
            found["Parameters"] = found["Attributes"]      # a namedtuple's fields
        if "Parameters" not in found:
            problems.append(f"{name}: takes parameters {named} but has no Parameters section")
        else:
            documented = _documented_parameters(found["Parameters"])
            extra = [p for p in documented if p not in named and not variadic]
            undocumented = [p for p in named if p not in documented]
            if extra:
                problems.append(f"{name}: Parameters documents {extra}, not in its signature")
            if undocumented:
                problems.append(f"{name}: Parameters does not document {undocumented}")
    if (named or variadic) and not isinstance(obj, type) and not returns_nothing(obj):
        if not {"Returns", "Yields"} & set(found):
            problems.append(f"{name}: returns a value but has no Returns section")
    return problems


def see_also_problems(module, reference, prefixes=("numpy.", "scipy.")):
    """Mirrors of a numpy or scipy module whose docstring has no See Also naming one.

    Every public callable of `module` (functions, primitives, distribution objects) whose
    name `reference` (numpy, numpy.linalg, scipy.special...) also has must end with a
    ``See Also`` section naming a function of numpy or scipy (``numpy.sum``); the other
    names are funcgrad's own and are not checked.

    Returns
    -------
    list of str
        The qualified names of the mirrors breaking the rule.
    """
    problems = []
    for qualname, obj in public_objects(module):
        if not hasattr(reference, qualname.rsplit(".", 1)[1]):
            continue
        entry = sections(own_docstring(obj) or (type(obj).__doc__ or "")).get("See Also", "")
        if not any(prefix in entry for prefix in prefixes):
            problems.append(qualname)
    return problems


def modules_without_docstring(*directories, exclude=()):
    """Paths of the ``.py`` files under the directories whose source opens with no module
    docstring. `exclude` holds path fragments (``"tensors/"``) to leave to others."""
    missing = []
    for directory in directories:
        for path in sorted(pathlib.Path(directory).rglob("*.py")):
            text = str(path.as_posix())
            if any(fragment in text for fragment in exclude):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            if ast.get_docstring(tree) is None:
                missing.append(text)
    return missing
