"""Random programs (tests/reliability/programs.py) on device arrays agree with numpy.

The reliability suite's random DAGs of primitives — broadcasting binary ops, reductions
over random axes, indexing with ints, slices, strides and repeated gathers, reshapes,
matmul, joins, row updates through masks — run on the hostless "cuda" device, with the
program's own host constants (masks, gather indices, output weights) made on the device
as cupy code would make them. Value, gradient (reverse), Jacobian (forward) and Hessian
must be device arrays equal to the numpy run's.
"""
import numpy as np
from hypothesis import HealthCheck, assume, given, settings

import funcgrad as fg
from funcgrad import tree
from tests.backend import hostless
from tests.backend.port import to_device_code
from tests.reliability.programs import admissible, functional, programs, run_functional


class _OnDevice:
    """A program whose output weights are made on the device."""

    def __init__(self, prog):
        self.steps = prog.steps
        self._prog = prog

    def weights(self, shape):
        return hostless.asarray(self._prog.weights(shape))


def _device_function(prog):
    run = to_device_code(run_functional, hostless.module, hostless.asarray)
    on_device = _OnDevice(prog)
    return lambda *xs: run(on_device, xs)


def _assert_same(got, expected, what):
    for g, e in zip(tree.leaves(got), tree.leaves(expected)):
        assert isinstance(g, hostless.HostlessArray), f"{what}: a {type(g).__name__}"
        np.testing.assert_allclose(hostless.asnumpy(g), e, rtol=1e-10, atol=1e-12,
                                   err_msg=what)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.data_too_large])
@given(programs(max_steps=6, tensor_styles=False))
def test_random_program_derivatives_on_device_equal_numpys(prog):
    xs = prog.inputs(np.float64)
    assume(admissible(prog, prog.inputs())[0])
    argnums = tuple(range(len(xs)))
    f_host = functional(prog)
    with hostless.installed():
        f_dev = _device_function(prog)
        dxs = [hostless.asarray(x) for x in xs]
        for transform, what in ((fg.value_and_grad, "value and grad"),
                                (fg.jacfwd, "jacfwd"), (fg.hessian, "hessian")):
            expected = transform(f_host, argnums=argnums)(*xs)
            _assert_same(transform(f_dev, argnums=argnums)(*dxs), expected, what)
