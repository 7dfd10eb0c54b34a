"""Name every Tensor method and facade function after the name it is reached by.

Many methods are made in loops (named after their node, ``SinBackward0``, or ``method``)
or shared among aliases (``div``, ``divide``, ``true_divide``). As PyTorch's are, each is
named here after its attribute: ``Tensor.sin.__name__ == "sin"``, ``__qualname__ ==
"Tensor.sin"``, ``funcgrad.sin.__qualname__ == "sin"``. A function reached by several
names keeps its object under one of them (its own name when that is one of them) and
each other name gets a copy: the same code, closure, defaults and docstring, so the
behaviour is the same. `same_function` tells such copies apart from other functions.
"""
import types

__all__ = ["name_members", "same_function"]


def _copy(fn):
    new = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__,
                             fn.__closure__)
    new.__kwdefaults__ = fn.__kwdefaults__
    new.__dict__.update(fn.__dict__)
    new.__doc__ = fn.__doc__
    new.__module__ = fn.__module__
    return new


def same_function(a, b):
    """Whether `a` and `b` are one function or copies of one made here (an alias)."""
    if a is b:
        return True
    if not (isinstance(a, types.FunctionType) and isinstance(b, types.FunctionType)):
        return False
    ca, cb = a.__closure__ or (), b.__closure__ or ()
    return a.__code__ is b.__code__ and a.__globals__ is b.__globals__ \
        and len(ca) == len(cb) and all(x is y for x, y in zip(ca, cb))


def _claims(members):
    """{id(fn): the name that keeps fn itself}: its own name when reachable by it, else
    the first name."""
    groups, fns = {}, {}
    for name, fn in members:
        groups.setdefault(id(fn), []).append(name)
        fns[id(fn)] = fn
    return {key: next((n for n in group if n == fns[key].__name__), group[0])
            for key, group in groups.items()}


def name_members(namespace, names, prefix, claimed):
    """Name the functions of `namespace` (a class or a module's dict) listed in `names`:
    ``__name__`` = name, ``__qualname__`` = prefix + name. `claimed` ({id: qualname},
    shared between calls) keeps a function named in one place from being renamed in
    another: that name gets a copy instead. Returns {name: function} to set back."""
    get = namespace.get if isinstance(namespace, dict) else vars(namespace).get
    members = []
    for name in names:
        value = get(name)
        fn = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
        if isinstance(fn, types.FunctionType):
            members.append((name, fn))
    keep = _claims(members)
    out = {}
    for name, fn in members:
        qualname = prefix + name
        if fn.__name__ == name and fn.__qualname__ == qualname:
            claimed.setdefault(id(fn), qualname)
            continue
        if keep[id(fn)] == name and id(fn) not in claimed:
            target = fn
        else:
            target = _copy(fn)
        target.__name__, target.__qualname__ = name, qualname
        claimed[id(target)] = qualname
        value = get(name)
        if isinstance(value, staticmethod):
            target = staticmethod(target)
        elif isinstance(value, classmethod):
            target = classmethod(target)
        out[name] = target
    return out
