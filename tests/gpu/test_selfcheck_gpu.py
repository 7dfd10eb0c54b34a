"""The selfcheck and the primitive spec tables on the GPU: every primitive's derivatives
agree with finite differences when computed on device arrays."""
import io

import numpy as np
import pytest

from funcgrad import __main__ as cli
from funcgrad import tree
from funcgrad.primitive import registry
from funcgrad.selfcheck import selfcheck
from funcgrad.testing import check_grads
from tests.backend.port import to_device_code
from tests.backend.test_neutrality import SPECS
from tests.primitives.test_complex import draw_any

pytestmark = pytest.mark.gpu

# primitives whose routines some cupy versions lack (docs/gpu.md): "not available" rows
MAY_BE_MISSING = {"eig", "sqrtm", "iv", "ive"}
CASES = [pytest.param(spec, dtype, id=f"{family}:{spec.name}-{dtype}")
         for family, spec in SPECS for dtype in spec.dtypes]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_selfcheck_passes_for_every_primitive(gpu, dtype):
    out = io.StringIO()
    status = selfcheck(device="cuda", dtype=dtype, out=out)
    failures = [line for line in out.getvalue().splitlines() if line.startswith("FAIL")]
    assert status == 0, "\n".join(failures)
    not_available = {line.split()[0] for line in out.getvalue().splitlines()
                     if line.endswith("not available on this device")}
    assert not_available <= MAY_BE_MISSING
    assert f"{len(registry) - len(not_available)} passed, 0 failed" in out.getvalue()


def test_selfcheck_command_on_cuda(gpu, capsys):
    assert cli.main(["selfcheck", "--device", "cuda", "--only", "matmul", "argmax"]) == 0
    assert "2 passed, 0 failed (2 cases, cuda, float64)" in capsys.readouterr().out


@pytest.mark.parametrize("spec,dtype", CASES)
def test_spec_table_on_the_device(gpu, spec, dtype):
    """The spec's function ported to the device (its numpy constants made with the
    device library, tests/backend/port.py): device outputs equal to numpy's, and
    check_grads passes in both modes to the spec's order. A routine the installed
    cupy lacks (docs/gpu.md lists them) skips the spec with funcgrad's error."""
    host = draw_any(spec, dtype, np.random.default_rng(0))
    device = tuple(gpu.to_device(a) for a in host)
    fn = to_device_code(spec.fn, gpu.xp, gpu.to_device)
    rtol = 1e-10 if np.dtype(dtype) in (np.float64, np.complex128) else 1e-4
    try:
        got = fn(*device)
    except NotImplementedError as exc:
        pytest.skip(str(exc).splitlines()[0])
    for want, got in zip(tree.leaves(spec.fn(*host)), tree.leaves(got)):
        if isinstance(want, np.ndarray):
            assert isinstance(got, gpu.array_type), f"a {type(got).__name__} left the device"
            np.testing.assert_allclose(gpu.to_host(got), want, rtol=rtol, atol=rtol)
    check_grads(fn, device, modes=spec.modes, order=spec.order, tol=spec.tol.get(dtype))
