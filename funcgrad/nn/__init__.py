"""funcgrad.nn: the small part of torch.nn the Tensor facade needs: `Parameter`, `Module`
(with `to` / `cuda` / `cpu`), `Linear` and `functional` (activations and losses)."""
from . import functional  # noqa: F401
from .modules import Linear, Module  # noqa: F401
from .parameter import Parameter  # noqa: F401

__all__ = ["Parameter", "Module", "Linear", "functional"]
