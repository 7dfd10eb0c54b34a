"""DLPack exchange under PyTorch's names: `from_dlpack`, and `to_dlpack` for consumers
that still take a bare capsule."""
from funcgrad.tensors._interop import from_dlpack

__all__ = ["from_dlpack", "to_dlpack"]


def to_dlpack(tensor):
    """A DLPack capsule over `tensor`'s memory (no copy), as torch.utils.dlpack.to_dlpack.

    Parameters
    ----------
    tensor : Tensor
        A tensor that does not require grad (export ``t.detach()`` otherwise).

    Returns
    -------
    PyCapsule
        Consumed once by a library's ``from_dlpack``.

    Raises
    ------
    BufferError
        If `tensor` requires grad.
    """
    return tensor.__dlpack__()
