"""Docstrings of the tensor factories of `_factories` (`tensor`, `zeros`, `arange`, `rand`...).

The factories share most of their parameters (dtype, device, requires_grad and the
PyTorch arguments accepted for compatibility), so their docstrings are assembled here
from one description per parameter; `apply` sets them on the functions of `_factories`.
"""

PARAMS = {
    "data": "data : array_like\n    Nested lists or tuples of numbers, a number, a numpy array "
            "or a Tensor.",
    "*size": "*size : int or sequence of int\n    The shape, as separate ints or one sequence "
             "(``zeros(2, 3)`` or ``zeros((2, 3))``).",
    "size": "size : sequence of int\n    The shape.",
    "dtype": "dtype : funcgrad.dtype, optional\n    The element type; {default} when None.",
    "device": "device : str or funcgrad.device, optional\n    Where the tensor lives ('cpu', "
              "'cuda', 'cuda:1'...); the default device\n    (`funcgrad.set_default_device`, "
              "'cpu' unless changed) when None.",
    "device_like": "device : str or funcgrad.device, optional\n    Where the tensor lives; "
                   "x's device when None.",
    "requires_grad": "requires_grad : bool, default False\n    Whether the new tensor, a leaf, "
                     "requires grad (floating point and\n    complex dtypes only).",
    "generator": "generator : funcgrad.Generator, optional\n    The generator to draw from; "
                 "`funcgrad.default_generator` when None.",
    "out": "out : None\n    Accepted for PyTorch compatibility; ignored.",
    "layout": "layout : None\n    Accepted for PyTorch compatibility; ignored.",
    "memory_format": "memory_format : None\n    Accepted for PyTorch compatibility; ignored.",
    "pin_memory": "pin_memory : bool, default False\n    Accepted for PyTorch compatibility; "
                  "ignored.",
    "x": "x : Tensor\n    The tensor whose shape (and, by default, dtype and device) to take.",
}

FLOAT = "the default float dtype (`funcgrad.get_default_dtype`)"


def _doc(summary, names, returns="Tensor\n    A new leaf tensor.", default=FLOAT, extra=None,
         notes=None, raises=None, examples=None):
    """A factory's docstring: `names` are keys of PARAMS, `extra` more ``name : type`` entries
    placed before them, in signature order when given as (position, text) pairs."""
    entries = [PARAMS[n].format(default=default) for n in names]
    for position, text in extra or ():
        entries.insert(position, text)
    out = summary + "\n\nParameters\n----------\n" + "\n".join(entries) + "\n"
    out += "\nReturns\n-------\n" + returns + "\n"
    if raises:
        out += "\nRaises\n------\n" + raises + "\n"
    if notes:
        out += "\nNotes\n-----\n" + notes + "\n"
    if examples:
        out += "\nExamples\n--------\n" + examples + "\n"
    return out


_FILL = ["*size", "dtype", "device", "requires_grad", "out", "layout"]
_LIKE = ["x", "dtype", "device_like", "requires_grad", "layout", "memory_format"]
_RANDOM = ["*size", "dtype", "device", "requires_grad", "generator", "out"]

DOCS = {
    "tensor": _doc(
        "A new leaf tensor holding a copy of `data`.",
        ["data", "dtype", "device", "requires_grad", "pin_memory"],
        default="inferred from the data as PyTorch does (Python floats give the\n    default "
                "float dtype, ints int64, bools bool; numpy arrays keep their dtype)",
        raises="TypeError\n    For elements that are not numbers (or nested sequences of "
               "them).\nValueError\n    For ragged nested sequences.",
        notes="Passing a Tensor copies it and warns (use ``t.detach().clone()``), as PyTorch "
              "does.",
        examples=">>> import funcgrad as fg\n>>> fg.tensor([[1, 2], [3, 4]]).dtype\n"
                 "funcgrad.int64\n>>> fg.tensor([1.0, 2.0], requires_grad=True)\n"
                 "tensor([1., 2.], requires_grad=True)"),
    "scalar_tensor": _doc(
        "A 0-dim tensor holding the number `s`.",
        ["dtype", "device", "requires_grad"], extra=[(0, "s : number\n    The value.")]),
    "as_tensor": _doc(
        "`data` as a tensor, sharing memory when it can (a numpy array or tensor of the "
        "requested dtype and device), else a copy.",
        ["data", "dtype", "device"], default="data's own, or inferred",
        returns="Tensor\n    `data` itself for a tensor needing no conversion, a tensor "
                "sharing a numpy\n    array's memory, or a new tensor."),
    "from_numpy": _doc(
        "A tensor sharing the memory (and dtype) of a numpy array.",
        [], extra=[(0, "array : numpy.ndarray\n    The array; writes through either are seen "
                       "by both.")],
        returns="Tensor\n    A CPU tensor that does not require grad.",
        raises="TypeError\n    If `array` is not a numpy array or has a dtype PyTorch lacks."),
    "zeros": _doc("A tensor filled with 0.", _FILL),
    "ones": _doc("A tensor filled with 1.", _FILL),
    "empty": _doc("An uninitialized tensor (here: filled with 0).",
                  _FILL + ["memory_format"]),
    "full": _doc(
        "A tensor filled with `fill_value`.",
        ["size", "dtype", "device", "requires_grad", "out", "layout"],
        default="the dtype of fill_value (bool, int64 or the default float)",
        extra=[(1, "fill_value : number or Tensor\n    The value (a one-element tensor is read "
                   "as a number).")]),
    "eye": _doc(
        "A 2-D tensor with ones on the diagonal and zeros elsewhere.",
        ["dtype", "device", "requires_grad", "out"],
        extra=[(0, "n : int\n    Number of rows."),
               (1, "m : int, optional\n    Number of columns; n when None.")]),
    "arange": _doc(
        "Values from `start` (inclusive) to `end` (exclusive) in steps of `step`.",
        ["dtype", "device", "requires_grad", "out"],
        default="int64 for integer arguments, the default float dtype when one is a float",
        extra=[(0, "start : number\n    The first value; with `end` None, it is the end and "
                   "the start is 0."),
               (1, "end : number, optional\n    The bound, not included."),
               (2, "step : number, default 1\n    The spacing.")],
        raises="RuntimeError\n    If `step` is 0."),
    "linspace": _doc(
        "`steps` evenly spaced values from `start` to `end`, both included.",
        ["dtype", "device", "requires_grad", "out"],
        extra=[(0, "start : number\n    The first value."),
               (1, "end : number\n    The last value."),
               (2, "steps : int\n    The number of values.")],
        notes="The second half is computed backward from `end`, as PyTorch does, so the values "
              "match PyTorch's to the last bit."),
    "logspace": _doc(
        "``base ** linspace(start, end, steps)``.",
        ["dtype", "device", "requires_grad"],
        extra=[(0, "start : number\n    The first exponent."),
               (1, "end : number\n    The last exponent."),
               (2, "steps : int\n    The number of values."),
               (3, "base : float, default 10.0\n    The base.")]),
    "rand": _doc("Samples from the uniform distribution on [0, 1).", _RANDOM,
                 raises="NotImplementedError\n    For an integer or bool dtype (PyTorch's "
                        "error)."),
    "randn": _doc("Samples from the standard normal distribution (complex: unit variance).",
                  _RANDOM, raises="NotImplementedError\n    For an integer or bool dtype."),
    "randint": _doc(
        "Integers drawn uniformly from [low, high).",
        ["dtype", "device", "requires_grad", "generator"], default="int64",
        extra=[(0, "low : int\n    The lowest value; ``randint(high, size)`` means low = 0."),
               (1, "high : int, optional\n    One above the highest value."),
               (2, "size : sequence of int, optional\n    The shape.")]),
    "randperm": _doc(
        "A random permutation of ``0 .. n - 1``.",
        ["dtype", "device", "requires_grad", "generator"], default="int64",
        extra=[(0, "n : int\n    The number of values.")]),
    "zeros_like": _doc("Zeros of x's shape.", _LIKE, default="x's"),
    "ones_like": _doc("Ones of x's shape.", _LIKE, default="x's"),
    "empty_like": _doc("An uninitialized tensor of x's shape (here: zeros).", _LIKE,
                       default="x's"),
    "full_like": _doc("A tensor of x's shape filled with `fill_value`.", _LIKE, default="x's",
                      extra=[(1, "fill_value : number\n    The value.")]),
    "rand_like": _doc("Uniform samples on [0, 1) of x's shape.", _LIKE, default="x's"),
    "randn_like": _doc("Standard normal samples of x's shape.", _LIKE, default="x's"),
    "randint_like": _doc(
        "Integers drawn uniformly from [low, high), of x's shape.",
        ["x", "dtype", "device_like", "requires_grad"], default="x's",
        extra=[(1, "low : int, default 0\n    The lowest value; with `high` None it is the "
                   "bound and low is 0."),
               (2, "high : int, optional\n    One above the highest value.")]),
}

SEEDING = {
    "manual_seed": """Seed the default generator (what rand, randn, randint, randperm and
dropout draw from without a `generator`), and the CUDA one, as torch.manual_seed does.

Parameters
----------
seed : int
    The seed.

Returns
-------
Generator
    `funcgrad.default_generator`.

Examples
--------
>>> import funcgrad as fg
>>> _ = fg.manual_seed(0)
>>> a = fg.rand(2)
>>> _ = fg.manual_seed(0)
>>> bool((fg.rand(2) == a).all())
True
""",
    "seed": """Seed the default generator (and the CUDA one) from fresh entropy.

Returns
-------
int
    The seed used.
""",
    "initial_seed": """The seed the default generator was last seeded with.

Returns
-------
int
""",
}

GENERATOR = {
    "manual_seed": """Seed the generator.

Parameters
----------
seed : int
    The seed (taken modulo 2**64 by the underlying numpy PCG64 stream).

Returns
-------
Generator
    self.
""",
    "initial_seed": """The seed the generator was last seeded with.

Returns
-------
int
""",
    "seed": """Seed the generator from fresh entropy.

Returns
-------
int
    The seed used.
""",
    "get_state": """The generator's state (numpy's bit-generator state dict, not a tensor as
in PyTorch).

Returns
-------
dict
""",
    "set_state": """Restore a state from `get_state`.

Parameters
----------
new_state : dict
    A state returned by `get_state`.

Returns
-------
Generator
    self.
""",
}

GENERATOR_CLASS = """The random number generator behind the random factories: a numpy PCG64 stream.

Parameters
----------
device : str, default "cpu"
    Accepted for PyTorch compatibility; the stream is the same for every device.
"""

LEGACY = """The legacy ``{module}.{name}`` constructor: a tensor of dtype {dtype}.

``{name}(data)`` copies `data`, ``{name}(2, 3)`` is an uninitialized (zero) 2x3
tensor, ``{name}()`` is empty; ``isinstance(t, {name})`` checks the dtype (and
device type).

Parameters
----------
*args
    The data, or the sizes.
**kwargs
    Only `device` is accepted.
"""


def legacy_doc(cls):
    """The docstring of a legacy constructor class (FloatTensor, cuda.FloatTensor...)."""
    return LEGACY.format(module=cls.__module__, name=cls.__name__, dtype=cls.dtype)


def apply(namespace):
    """Set the docstrings of the factories, seeding functions and Generator found in
    `namespace` (the globals of `_factories`)."""
    for name, doc in {**DOCS, **SEEDING}.items():
        namespace[name].__doc__ = doc
    generator = namespace["Generator"]
    generator.__doc__ = GENERATOR_CLASS
    for name, doc in GENERATOR.items():
        getattr(generator, name).__doc__ = doc
