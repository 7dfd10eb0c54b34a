"""Run one PyTorch snippet under torch and under funcgrad, and compare what it prints.

`run(code, lib)` executes `code` with `torch` (and `F` = torch.nn.functional) bound to
`lib`, capturing print output; an exception ends the run with a line
`EXC <Type>: <message>`, and warnings are printed as `WARN <Category>: <message>`
(PyTorch's "(Triggered internally at ...)" tail removed). Output is normalized:
object addresses become 0x?, and funcgrad's module name reads as torch.
"""
import contextlib
import io
import re
import sys
import warnings


def _clean_warning(message):
    return re.sub(r" \(Triggered internally at .*\)$", "", str(message), flags=re.S)


_SUBMODULES = ("autograd", "autograd.function", "autograd.functional", "autograd.gradcheck",
               "autograd.graph", "nn", "nn.functional")


@contextlib.contextmanager
def _bound_as_torch(lib):
    """`import torch...` inside the snippet resolves to `lib` (and its submodules)."""
    import importlib
    names = ["torch"] + ["torch." + s for s in _SUBMODULES]
    saved = {n: sys.modules.get(n) for n in names}
    sys.modules["torch"] = lib
    for sub in _SUBMODULES:
        try:
            sys.modules["torch." + sub] = importlib.import_module(f"{lib.__name__}.{sub}")
        except ImportError:
            pass
    try:
        yield
    finally:
        for n, m in saved.items():
            if m is None:
                sys.modules.pop(n, None)
            else:
                sys.modules[n] = m


def run(code, lib):
    out = io.StringIO()
    namespace = {"torch": lib, "F": lib.nn.functional, "np": __import__("numpy")}
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out), \
            _bound_as_torch(lib):
        warnings.simplefilter("always")
        try:
            exec(code, namespace)
        except Exception as exc:  # noqa: BLE001 - the text is compared
            print(f"EXC {type(exc).__name__}: {exc}")
    text = out.getvalue()
    for w in caught:
        if w.category in (UserWarning, FutureWarning, DeprecationWarning):
            text += f"WARN {w.category.__name__}: {_clean_warning(w.message)}\n"
    return normalize(text)


def normalize(text):
    text = re.sub(r"0x[0-9a-fA-F]+", "0x?", text)
    text = re.sub(r"\bfuncgrad\.", "torch.", text)
    return [line.rstrip() for line in text.rstrip().splitlines()]


def reset(lib):
    """Default dtype, print options and grad mode back to their defaults; for funcgrad
    also the once-per-process warnings (each case runs as if in a fresh process)."""
    lib.set_default_dtype(lib.float32)
    lib.set_printoptions(profile="default")
    lib.set_grad_enabled(True)
    lib.autograd.set_detect_anomaly(False)
    if lib.__name__ == "funcgrad":
        from funcgrad.autograd import engine
        from funcgrad.tensors import _factories
        engine._warned[0] = False
        _factories._scalar_warned[0] = False
