"""The PyTorch seed programs print under funcgrad what they print under PyTorch.

Every NAME.py in ../shared/spec/seed_programs (found at test time, so programs added
later are tested too) runs in a subprocess with `torch` bound to funcgrad; its
standard output must equal NAME.out, object addresses and the module name in reprs
(funcgrad.float64 for torch.float64) aside.
"""
import re
import subprocess
import sys
from pathlib import Path

import pytest

SEED_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "spec" / "seed_programs"

BOOT = r"""
import runpy, sys
import funcgrad
sys.modules["torch"] = funcgrad
for sub in ("autograd", "autograd.functional"):
    try:
        mod = __import__("funcgrad." + sub, fromlist=["_"])
    except ImportError:
        continue
    sys.modules["torch." + sub] = mod
runpy.run_path(sys.argv[1], run_name="__main__")
"""


def _programs():
    if not SEED_DIR.is_dir():
        return []
    return sorted(SEED_DIR.glob("*.py"))


def normalize(text, lib=False):
    text = re.sub(r"0x[0-9a-fA-F]+", "0x?", text)
    if lib:
        text = re.sub(r"\bfuncgrad\.", "torch.", text)
    return [line.rstrip() for line in text.rstrip().splitlines()]


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="seed programs folder not present")
@pytest.mark.parametrize("program", _programs(), ids=lambda p: p.stem)
def test_seed_program_prints_what_pytorch_prints(program):
    expected_file = program.with_suffix(".out")
    if not expected_file.exists():
        pytest.skip(f"{expected_file.name} missing")
    result = subprocess.run([sys.executable, "-c", BOOT, str(program)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert normalize(result.stdout, lib=True) == normalize(expected_file.read_text())


def test_seed_programs_found():
    if not SEED_DIR.is_dir():
        pytest.skip("seed programs folder not present")
    assert len(_programs()) >= 11
