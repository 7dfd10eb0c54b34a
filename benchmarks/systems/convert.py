"""Turning a system's result (an array, a tensor, or a tuple of them) into numpy arrays."""
import numpy as np


def map_leaves(result, convert):
    if isinstance(result, (tuple, list)):
        return tuple(map_leaves(item, convert) for item in result)
    return convert(result)


def tensor_to_numpy(value):
    """torch / funcgrad Tensor -> ndarray; anything array-like -> ndarray."""
    if hasattr(value, "detach"):
        value = value.detach()
    if hasattr(value, "numpy"):
        return np.asarray(value.numpy())
    return np.asarray(value)
