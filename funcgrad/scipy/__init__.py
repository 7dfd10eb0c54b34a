"""funcgrad.scipy: differentiable versions of scipy functions, traceable like funcgrad.numpy.

`funcgrad.scipy.special` holds the special functions (primitives in
funcgrad/primitives/special.py) and `funcgrad.scipy.stats` the log-densities of common
distributions, written as composites of them. scipy is an optional dependency, imported
only when a value is computed (`pip install funcgrad[test]` brings it).
"""
from . import special, stats, linalg  # noqa: F401
