"""Docstrings of the Tensor facade (issue 8), checked area by area.

Every module of the facade opens with a docstring. Every public method and property of
`funcgrad.Tensor`, every facade function and class of the `funcgrad` namespace (factories,
math, dtypes, device, Size...), every public name of `funcgrad.autograd` and its submodules,
of `funcgrad.nn` and `funcgrad.nn.functional` has a docstring of its own, numpy style
(a Parameters section naming exactly the parameters, a Returns section when it returns a
value). The graph nodes (`tensor.grad_fn`) document their public methods. The examples in
these docstrings run and print what they show. The rules live in tests/docstring_rules.py.
"""
import ast
import doctest
import importlib
import pathlib
import re

import pytest

import funcgrad
from funcgrad import _facade_namespace
from funcgrad.autograd import graph
from tests import docstring_rules as rules

ROOT = pathlib.Path(__file__).resolve().parents[2]
FACADE_DIRS = ["funcgrad/tensors", "funcgrad/autograd", "funcgrad/nn"]
FACADE_FILES = ["funcgrad/_facade_namespace.py", "funcgrad/_tensor_str.py", "funcgrad/_dtypes.py"]

AUTOGRAD_MODULES = ["funcgrad.autograd", "funcgrad.autograd._api", "funcgrad.autograd.engine",
                    "funcgrad.autograd.function", "funcgrad.autograd.functional",
                    "funcgrad.autograd.grad_mode", "funcgrad.autograd.gradcheck",
                    "funcgrad.autograd.graph", "funcgrad.autograd.anomaly_mode",
                    "funcgrad.autograd.variable"]
NN_MODULES = ["funcgrad.nn", "funcgrad.nn.functional", "funcgrad.nn.parameter",
              "funcgrad.nn.modules"]
OTHER_MODULES = ["funcgrad._dtypes", "funcgrad._tensor_str", "funcgrad.cuda"]

# the classes of tensor.grad_fn: their module is "builtins" (PyTorch's reprs), so the
# shared rules skip them; their public methods are checked here
NODE_CLASSES = [graph.Node, graph.PrimNode, graph.RuleNode, graph.TapeNode, graph.ViewNode,
                graph.CopySlices, graph.CopyBackwards, graph.AccumulateGrad]


def _problems(qualname, obj):
    """Missing docstring or numpy-style problems of one function, class or property.

    A class made by ``__new__`` (Tensor, Variable) may document its parameters there
    rather than in the class docstring, which griffe checks against ``__init__``."""
    if not rules.own_docstring(obj):
        return [f"{qualname}: no docstring"]
    if isinstance(obj, type) and _made_by_new(obj) \
            and "Parameters" not in rules.sections(rules.own_docstring(obj)):
        return rules.numpy_style_problems(obj.__new__, f"{qualname}.__new__")
    return rules.numpy_style_problems(obj, qualname)


def _made_by_new(cls):
    """Whether the funcgrad class that builds instances of `cls` defines __new__ but no
    __init__ (a tuple subclass such as Size is built by tuple: nothing to document)."""
    maker = next(k for k in cls.__mro__ if "__init__" in vars(k) or "__new__" in vars(k))
    return maker.__module__.startswith("funcgrad") and "__new__" in vars(maker) \
        and "__init__" not in vars(maker)


def _module_problems(module):
    """Problems of a module's public objects and of their classes' public members."""
    problems = []
    for qualname, obj in rules.public_objects(module):
        problems += _problems(qualname, obj)
        if isinstance(obj, type):
            for name, klass, member in rules.class_members(obj):
                problems += _problems(f"{klass.__qualname__}.{name}", member)
    return sorted(set(problems))


def _namespace_objects():
    """(name, object) for the callables `funcgrad` exports for the facade."""
    out = []
    for qualname, obj in rules.public_objects(_facade_namespace, _facade_namespace.__all__):
        out.append((qualname.replace("funcgrad._facade_namespace", "funcgrad"), obj))
    return out


def test_every_facade_module_has_a_module_docstring():
    missing = rules.modules_without_docstring(*(ROOT / d for d in FACADE_DIRS))
    for path in FACADE_FILES:
        if ast.get_docstring(ast.parse((ROOT / path).read_text(encoding="utf-8"))) is None:
            missing.append(path)
    assert missing == []


def test_tensor_methods_and_properties_are_documented_numpy_style():
    problems = []
    for name, klass, member in rules.class_members(funcgrad.Tensor):
        problems += _problems(f"Tensor.{name}", member)
    assert problems == []


def test_tensor_covers_the_generated_methods():
    """The loop-made methods are among those checked, and help() shows their own text."""
    names = {name for name, _, _ in rules.class_members(funcgrad.Tensor)}
    assert {"sin", "exp_", "add_", "eq", "double", "new_zeros", "tril", "T", "real"} <= names
    assert "Sine" in funcgrad.Tensor.sin.__doc__
    assert "``CosBackward0``" in funcgrad.Tensor.cos.__doc__
    assert funcgrad.Tensor.sin.__doc__ != funcgrad.Tensor.cos.__doc__
    assert "In-place `exp`" in funcgrad.Tensor.exp_.__doc__


def test_namespace_functions_and_classes_are_documented_numpy_style():
    problems = []
    for qualname, obj in _namespace_objects():
        problems += _problems(qualname, obj)
        if isinstance(obj, type) and obj is not funcgrad.Tensor:
            for name, klass, member in rules.class_members(obj):
                problems += _problems(f"{qualname}.{name}", member)
    assert problems == []


def test_namespace_functions_document_their_input():
    """funcgrad.sin(input) documents `input`, which the method form calls self."""
    doc = rules.sections(funcgrad.sin.__doc__)
    assert doc["Parameters"].startswith("input : Tensor")
    assert "SinBackward0" in funcgrad.sin.__doc__


@pytest.mark.parametrize("name", AUTOGRAD_MODULES + NN_MODULES + OTHER_MODULES)
def test_module_public_names_are_documented_numpy_style(name):
    assert _module_problems(importlib.import_module(name)) == []


def _tensor_package_modules():
    """Import names of the modules of funcgrad/tensors/."""
    folder = ROOT / "funcgrad" / "tensors"
    return sorted("funcgrad.tensors" + ("" if p.stem == "__init__" else "." + p.stem)
                  for p in folder.glob("*.py"))


@pytest.mark.parametrize("name", _tensor_package_modules())
def test_tensor_package_helpers_have_docstrings(name):
    """The facade's internal modules: every public function and class says what it does."""
    assert rules.missing_docstrings(importlib.import_module(name)) == []


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda c: c.__name__)
def test_graph_node_methods_are_documented(cls):
    missing = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        member = value.fget if isinstance(value, property) else value
        if callable(member) and not (value.__doc__ or member.__doc__ or "").strip():
            missing.append(f"{cls.__name__}.{name}")
    assert rules.own_docstring(cls)
    assert missing == []


def _documented_objects():
    """Every object whose docstring the tests above check, for running their examples."""
    objects = [(f"Tensor.{name}", member)
               for name, _, member in rules.class_members(funcgrad.Tensor)]
    objects += _namespace_objects()
    for name in AUTOGRAD_MODULES + NN_MODULES + OTHER_MODULES:
        module = importlib.import_module(name)
        for qualname, obj in rules.public_objects(module):
            objects.append((qualname, obj))
            if isinstance(obj, type):
                objects += [(f"{qualname}.{n}", m) for n, _, m in rules.class_members(obj)]
    for cls in NODE_CLASSES:
        objects += [(f"{cls.__name__}.{n}", v) for n, v in vars(cls).items()
                    if not n.startswith("_") and callable(v)]
    return objects


def _resolve(dotted):
    """The object a dotted name such as ``funcgrad.numpy.linalg.norm`` names, or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr, None)
        return obj
    return None


def test_see_also_sections_name_real_objects():
    unknown = set()
    for qualname, obj in _documented_objects():
        see_also = rules.sections(rules.own_docstring(obj)).get("See Also", "")
        for name in re.findall(r"^(funcgrad[\w.]*)", see_also, re.M):
            if _resolve(name) is None:
                unknown.add(f"{qualname}: {name}")
    assert sorted(unknown) == []


def _examples():
    """{name: DocTest} for the documented objects whose docstrings hold examples."""
    parser, tests = doctest.DocTestParser(), {}
    for qualname, obj in _documented_objects():
        doc = rules.own_docstring(obj)
        if ">>>" in doc and doc not in {t.docstring for t in tests.values()}:
            tests[qualname] = parser.get_doctest(doc, {}, qualname, None, 0)
    return tests


EXAMPLES = _examples()


def test_the_autograd_api_has_examples():
    from funcgrad.autograd import functional
    api = [funcgrad.Tensor.backward, funcgrad.Tensor.register_hook, funcgrad.Tensor.retain_grad,
           funcgrad.autograd.backward, funcgrad.autograd.grad, funcgrad.autograd.Function,
           funcgrad.no_grad, funcgrad.enable_grad, funcgrad.set_grad_enabled,
           funcgrad.inference_mode, funcgrad.autograd.detect_anomaly, funcgrad.autograd.gradcheck,
           functional.jacobian, functional.hessian, functional.vjp, functional.jvp,
           functional.hvp, functional.vhp, funcgrad.nn.Parameter, funcgrad.nn.functional.linear]
    assert [f for f in api if ">>>" not in rules.own_docstring(f)] == []


@pytest.fixture
def restored_global_state():
    """Examples seed the generator, set the default dtype or print options: undo that."""
    generator = funcgrad.default_generator.get_state()
    dtype, options = funcgrad.get_default_dtype(), funcgrad.get_printoptions()
    yield
    funcgrad.default_generator.set_state(generator)
    funcgrad.set_default_dtype(dtype)
    funcgrad.set_printoptions(**options)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_docstring_examples_run(name, restored_global_state):
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report = []
    result = runner.run(EXAMPLES[name], out=report.append)
    assert result.failed == 0, "".join(report)
