"""The selfcheck and the primitive spec tables on the GPU: every primitive's derivatives
agree with finite differences when computed on device arrays."""
import io

import numpy as np
import pytest

from funcgrad import __main__ as cli
from funcgrad import backend
from funcgrad.primitive import registry
from funcgrad.selfcheck import selfcheck
from funcgrad.testing import check_grads
from tests.primitives import (test_arithmetic, test_complex, test_elementwise, test_fft,
                              test_indexing, test_products, test_reductions, test_special)
from tests.primitives.test_complex import draw_any

pytestmark = pytest.mark.gpu

FAMILIES = (test_arithmetic, test_complex, test_elementwise, test_fft, test_indexing,
            test_products, test_reductions, test_special)
# specs whose functions hold numpy arrays besides their arguments (index lists, masks,
# coefficients): on a device those are a DeviceMismatchError by design, not a bug
HOST_CONSTANTS = {"ldexp", "polygamma-n-broadcast", "power-spectrum", "prod-one-zero",
                  "prod-two-zeros", "prod-zeros-all-axes", "matmul_rmatmul_const", "interp"}
DEVICE_SPECS = [s for family in FAMILIES for s in family.SPECS if s.name not in HOST_CONSTANTS]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_selfcheck_passes_for_every_primitive(gpu, dtype):
    out = io.StringIO()
    status = selfcheck(device="cuda", dtype=dtype, out=out)
    failures = [line for line in out.getvalue().splitlines() if line.startswith("FAIL")]
    assert status == 0, "\n".join(failures)
    assert f"{len(registry)} passed, 0 failed" in out.getvalue()


def test_selfcheck_command_on_cuda(gpu, capsys):
    assert cli.main(["selfcheck", "--device", "cuda", "--only", "matmul", "argmax"]) == 0
    assert "2 passed, 0 failed (2 cases, cuda, float64)" in capsys.readouterr().out


@pytest.mark.parametrize("spec", DEVICE_SPECS, ids=str)
def test_spec_table_on_the_device(gpu, spec):
    dtype = spec.dtypes[0]
    args = tuple(backend.to_device(a, "cuda")
                 for a in draw_any(spec, dtype, np.random.default_rng(0)))
    check_grads(spec.fn, args, modes=spec.modes, order=spec.order, tol=spec.tol.get(dtype))
