"""The systems under test, one module each, loaded by name inside a worker subprocess.

Every system module defines:
    LABEL            the column title in the report
    MEMORY_VISIBLE   whether tracemalloc sees its array allocations (numpy-based: yes)
    version()        the library's version string
    setup()          one-time configuration (threads, float64) before any workload
    IMPLEMENTATIONS  {workload name: builder}; builder(inputs) -> call, a zero-argument
                     function computing the workload's derivative (untimed set-up happens
                     in the builder: converting inputs, building grad functions)
    VARIANTS         {workload name: {api label: builder}}: other APIs of the same system
                     for the same derivative, reported beside the main one
    to_numpy(result) the call's result as numpy arrays (for checking against the floor)
    FIRST_CALL       (optional) {workload name: seconds}: a compiling system's first call
                     (trace + compile), filled in by its builders, reported beside the ratios

A workload missing from IMPLEMENTATIONS is reported as unsupported. A builder raising
`Unavailable` is reported as skipped, with its message as the note.
"""
import importlib

# Report order: funcgrad first, then the peers.
SYSTEMS = {
    "funcgrad": "benchmarks.systems.funcgrad_system",
    "autograd": "benchmarks.systems.autograd_system",
    "torch": "benchmarks.systems.torch_system",
    "jax": "benchmarks.systems.jax_system",
    "mygrad": "benchmarks.systems.mygrad_system",
    # compiled: fg.jit (issue 9) and its reference, jax.jit
    "funcgrad_jit": "benchmarks.systems.funcgrad_jit_system",
    "jax_jit": "benchmarks.systems.jax_jit_system",
}


class Unavailable(Exception):
    """A system cannot run a workload on this installation (e.g. a missing API)."""


def load(name):
    """Import a system module; raises ImportError when its library is not installed."""
    return importlib.import_module(SYSTEMS[name])
