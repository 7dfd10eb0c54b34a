"""The coverage report (benchmarks/coverage.py): every function funcgrad implements is
probed, and every probe passes check_grads in both modes; the report renders."""
import pytest

pytest.importorskip("scipy")

from benchmarks import coverage  # noqa: E402


@pytest.fixture(scope="module")
def result():
    return coverage.report()


def test_every_implemented_function_is_probed_and_passes(result):
    bad = [(label, name, status, detail) for label, rows in result.items()
           for name, status, detail in rows if status in (coverage.FAILED, coverage.UNPROBED)]
    assert not bad, "\n".join(f"{label}.{name}: {status} {detail}" for label, name, status, detail in bad)


def test_numpy_is_covered(result):
    counts = coverage.counts(result["numpy"])
    assert counts.get(coverage.DIFF, 0) >= 200
    assert counts.get(coverage.MISSING, 0) <= 10      # the in-place functions (copyto, put...)
    missing = {n for n, s, _ in result["numpy"] if s == coverage.MISSING}
    assert {"cumprod", "pad", "quantile", "kron", "cross", "linspace"}.isdisjoint(missing)


def test_non_differentiable_names_are_not_claimed_differentiable(result):
    status = {n: s for n, s, _ in result["numpy"]}
    for name in ("argmax", "isnan", "floor", "zeros", "unique", "searchsorted"):
        assert status[name] == coverage.NONDIFF_STATUS
    traced = {n for n, s, d in result["numpy"] if d == "accepts traced values"}
    assert {"argmax", "argsort", "isnan", "unique", "searchsorted", "nonzero"} <= traced


def test_markdown(result):
    text = coverage.markdown(result)
    assert text.startswith("# Coverage") and "| **all** |" in text
    for label in result:
        assert f"## {label}" in text
