"""Every registered primitive has a spec entry in some family's test module."""
import importlib
import pkgutil

import tests.primitives as family_tests
from funcgrad.primitive import registry


def covered_primitives():
    names = set()
    for info in pkgutil.iter_modules(family_tests.__path__):
        if info.name.startswith("test_") and info.name != "test_registry":
            module = importlib.import_module(f"tests.primitives.{info.name}")
            for spec in getattr(module, "SPECS", ()):
                names.update(spec.prims)
            names.update(getattr(module, "COVERED_ELSEWHERE", ()))
    return names


def test_every_primitive_has_a_spec():
    missing = sorted(set(registry) - covered_primitives())
    assert not missing, f"primitives with no spec entry: {missing}"
