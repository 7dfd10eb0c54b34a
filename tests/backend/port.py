"""Port a test function written for numpy to the device, the way a user ports code to cupy.

The spec tables in tests/primitives write their functions with `funcgrad.numpy` on the
arguments and plain `numpy` for constants (`x + 3 * np.eye(3)`, a module-level mask).
On a GPU those constants would be written with cupy: `cp.eye(3)`. `to_device_code(fn,
xp)` does that substitution mechanically, and nothing else: it rebuilds `fn` (and the
helper functions of its module that it calls) with the global name `np` bound to the
device array module `xp` and every module-level numpy array constant copied to the
device. The funcgrad calls are untouched, so what runs is exactly the numpy spec's
computation with device constants, and any host array left reaching funcgrad is a
failure of funcgrad's neutrality (or of the port), not hidden.
"""
import functools
import types

import numpy

__all__ = ["to_device_code"]


def _device_globals(module_globals, xp, to_device):
    """A copy of a module's globals with np -> xp and array constants on the device."""
    g = dict(module_globals)
    for name, value in module_globals.items():
        if value is numpy:
            g[name] = xp
        elif isinstance(value, numpy.ndarray) and value.ndim > 0:
            g[name] = to_device(value)
    module = module_globals.get("__name__")
    for name, value in list(g.items()):
        if isinstance(value, types.FunctionType) and value.__module__ == module:
            g[name] = _rebind(value, g)
    return g


def _rebind(fn, g):
    new = types.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__, fn.__closure__)
    new.__kwdefaults__ = fn.__kwdefaults__
    return new


def to_device_code(fn, xp, to_device):
    """fn with its numpy constants made by `xp` (the device array module) instead.

    Parameters
    ----------
    fn : function
        A function of arrays written with funcgrad.numpy and numpy constants.
    xp : module
        The device array module standing in for numpy in fn's module globals.
    to_device : callable
        numpy array -> device array, for the module's array constants.

    Returns
    -------
    function
        The same code, run with the device globals.
    """
    if isinstance(fn, functools.partial):   # ref_spec's partial(f, funcgrad.numpy)
        return functools.partial(to_device_code(fn.func, xp, to_device),
                                 *(_port_cell(a, xp, to_device) for a in fn.args),
                                 **fn.keywords)
    if not isinstance(fn, types.FunctionType):
        return fn
    cells = fn.__closure__
    if cells:                              # closures over host arrays or other functions
        cells = tuple(_port_cellobj(c, xp, to_device) for c in cells)
    g = _device_globals(fn.__globals__, xp, to_device)
    new = types.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__, cells)
    new.__kwdefaults__ = fn.__kwdefaults__
    return new


def _port_cellobj(cell, xp, to_device):
    try:
        value = cell.cell_contents
    except ValueError:                     # an empty cell (a name not bound yet)
        return cell
    return types.CellType(_port_cell(value, xp, to_device))


def _port_cell(value, xp, to_device):
    if value is numpy:
        return xp
    if isinstance(value, numpy.ndarray) and value.ndim > 0:
        return to_device(value)
    if isinstance(value, types.FunctionType):
        return to_device_code(value, xp, to_device)
    return value
