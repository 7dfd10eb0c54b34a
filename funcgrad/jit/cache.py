"""The per-function cache of compiled programs, keyed by input signature.

A signature is the pytree structure of the arguments, each traced leaf's (kind, shape,
dtype) and the values of static arguments. The cache keeps the `maxsize` most recently
used programs (default `DEFAULT_CACHE_SIZE`); older ones are evicted. Every trace is
counted: after `RETRACE_WARNING` traces of the same function a `JitRetraceWarning`
suggests marking changing arguments static or keeping shapes fixed.
"""
import collections
import warnings

__all__ = ["ProgramCache", "CacheInfo", "JitRetraceWarning", "DEFAULT_CACHE_SIZE",
           "RETRACE_WARNING"]

DEFAULT_CACHE_SIZE = 64
RETRACE_WARNING = 8

CacheInfo = collections.namedtuple(
    "CacheInfo", "hits misses traces evictions currsize maxsize trace_seconds")
CacheInfo.__doc__ = """Counters of a jitted function's program cache (`Jitted.cache_info`).

Attributes
----------
hits, misses : int
    Calls that found, or did not find, a compiled program for their signature.
traces : int
    Programs traced and compiled.
evictions : int
    Programs dropped because the cache was full.
currsize, maxsize : int
    Programs kept now, and at most (None: unbounded).
trace_seconds : float
    Total time spent tracing, optimizing and generating code.
"""


class JitRetraceWarning(UserWarning):
    """A jitted function keeps being traced again for new signatures."""


class ProgramCache:
    """LRU map signature -> compiled entry, with hit/miss/trace counters.

    Parameters
    ----------
    name : str
        The function's name, for the retrace warning.
    maxsize : int or None, optional
        Entries kept (None: unbounded).

    Raises
    ------
    ValueError
        If maxsize is not a positive int or None.
    """

    def __init__(self, name, maxsize=DEFAULT_CACHE_SIZE):
        if maxsize is not None and maxsize < 1:
            raise ValueError("fg.jit: cache_size must be a positive int or None (unbounded)")
        self.name = name
        self.maxsize = maxsize
        self.entries = collections.OrderedDict()
        self.hits = self.misses = self.traces = self.evictions = 0
        self.trace_seconds = 0.0
        self.warned = False

    def get(self, key):
        """Return the entry of a signature, marked recently used, or None; counts a hit or a miss."""
        entry = self.entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        if len(self.entries) > 1:
            self.entries.move_to_end(key)
        return entry

    def put(self, key, entry, seconds):
        """Store a new entry traced in `seconds`, evicting the least recently used if full.

        Warns with JitRetraceWarning once the function has been traced RETRACE_WARNING
        times."""
        self.traces += 1
        self.trace_seconds += seconds
        self.entries[key] = entry
        if self.maxsize is not None and len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)
            self.evictions += 1
        if self.traces >= RETRACE_WARNING and not self.warned:
            self.warned = True
            warnings.warn(
                f"fg.jit({self.name}) has been traced {self.traces} times, once per new "
                f"input signature (shapes, dtypes, pytree structure, static argument "
                f"values). If a Python argument changes from call to call, mark it static "
                f"(static_argnums / static_argnames) only if it takes few values; otherwise "
                f"pass it as an array, or keep shapes fixed.", JitRetraceWarning, stacklevel=4)

    def clear(self):
        """Drop every entry (the counters are kept)."""
        self.entries.clear()

    def info(self):
        """The counters, as a `CacheInfo`."""
        return CacheInfo(self.hits, self.misses, self.traces, self.evictions,
                         len(self.entries), self.maxsize, self.trace_seconds)
