"""Every PyTorch program of tests/tensor/cases.py, run on the (hostless) CUDA device.

With `funcgrad.set_default_device("cuda")` every factory in a case makes device
tensors, so the whole program (ops, views, in-place updates, backward, hooks,
printing, nn.functional) runs on arrays that refuse any implicit trip to the host.
It must print what torch printed on the CPU once the device shows are removed:
`, device='cuda:0'` suffixes, `device(type='cuda', index=0)`, `torch.cuda.` type
names (PyTorch on a GPU prints exactly those). Programs that call `.numpy()` on a
tensor must stop there with PyTorch's error, as they would on a GPU.
"""
import re

import pytest

import funcgrad
from funcgrad.autograd import engine
from tests.tensor.cases import CASES
from tests.tensor.difftools import reset, run
from tests.tensor.expected import EXPECTED
from tests.tensor.test_device import strict_indices  # noqa: F401  (a fixture)

# Cases that print a tensor's .numpy(): on a GPU PyTorch raises there too.
CALL_NUMPY = {"conversions", "common_reductions_and_reprs"}

_NUMPY_ERROR = "can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu()"


def without_device(lines):
    """One string: the output with what only a device changes removed, spacing collapsed
    (a shorter or longer suffix moves PyTorch's line wraps)."""
    text = re.sub(r"\s+", " ", " ".join(lines))
    text = text.replace(", device='cuda:0'", "")
    text = text.replace("device(type='cuda', index=0)", "device(type='cpu')")
    return text.replace("torch.cuda.", "torch.").replace('"', "'")


@pytest.fixture
def on_cuda(request):
    request.getfixturevalue("strict_indices")
    reset(funcgrad)
    engine._warned[0] = False
    funcgrad.set_default_device("cuda")
    try:
        yield
    finally:
        funcgrad.set_default_device(None)
        reset(funcgrad)


@pytest.mark.parametrize("name", sorted(set(CASES) - CALL_NUMPY))
def test_case_prints_on_cuda_what_torch_prints_on_cpu(on_cuda, name):
    out = run(CASES[name], funcgrad)
    if re.search(r"(?<![.\w])tensor\(", " ".join(EXPECTED[name])):
        assert "device='cuda:0'" in " ".join(out)     # the tensors it printed were on the GPU
    assert without_device(out) == without_device(EXPECTED[name])


@pytest.mark.parametrize("name", sorted(CALL_NUMPY))
def test_cases_calling_numpy_stop_with_torch_error(on_cuda, name):
    out = " ".join(run(CASES[name], funcgrad))
    assert _NUMPY_ERROR in out


def test_default_device_is_restored_and_reported():
    assert funcgrad.get_default_device() == funcgrad.device("cpu")
    assert type(funcgrad.ones(1)._data).__name__ == "ndarray"
