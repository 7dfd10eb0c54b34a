"""Docstrings of the functional core and the op library (issue 8), checked module by module.

Every module under funcgrad/ and primitives/ opens with a docstring; every public function,
class, primitive, method and property has one of its own; funcgrad's own API (transforms,
pytrees, testing, viz, debug, jit, backend, the tape) is documented numpy style, so the API
pages render Parameters and Returns, and its examples run; mirrors of numpy and scipy
functions name the function they mirror in a See Also section. The Tensor facade's
modules are checked by tests/tensor's own docstring test. The rules live in
tests/docstring_rules.py.
"""
import doctest
import functools
import importlib
import pathlib

import pytest

from tests import docstring_rules as rules

ROOT = pathlib.Path(__file__).resolve().parent.parent
# the Tensor facade's modules: tests/tensor/test_docstrings.py checks them
FACADE = ("funcgrad/tensors/", "funcgrad/autograd/", "funcgrad/nn/", "funcgrad/utils/",
          "funcgrad/_facade_namespace.py", "funcgrad/_tensor_str.py", "funcgrad/_dtypes.py",
          "funcgrad/cuda.py")

# funcgrad's own top-level names (the rest of its namespace is the Tensor facade)
FUNCTIONAL_NAMES = ["grad", "value_and_grad", "vjp", "jvp", "linearize", "jacrev", "jacfwd",
                    "jacobian", "hessian", "hvp", "vmap", "custom_vjp", "custom_jvp",
                    "checkpoint", "stop_gradient", "make_tape", "Tape", "tree_map",
                    "tree_flatten", "tree_unflatten", "debug_nans", "set_debug_nans", "jit"]


def _module_names():
    """Import names of the modules under funcgrad/ (the facade aside) and primitives/."""
    names = []
    for folder, package in (("funcgrad", "funcgrad"), ("primitives", "funcgrad.primitives")):
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if any(relative.startswith(f) for f in FACADE):
                continue
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            names.append(".".join([package, *parts]))
    return names


# every module: "funcgrad" itself stands for its FUNCTIONAL_NAMES (the rest of its
# namespace is the facade's); funcgrad.numpy's names are checked in its family modules
MODULES = [m for m in _module_names() if m != "funcgrad"]

# funcgrad's own API: numpy style with Parameters and Returns (grows as above);
# "funcgrad" stands for its FUNCTIONAL_NAMES
NUMPY_STYLE = ["funcgrad", "funcgrad.transforms.api", "funcgrad.transforms.custom",
               "funcgrad.transforms.batching", "funcgrad.tape", "funcgrad.tree",
               "funcgrad.testing", "funcgrad.viz", "funcgrad.debug", "funcgrad.backend",
               "funcgrad.jit", "funcgrad.jit.api", "funcgrad.primitive", "funcgrad.tracing",
               "funcgrad.transforms.interpreters", "funcgrad.transforms.rules"]


# funcgrad's mirrors of numpy and scipy: (module, the module it mirrors)
MIRRORS = [("funcgrad.numpy._core", "numpy"), ("funcgrad.numpy._select", "numpy"),
           ("funcgrad.numpy._reduce", "numpy"), ("funcgrad.numpy._reshape", "numpy"),
           ("funcgrad.numpy._values", "numpy"),
           ("funcgrad.numpy._scans", "numpy"), ("funcgrad.numpy._products", "numpy"),
           ("funcgrad.numpy._shape", "numpy"), ("funcgrad.numpy._poly", "numpy"),
           ("funcgrad.numpy.linalg", "numpy.linalg"), ("funcgrad.numpy.fft", "numpy.fft"),
           ("funcgrad.scipy.special", "scipy.special"), ("funcgrad.scipy.stats", "scipy.stats"),
           ("funcgrad.scipy.linalg", "scipy.linalg")]


def _style_exempt(klass):
    """Tracers and traces mirror ndarray or run the interpreters: one-line docstrings do."""
    from funcgrad.tracing import Trace, Tracer
    return issubclass(klass, (Trace, Tracer))


def test_the_module_list_is_complete():
    """Modules are found on disk, so a new module is checked without being listed."""
    assert {"funcgrad.transforms.api", "funcgrad.numpy._core", "funcgrad.jit.passes.cse",
            "funcgrad.primitives.linalg", "funcgrad.scipy.stats"} <= set(MODULES)


def test_every_module_has_a_module_docstring():
    missing = rules.modules_without_docstring(ROOT / "funcgrad", ROOT / "primitives",
                                              exclude=FACADE)
    assert not missing, f"modules with no docstring saying what they are for: {missing}"


@pytest.mark.parametrize("module_name", MODULES)
def test_public_objects_have_docstrings(module_name):
    module = importlib.import_module(module_name)
    missing = rules.missing_docstrings(module)
    assert not missing, "no docstring: " + ", ".join(missing)


def test_functional_names_of_funcgrad_have_docstrings():
    import funcgrad
    missing = rules.missing_docstrings(funcgrad, FUNCTIONAL_NAMES)
    assert not missing, "no docstring: " + ", ".join(missing)


@pytest.mark.parametrize("module_name", NUMPY_STYLE)
def test_api_docstrings_are_numpy_style(module_name):
    module = importlib.import_module(module_name)
    names = FUNCTIONAL_NAMES if module_name == "funcgrad" else None
    problems = []
    for qualname, obj in rules.public_objects(module, names):
        if isinstance(obj, type) and _style_exempt(obj):
            continue
        problems += rules.numpy_style_problems(obj, qualname)
        if isinstance(obj, type):
            for name, klass, member in rules.class_members(obj):
                problems += rules.numpy_style_problems(member, f"{klass.__qualname__}.{name}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("module_name, reference", MIRRORS)
def test_mirrors_name_what_they_mirror(module_name, reference):
    """A mirror of a numpy or scipy function says so in a See Also section."""
    module = importlib.import_module(module_name)
    missing = rules.see_also_problems(module, importlib.import_module(reference))
    assert not missing, "no See Also naming numpy's or scipy's function: " + ", ".join(missing)


@pytest.mark.parametrize("module_name", NUMPY_STYLE)
def test_api_examples_run(module_name):
    """The Examples sections are doctests: what they show is what the code prints."""
    module = importlib.import_module(module_name)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    report = []
    for test in doctest.DocTestFinder().find(module):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


# ---- the rules themselves -------------------------------------------------------------

def _documented(x, axis=None):
    """Sum x.

    Parameters
    ----------
    x : array
        The values.
    axis : int, optional
        Where to sum.

    Returns
    -------
    array
        The sum.
    """
    return x


def _no_sections(x):
    """Sum x."""
    return x


def _wrong_parameter(x):
    """Sum x.

    Parameters
    ----------
    y : array
        Not an argument.
    """
    print(x)


def test_rules_accept_a_numpy_style_docstring():
    assert rules.numpy_style_problems(_documented) == []


def test_rules_want_parameters_and_returns_sections():
    problems = rules.numpy_style_problems(_no_sections)
    assert any("no Parameters section" in p for p in problems)
    assert any("no Returns section" in p for p in problems)


def test_rules_name_parameters_not_in_the_signature():
    problems = rules.numpy_style_problems(_wrong_parameter)
    assert any("['y'], not in its signature" in p for p in problems)
    assert any("does not document ['x']" in p for p in problems)
    assert not any("Returns" in p for p in problems)      # it returns nothing


def test_rules_do_not_count_a_docstring_copied_from_numpy():
    import numpy
    copied = functools.wraps(numpy.sum)(lambda *a, **k: numpy.sum(*a, **k))
    assert rules.own_docstring(copied) == ""


def test_rules_report_class_members_without_docstrings():
    import types
    module = types.ModuleType("funcgrad.fake")
    exec("class Thing:\n    '''A thing.'''\n    def size(self): return 1\n"
         "    @property\n    def shape(self):\n        '''Its shape.'''\n        return ()\n",
         vars(module))
    module.__all__ = ["Thing"]
    assert rules.missing_docstrings(module) == ["funcgrad.fake.Thing.size"]


def test_rules_find_a_module_without_docstring(tmp_path):
    (tmp_path / "documented.py").write_text('"""What it is for."""\nx = 1\n')
    (tmp_path / "bare.py").write_text("x = 1\n")
    assert rules.modules_without_docstring(tmp_path) == [(tmp_path / "bare.py").as_posix()]


def test_rules_want_mirrors_to_name_numpy_in_see_also():
    import types
    module = types.ModuleType("funcgrad.fake_numpy")
    exec("def sum(a):\n    '''Sum, differentiable.\n\n    See Also\n"
         "    --------\n    numpy.sum\n    '''\n"
         "def cumsum(a):\n    '''Cumulative sum, differentiable.'''\n"
         "def softplus(x):\n    '''Not in numpy: not a mirror.'''\n", vars(module))
    module.__all__ = ["sum", "cumsum", "softplus"]
    import numpy
    assert rules.see_also_problems(module, numpy) == ["funcgrad.fake_numpy.cumsum"]
