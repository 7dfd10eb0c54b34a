"""Code generation: one flat Python function of local variables per optimized tape.

    def jitted(a0, a1, *, _c0=_c0, _multiply=_multiply, ...):
        v2 = _multiply(a0, a1)
        v3 = _add_reduce(v2, axis=None, keepdims=False)
        del v2
        return (v3,)

Constants, numpy functions and kernels are bound as keyword-only default arguments, so
every name the body reads is a fast local. No equation is interpreted at replay.

Each equation becomes a direct numpy call when its primitive's `impl` is one numpy call
(found by running `impl` once on probe objects, see `direct_call`); otherwise the
primitive's `impl` is called with numpy and its parameters bound. Synthetic primitives
made by the passes (fused kernels) bring their own `emit`.
Annotations left by the passes: `tape.free_after[k]` (variables whose last use is
equation k: `del` them) and `tape.out_buffer[k]` (a dying input whose buffer equation
k writes into through `out=`).
"""
import functools
import keyword

import numpy as np

__all__ = ["generate", "Program", "direct_call", "ufunc_of"]

_REDUCERS = {"sum": np.add.reduce, "prod": np.multiply.reduce, "max": np.maximum.reduce,
             "min": np.minimum.reduce, "amax": np.maximum.reduce, "amin": np.minimum.reduce}


class _ProbeEscape(Exception):
    pass


class _Arg:
    """A stand-in for the k-th array argument: any use other than being passed on fails."""
    __slots__ = ("k",)

    def __init__(self, k):
        object.__setattr__(self, "k", k)

    def __getattribute__(self, name):
        if name == "k":
            return object.__getattribute__(self, "k")
        raise _ProbeEscape(name)

    def __bool__(self):
        raise _ProbeEscape("bool")


class _Module:
    """A stand-in for numpy recording the calls made on it."""

    def __init__(self, calls, path=""):
        self._calls, self._path = calls, path

    def __getattr__(self, name):
        return _Module(self._calls, f"{self._path}.{name}" if self._path else name)

    def __call__(self, *args, **kwargs):
        result = object()
        self._calls.append((self._path, args, kwargs, result))
        return result


def _contains_arg(value):
    if isinstance(value, _Arg):
        return True
    if isinstance(value, (tuple, list)):
        return any(_contains_arg(v) for v in value)
    if isinstance(value, dict):
        return any(_contains_arg(v) for v in value.values())
    return False


def _numpy_attr(path):
    target = np
    for part in path.split("."):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target if callable(target) else None


_DIRECT = {}   # (primitive, operand count, frozen params) -> direct_call's answer


def direct_call(prim, n_args, params):
    """(numpy function, arguments, keywords) if prim.impl(np, *args, **params) is exactly one
    numpy call; arguments are ints (the k-th operand) or constants. None otherwise."""
    from .passes.cse import value_key
    try:
        key = (prim, n_args, value_key(params))
    except Exception:
        return _probe_direct_call(prim, n_args, params)
    if key not in _DIRECT:
        if len(_DIRECT) > 8192:
            _DIRECT.clear()
        _DIRECT[key] = _probe_direct_call(prim, n_args, params)
    return _DIRECT[key]


def _probe_direct_call(prim, n_args, params):
    calls = []
    probes = [_Arg(k) for k in range(n_args)]
    try:
        result = prim.impl(_Module(calls), *probes, **params)
    except Exception:
        return None
    if len(calls) != 1 or calls[0][3] is not result:
        return None
    path, args, kwargs, _ = calls[0]
    fn = _numpy_attr(path)
    if fn is None or any(_contains_arg(v) for v in kwargs.values()):
        return None
    operands = []
    for a in args:
        if isinstance(a, _Arg):
            operands.append(a.k)
        elif _contains_arg(a):
            return None
        else:
            operands.append(("const", a))
    if path in _REDUCERS and len(args) == 1 and set(kwargs) <= {"axis", "keepdims"}:
        fn = _REDUCERS[path]
    return fn, operands, kwargs


def ufunc_of(e):
    """The numpy ufunc equation e calls directly on its operands (in order), or None."""
    if e.prim.multiple_results:
        return None
    direct = direct_call(e.prim, len(e.ins), e.params)
    if direct is None:
        return None
    fn, operands, kwargs = direct
    if not isinstance(fn, np.ufunc) or kwargs or operands != list(range(len(e.ins))):
        return None
    return fn


class Program:
    """A generated function and its source."""

    def __init__(self, source, fn, namespace, scalar=False):
        self.source, self.fn, self.namespace = source, fn, namespace
        self.scalar = scalar   # runs on Python floats: accepts them as inputs directly

    def __call__(self, *args):
        return self.fn(*args)


_SIMPLE_LITERALS = (bool, int, float, str, type(None))


def _is_literal(value):
    if type(value) in _SIMPLE_LITERALS:
        return not isinstance(value, float) or np.isfinite(value)
    if type(value) is tuple:
        return all(_is_literal(v) for v in value)
    return False


class Generator:
    """Accumulates the body, the bound names and the lines of one generated function."""

    def __init__(self, tape, name):
        self.tape, self.name = tape, name
        self.bound = {}          # local name -> value (default arguments)
        self._by_id = {}         # id(value) -> local name (constants bound once)
        self.lines = []

    def bind(self, value, hint):
        """A local name bound to `value` (a constant, a function or a kernel)."""
        key = id(value)
        if key in self._by_id:
            return self._by_id[key]
        base = "".join(ch if ch.isalnum() else "_" for ch in hint) or "c"
        name = f"_{base}"
        if name in self.bound or keyword.iskeyword(name):
            name = f"{name}{len(self.bound)}"
        self.bound[name] = value
        self._by_id[key] = name
        return name

    def const(self, value):
        if _is_literal(value):
            return repr(value)
        return self.bind(value, f"c{len(self.bound)}")

    @staticmethod
    def var(i):
        return f"v{i}"

    def operand(self, i, value):
        return self.const(value) if i is None else self.var(i)

    def keywords(self, kwargs):
        return "".join(f", {k}={self.const(v)}" for k, v in kwargs.items())


def _emit_default(gen, k, e):
    args = [gen.operand(i, v) for i, v in zip(e.ins, e.invals)]
    outs = e.outs if e.prim.multiple_results else (e.outs,)
    lhs = ", ".join(gen.var(o) for o in outs) + ("," if len(outs) == 1 and e.prim.multiple_results else "")
    emit = getattr(e.prim, "emit", None)
    buffer = gen.tape.out_buffer.get(k) if hasattr(gen.tape, "out_buffer") else None
    if emit is not None:
        return emit(gen, e, args, [gen.var(o) for o in outs], buffer)
    direct = direct_call(e.prim, len(args), e.params)
    if direct is not None:
        fn, operands, kwargs = direct
        name = gen.bind(fn, getattr(fn, "__name__", "f") if fn not in _REDUCERS.values()
                        else f"{fn.__self__.__name__}_reduce")
        texts = [args[o] if isinstance(o, int) else gen.const(o[1]) for o in operands]
        extra = f", out={gen.var(buffer)}" if buffer is not None else ""
        return [f"{lhs} = {name}({', '.join(texts)}{gen.keywords(kwargs)}{extra})"]
    impl = functools.partial(e.prim.impl, np, **e.params)
    name = gen.bind(impl, e.prim.name)
    return [f"{lhs} = {name}({', '.join(args)})"]


def generate(tape, name="jitted", scalar=True):
    """Compile `tape` into a Program: fn(*inputs) -> tuple of outputs. A tape of float64
    scalars runs on Python floats (funcgrad.jit.scalar), with the numpy program as fallback."""
    from . import scalar as scalar_mode
    if scalar and scalar_mode.eligible(tape):
        fallback = generate(tape, name, scalar=False)
        return scalar_mode.generate_scalar(tape, name, fallback)
    gen = Generator(tape, name)
    body = []
    free_after = getattr(tape, "free_after", {})
    for k, e in enumerate(tape.eqns):
        body += _emit_default(gen, k, e)
        dead = free_after.get(k)
        if dead:
            body.append("del " + ", ".join(gen.var(i) for i in dead))
    outs = [gen.operand(i, v) for i, v in zip(tape.out_ids, tape.out_vals)]
    body.append(f"return ({', '.join(outs)}{',' if len(outs) == 1 else ''})")
    params = [gen.var(i) for i in tape.in_ids]
    bound = [f"{n}={n}" for n in gen.bound]
    signature = ", ".join(params + (["*"] + bound if bound else []))
    source = f"def {name}({signature}):\n" + "".join(f"    {line}\n" for line in body)
    namespace = dict(gen.bound)
    exec(compile(source, f"<fg.jit {name}>", "exec"), namespace)
    return Program(source, namespace[name], namespace)
