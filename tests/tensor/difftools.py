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
import warnings


def _clean_warning(message):
    return re.sub(r" \(Triggered internally at .*\)$", "", str(message), flags=re.S)


def run(code, lib):
    out = io.StringIO()
    namespace = {"torch": lib, "F": lib.nn.functional, "np": __import__("numpy")}
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out):
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
    lib.set_default_dtype(lib.float32)
    lib.set_printoptions(profile="default")
    lib.set_grad_enabled(True)
