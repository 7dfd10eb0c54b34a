"""funcgrad's op library: one declaration per primitive, grouped by op family.

Each module declares its primitives with `@primitive` (see funcgrad.primitive);
importing this package registers them all.
"""
from . import arithmetic, creation, elementwise, reductions, shape, products, indexing, complex, linalg, fft, special, selection, scipy_linalg  # noqa: F401
