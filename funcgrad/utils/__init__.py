"""funcgrad.utils: helpers kept where PyTorch keeps them (`funcgrad.utils.dlpack`)."""
from . import dlpack  # noqa: F401

__all__ = ["dlpack"]
