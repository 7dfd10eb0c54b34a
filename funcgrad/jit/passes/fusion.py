"""Elementwise fusion (placeholder: filled in below)."""
__all__ = ["fuse"]


def fuse(tape):
    return tape
