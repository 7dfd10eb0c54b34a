"""The spec table format every primitive family's tests use.

A `Spec` names the primitives it covers, a function of arrays written with
funcgrad.numpy, the shapes of its arguments and the domain their values are
drawn from. `run_spec` draws values and checks the function with `check_grads`
in both modes to second order. `broadcast_shapes` is a hypothesis strategy for
argument shapes that broadcast together.
"""
from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st

from funcgrad.testing import check_grads


@dataclass
class Spec:
    name: str                       # the test id
    fn: object                      # f(*arrays) using funcgrad.numpy
    shapes: tuple                   # one shape per argument
    prims: tuple                    # names of the primitives this spec exercises
    domain: tuple = (-2.0, 2.0)     # values are drawn uniformly from here...
    away_from: tuple = ()           # ...at least 0.1 away from these points (kinks, poles)
    dtypes: tuple = ("float64", "float32")
    order: int = 2
    modes: tuple = ("fwd", "rev")
    tol: dict = field(default_factory=dict)   # dtype name -> tolerance override

    def __str__(self):
        return self.name


def draw_args(spec, dtype, rng, shapes=None):
    lo, hi = spec.domain
    args = []
    for shape in shapes or spec.shapes:
        x = rng.uniform(lo, hi, size=shape)
        for point in spec.away_from:
            near = np.abs(x - point) < 0.1
            x = np.where(near, point + 0.1 * np.sign(x - point + 1e-12) + 0.05, x)
        args.append(np.asarray(x, dtype=dtype))
    return tuple(args)


def run_spec(spec, dtype, seed=0, shapes=None):
    rng = np.random.default_rng(seed)
    args = draw_args(spec, dtype, rng, shapes)
    check_grads(spec.fn, args, modes=spec.modes, order=spec.order,
                tol=spec.tol.get(dtype), seed=seed)


@st.composite
def broadcast_shapes(draw, n=2, max_dims=3, max_side=4):
    """n shapes that broadcast together (some axes 1 or missing)."""
    base = draw(st.lists(st.integers(1, max_side), min_size=0, max_size=max_dims))
    shapes = []
    for _ in range(n):
        drop = draw(st.integers(0, len(base)))
        shape = [1 if draw(st.booleans()) and draw(st.booleans()) else s for s in base[drop:]]
        shapes.append(tuple(shape))
    return shapes
