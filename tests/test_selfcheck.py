"""`python -m funcgrad selfcheck`: its cases cover every primitive, it passes on the CPU
(and on the hostless stand-in for "cuda"), reports broken rules as FAIL with exit status
1, and says in one line why it cannot run on a missing GPU."""
import importlib.util
import io
import subprocess
import sys

import numpy as np
import pytest

from funcgrad import __main__ as cli
from funcgrad import backend
from funcgrad.primitive import registry
from funcgrad.selfcheck import CASES, cases_for, selfcheck
from funcgrad.selfcheck.run import run_case


def rows_of(text):
    """primitive name -> its table row's cells."""
    lines = text.splitlines()
    return {line.split()[0]: line.split()[1:] for line in lines[1:] if line.split()[0] in registry}


def run_cli(argv, capsys):
    status = cli.main(["selfcheck", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# ---- the cases ----------------------------------------------------------------------

def test_every_registered_primitive_has_a_case():
    covered = {name for case in CASES for name in case.prims}
    assert not sorted(set(registry) - covered), "primitives with no selfcheck case"
    assert not sorted(covered - set(registry)), "cases naming unregistered primitives"


def test_non_differentiable_primitives_get_values_cases_and_the_rest_derivatives():
    for case in CASES:
        if case.values:
            assert all(registry[name].nondiff for name in case.prims), case.name
        else:
            assert any(not registry[name].nondiff for name in case.prims), case.name


def test_each_case_runs_the_primitives_it_names(monkeypatch):
    ran = set()

    def spy(name, impl):
        def impl_spy(*args, **params):
            ran.add(name)
            return impl(*args, **params)
        return impl_spy
    for name, prim in registry.items():
        monkeypatch.setattr(prim, "impl", spy(name, prim.impl))
    for case in CASES:
        ran.clear()
        outcome = run_case(case)
        assert outcome.failure is None, (case.name, outcome.failure)
        assert set(case.prims) <= ran, f"{case.name} never runs {set(case.prims) - ran}"


def test_cases_for_selects_by_primitive():
    assert [c.name for c in cases_for(["sin", "equal"])] == ["sin", "equal"]
    assert {c.name for c in cases_for(["segment_sum"])} == {"repeat"}


# ---- the command ----------------------------------------------------------------------

def test_cli_on_cpu_checks_and_passes_every_primitive(capsys):
    status, out, _ = run_cli([], capsys)
    rows = rows_of(out)
    assert status == 0, out
    assert set(rows) == set(registry)
    assert out.splitlines()[0].split() == ["primitive", "fwd", "rev", "order-2", "max", "error",
                                           "checked"]
    assert rows["sin"][:3] == ["ok", "ok", "ok"] and float(rows["sin"][3]) < 1e-8
    assert rows["equal"] == ["—", "—", "—", "0", "values", "only"]
    assert f"{len(registry)} passed, 0 failed" in out.splitlines()[-1]


def test_only_checks_the_named_primitives(capsys):
    status, out, _ = run_cli(["--only", "tanh", "argmax", "--dtype", "float32"], capsys)
    assert status == 0
    assert list(rows_of(out)) == ["tanh", "argmax"]
    assert "2 passed, 0 failed (2 cases, cpu, float32)" in out


def test_an_unknown_name_exits_2_with_a_suggestion(capsys):
    status, out, err = run_cli(["--only", "sine"], capsys)
    assert status == 2 and out == ""
    assert "no primitive named 'sine'" in err and "sin" in err


def test_a_wrong_derivative_rule_is_reported_as_fail_with_status_1(monkeypatch, capsys):
    (d_x,) = registry["sin"].partials
    monkeypatch.setattr(registry["sin"], "partials", (lambda ans, x: 1.1 * d_x(ans, x),))
    status, out, _ = run_cli(["--only", "sin", "exp"], capsys)
    rows = rows_of(out)
    assert status == 1
    # order 2 differentiates the (wrong) first derivative consistently, so only order 1 fails
    assert rows["sin"][:2] == ["FAIL", "FAIL"] and float(rows["sin"][3]) > 1e-2
    assert rows["exp"][:3] == ["ok", "ok", "ok"]
    assert "FAIL sin: fwd order 1 error" in out
    assert "1 passed, 1 failed" in out


def test_a_rule_that_raises_is_reported_as_fail(monkeypatch, capsys):
    def broken(ans, x):
        raise ValueError("broken on purpose")
    monkeypatch.setattr(registry["exp"], "partials", (broken,))
    status, out, _ = run_cli(["--only", "exp"], capsys)
    assert status == 1
    assert rows_of(out)["exp"] == ["FAIL", "FAIL", "FAIL", "error", "derivatives"]
    assert "FAIL exp: ValueError: broken on purpose" in out


def test_wrong_values_of_a_non_differentiable_primitive_fail(monkeypatch, capsys):
    monkeypatch.setattr(registry["equal"], "impl", lambda xp, x, y: xp.not_equal(x, y))
    status, out, _ = run_cli(["--only", "equal"], capsys)
    assert status == 1
    assert rows_of(out)["equal"] == ["—", "—", "—", "1.0e+00", "values", "only:", "FAIL"]
    assert "FAIL equal: values differ" in out


@pytest.mark.skipif(importlib.util.find_spec("cupy") is not None, reason="cupy is installed")
def test_cuda_without_cupy_exits_2_with_one_line_saying_why_and_the_fix():
    run = subprocess.run([sys.executable, "-m", "funcgrad", "selfcheck", "--device", "cuda"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    assert "cupy is not installed" in run.stderr and 'pip install "funcgrad[gpu]"' in run.stderr


def test_a_device_that_refuses_arrays_exits_2_naming_the_error(hostless_cuda, monkeypatch,
                                                               capsys):
    def refuse(value, device):
        raise ValueError("invalid device ordinal")
    monkeypatch.setattr(backend, "to_device", refuse)
    status, out, err = run_cli(["--device", "cuda:3"], capsys)
    assert status == 2 and out == ""
    assert "'cuda:3'" in err and "invalid device ordinal" in err and "pick another --device" in err


def test_help_lists_the_tour_and_selfcheck(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0 and "tour" in out and "selfcheck" in out
    assert cli.parse([]).command is None           # no command: the tour


def test_bad_device_strings_are_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["selfcheck", "--device", "gpu"])
    assert exit_.value.code == 2 and "expected cpu, cuda or cuda:N" in capsys.readouterr().err


# ---- on the hostless stand-in for a GPU -------------------------------------------------

def test_selfcheck_passes_on_the_hostless_cuda_device(hostless_cuda):
    out = io.StringIO()
    status = selfcheck(device="cuda", out=out)
    failures = [line for line in out.getvalue().splitlines() if line.startswith("FAIL")]
    assert status == 0, "\n".join(failures)
    assert f"{len(registry)} passed, 0 failed" in out.getvalue()


def test_routines_the_device_library_lacks_are_listed_as_not_available():
    from tests.backend import hostless
    cupy_13_lacks = {"linalg.eig", "scipy.linalg.sqrtm", "scipy.special.iv", "scipy.special.ive"}
    out = io.StringIO()
    with hostless.installed(missing=cupy_13_lacks):
        status = selfcheck(device="cuda", only=["eig", "sqrtm", "iv", "ive", "sin"], out=out)
    rows = rows_of(out.getvalue())
    assert status == 0, out.getvalue()
    assert rows["eig"] == ["—"] * 4 + ["not", "available", "on", "this", "device"]
    assert rows["sin"][:3] == ["ok", "ok", "ok"]
    assert "N/A  eig: NotImplementedError" in out.getvalue()
    assert "1 passed, 0 failed, 4 not available on cuda" in out.getvalue()


def test_not_implemented_on_the_cpu_is_a_failure(monkeypatch, capsys):
    def missing(ans, x):
        raise NotImplementedError("no rule")
    monkeypatch.setattr(registry["exp"], "partials", (missing,))
    status, out, _ = run_cli(["--only", "exp"], capsys)
    assert status == 1 and "FAIL exp: NotImplementedError: no rule" in out


def test_values_cases_compare_device_results_with_numpy_on_the_host(hostless_cuda):
    outcome = run_case(cases_for(["argsort"])[0], device="cuda")
    assert outcome.failure is None and outcome.errors == {("value", 0): 0.0}
    assert np.isfinite(outcome.tol)
