"""Smoke test of the benchmark suite (benchmarks/): its quick mode, run in-process.

Every workload of every installed system must compute the floor's answer (the worker
checks each answer against the hand-written numpy gradient before timing it). Nothing
here asserts on time: timings belong to `python -m benchmarks.run`, not to the test suite.
Peers that are not installed are skipped.
"""
import importlib.util

import pytest

import funcgrad
from benchmarks import report, scaling
from benchmarks.systems import SYSTEMS, funcgrad_system
from benchmarks.worker import run_system
from benchmarks.workloads import WORKLOADS, chain_floor, chain_inputs

PEER_IMPORT_NAMES = {"autograd": "autograd", "torch": "torch", "jax": "jax", "mygrad": "mygrad",
                     "jax_jit": "jax"}
TENSOR_FACADE_PRESENT = hasattr(funcgrad, "tensor") and hasattr(funcgrad, "Tensor")


def skip_unless_installed(system):
    name = PEER_IMPORT_NAMES.get(system)
    if name and importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} is not installed")


def failures(results):
    return [f"{r['workload']} [{r['variant']}]: {r['status']} {r['note']}"
            for r in results if r["status"] in ("wrong", "error")]


@pytest.mark.parametrize("system", list(SYSTEMS))
def test_quick_mode_every_workload_matches_the_floor(system):
    skip_unless_installed(system)
    result = run_system(system, quick=True, configure=False)
    assert result["installed"], result["note"]
    assert not failures(result["results"])
    assert any(r["status"] == "ok" for r in result["results"])
    for r in result["results"]:
        if r["status"] == "ok":
            assert r["time"] > 0 and r["floor_time"] > 0 and r["ratio"] > 0
    if system == "funcgrad":
        check_funcgrad_ran_every_workload(result)


def check_funcgrad_ran_every_workload(result):
    status = {r["workload"]: r["status"] for r in result["results"]}
    assert set(status) == set(WORKLOADS)
    for name, workload in WORKLOADS.items():
        if workload.tensor_style and not TENSOR_FACADE_PRESENT:
            assert status[name] == "skipped"
        else:
            assert status[name] == "ok", name
    funcgrad_rows = [r for r in result["results"] if r["status"] == "ok"]
    assert all(r["memory_ratio"] is not None for r in funcgrad_rows)


def test_a_wrong_answer_is_reported_and_not_timed():
    module = type("Broken", (), {"MEMORY_VISIBLE": True, "to_numpy": staticmethod(lambda r: r)})
    from benchmarks.worker import FloorCache, measure_implementation
    result = measure_implementation(module, WORKLOADS["chain"], None,
                                    lambda inputs: (lambda: inputs["x"] * 0),
                                    FloorCache(quick=True), quick=True)
    assert result["status"] == "wrong" and result["time"] is None


def test_report_renders_tables_and_scaling():
    result = run_system("funcgrad", ["chain", "nested4"], quick=True, configure=False)
    sweep = scaling.sweep("chain", [10, 100], lambda n: chain_inputs(steps=n),
                          funcgrad_system.chain, chain_floor, quick=True, progress=None)
    markdown = report.render_markdown([result], {"chain": sweep}, report.machine_info({}),
                                      1.0, quick=True, command="python -m benchmarks.run")
    assert "| chain |" in markdown and "| nested4 |" in markdown
    assert "## Scaling (funcgrad)" in markdown and "| 100 |" in markdown
