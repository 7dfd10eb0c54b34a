"""The module protocol of funcgrad's namespaces: star-imports, submodules, pytrees' errors."""
import numpy as np
import pytest

import funcgrad.numpy as fnp
import funcgrad.scipy.special
from funcgrad import tree


def test_star_import_gives_funcgrads_functions_and_numpys_constants():
    names = {}
    exec("from funcgrad.numpy import *", names)
    for name in ("sigmoid", "stop_gradient", "softplus", "sum", "pi", "float32", "linalg"):
        assert name in names, name
    assert names["sum"] is fnp.sum


@pytest.mark.parametrize("module", [fnp, fnp.fft, fnp.linalg, funcgrad.scipy.special])
def test_module_protocol_names_are_not_borrowed_from_numpy(module):
    for dunder in ("__wrapped__", "__version__"):
        assert not hasattr(module, dunder), (module.__name__, dunder)
    for path in getattr(module, "__path__", []):        # a package's own, never numpy's
        assert "funcgrad" in path, (module.__name__, path)


def test_other_numpy_fft_names_run_on_plain_values():
    np.testing.assert_allclose(fnp.fft.fftfreq(4), np.fft.fftfreq(4))


def test_unflatten_with_too_few_leaves_is_a_value_error():
    _, treedef = tree.flatten((1.0, {"w": 2.0}))
    with pytest.raises(ValueError, match="too few leaves"):
        tree.unflatten(treedef, [1.0])
