"""fg.jit: trace a function once per input signature, optimize the tape, replay generated code.

See `funcgrad.jit.api` for the user-facing behaviour, `funcgrad.jit.trace` for what may
and may not be done with traced values, `funcgrad.jit.passes` for the optimizations and
`funcgrad.jit.codegen` for the generated Python.
"""
from .api import Jitted, Lowered, jit
from .cache import DEFAULT_CACHE_SIZE, CacheInfo, JitRetraceWarning
from .trace import ConcretizationError, JitTrace, JitTracer

__all__ = ["jit", "Jitted", "Lowered", "ConcretizationError", "JitRetraceWarning",
           "CacheInfo", "JitTrace", "JitTracer", "DEFAULT_CACHE_SIZE"]
