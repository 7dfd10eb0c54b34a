"""funcgrad's benchmark suite: funcgrad against a hand-written numpy floor and its peers.

One command runs it (see benchmarks/README.md):

    python -m benchmarks.run [--quick] [--only NAMES] [--out docs/benchmarks.md]

Layout:
    workloads.py        the problems: inputs, the numpy "floor" gradient, funcgrad's targets
    systems/            one module per system (funcgrad, autograd, torch, jax, mygrad),
                        each turning a workload's inputs into a zero-argument gradient call
    timing.py           adaptive median timing and tracemalloc peak memory
    worker.py           runs one system's workloads inside one subprocess, emits JSON
    scaling.py          funcgrad's cost per op / per element as the problem grows
    report.py           Markdown tables, machine info and the PNG plot
    run.py              the command: one subprocess per system, then the report
"""
