"""Custom autograd Functions: `class MyExp(funcgrad.autograd.Function)` with static
`forward(ctx, *args)` and `backward(ctx, *grads)`, applied as `MyExp.apply(x)`.

The graph node of an application is also its `ctx` (as in PyTorch): an instance of
`MyExpBackward`, made per Function class, holding saved tensors (version-checked and
released like any node's), `needs_input_grad` and the user's attributes. forward runs
under no_grad; backward runs with grad mode = create_graph, so a backward written
with Tensor ops supports double backward unless marked `@once_differentiable`.
"""
import functools
import warnings

from funcgrad.autograd.engine import module_of
from funcgrad.autograd.grad_mode import no_grad, state
from funcgrad.autograd.graph import (FREED_MESSAGE, NO_EDGE, Node, check_saved_tensor,
                                     version_error)

__all__ = ["Function", "FunctionCtx", "BackwardCFunction", "once_differentiable"]


def _tensor_cls():
    from funcgrad.tensors._core import Tensor
    return Tensor


class FunctionCtx:
    """The ctx API of custom Functions: what `forward` / `setup_context` call on ``ctx``.

    ``ctx`` is also the graph node of the application (a `BackwardCFunction`): user
    attributes set on it in forward are there in backward, and
    ``ctx.needs_input_grad`` says which inputs need a gradient.
    """

    def save_for_backward(self, *tensors):
        """Save tensors (inputs or outputs of forward) for backward, as ``ctx.saved_tensors``.

        They are version-checked like any saved value: modifying one in place before
        backward makes backward raise. Non-tensor values belong on ctx as attributes.

        Parameters
        ----------
        *tensors : Tensor or None
            The tensors to save.

        Raises
        ------
        TypeError
            If an argument is neither a Tensor nor None.
        """
        Tensor = _tensor_cls()
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(f"save_for_backward can only save variables, but argument {i} "
                                f"is of type {type(t).__name__}")
        self.to_save = tensors

    def mark_dirty(self, *tensors):
        """Declare the input tensors that forward modified in place.

        Their version counters are bumped and the Function's node becomes their history,
        as for a built-in in-place op. Forward must return them.

        Parameters
        ----------
        *tensors : Tensor
            The inputs modified in place.
        """
        self.dirty_tensors = tensors

    def mark_non_differentiable(self, *tensors):
        """Declare outputs that are not differentiable (indices, masks).

        They do not require grad, and backward receives zeros (or None, see
        `set_materialize_grads`) for them.

        Parameters
        ----------
        *tensors : Tensor
            Outputs of forward.
        """
        self.non_differentiable = tensors

    def set_materialize_grads(self, value):
        """Choose whether backward receives zero tensors or None for outputs without a gradient.

        Parameters
        ----------
        value : bool
            True (the default) materializes zeros; False passes None.
        """
        self.materialize_grads = bool(value)

    def save_for_forward(self, *tensors):
        """Save tensors for a forward-mode `jvp`; kept for PyTorch compatibility (the facade
        has no forward-mode AD).

        Parameters
        ----------
        *tensors : Tensor
            The tensors to keep, as ``ctx.saved_for_forward``.
        """
        self.saved_for_forward = tensors


class BackwardCFunction(Node, FunctionCtx):
    """The graph node of one application of a custom Function, and its ``ctx``.

    Each Function subclass ``MyFn`` gets its own subclass ``MyFnBackward``, which is
    what ``output.grad_fn`` shows.
    """
    # no __slots__: user code stores arbitrary attributes on ctx
    _forward_cls = None

    def __init__(self):
        self._init(())
        self.to_save = ()
        self._saved = None
        self.dirty_tensors = ()
        self.non_differentiable = ()
        self.materialize_grads = True
        self.needs_input_grad = ()
        self._n_outputs = 1
        self._output_meta = ()
        self._input_meta = ()
        self._n_saved = 0

    @property
    def has_saved(self):
        """Whether the node keeps saved tensors (so freeing them matters)."""
        return bool(self._n_saved)

    def n_outputs(self):
        """The number of outputs (an int) forward returned."""
        return self._n_outputs

    @property
    def saved_tensors(self):
        """The tensors given to `save_for_backward`, as a tuple.

        Reading them after the graph was freed (a backward without retain_graph) raises
        RuntimeError, and so does reading one that was modified in place since it was
        saved. `saved_variables` is the same property.
        """
        if self._saved is None:
            return tuple(self.to_save) if self.to_save else ()
        if self._freed and self._n_saved:
            raise RuntimeError(FREED_MESSAGE)
        return tuple(self._unpack(entry) for entry in self._saved)

    saved_variables = saved_tensors

    def _unpack(self, entry):
        kind, obj, version = entry
        if kind == "none":
            return None
        if kind == "input":
            check_saved_tensor(obj, version)
            return obj
        data, vc, nr = obj   # a saved output: rebuilt, with this node as its grad_fn
        if vc[0] != version:
            from funcgrad._dtypes import from_numpy_dtype
            raise version_error(data, from_numpy_dtype(data.dtype).legacy, (self.label(), nr),
                                vc[0], version)
        from funcgrad.tensors._core import make
        t = make(data, True, self, nr)
        t._vc = vc
        return t

    def release(self):
        """Drop the saved tensors after a backward without retain_graph."""
        self._freed = True
        if self._saved:
            self._saved = ()

    def apply(self, grads, create_graph):
        """Run the Function's `backward` (or `vjp`) on the outputs' gradients.

        Parameters
        ----------
        grads : list
            One gradient per output of forward (None for those without one).
        create_graph : bool
            Whether the backward computation is recorded.

        Returns
        -------
        list
            One gradient per input of forward, summed to the input's shape and cast to
            its dtype.

        Raises
        ------
        NotImplementedError
            If the Function defines neither backward nor vjp.
        RuntimeError
            If backward returns the wrong number of gradients, a non-Tensor, or a
            gradient whose shape does not broadcast to its input's.
        """
        Tensor = _tensor_cls()
        from funcgrad.autograd.engine import user_convention
        from funcgrad.tensors._core import make
        wrapped = []
        for g, (shape, dtype, xp) in zip(grads, self._output_meta):
            g = user_convention(g)
            if g is None:
                if self.materialize_grads and shape is not None:
                    g = make(xp.zeros(shape, dtype), False, None)   # on the output's device
            elif not isinstance(g, Tensor):
                from funcgrad.autograd.engine import as_array
                g = make(as_array(g), False, None)
            wrapped.append(g)
        cls = self._forward_cls
        backward = getattr(cls, "backward", None)
        if backward is None or backward is Function.backward:
            backward = getattr(cls, "vjp", None)
            if backward is None or backward is Function.vjp:
                raise NotImplementedError(
                    "You must implement either the backward or vjp method for your custom "
                    "autograd.Function to use it with backward mode AD.")
        result = backward(self, *wrapped)
        return self._check_grads(result, create_graph)

    def _check_grads(self, result, create_graph):
        from funcgrad.autograd.engine import user_convention
        Tensor = _tensor_cls()
        if not isinstance(result, tuple):
            result = (result,)
        n = len(self._input_meta)
        if len(result) < n or any(r is not None for r in result[n:]):
            count = len(result) if len(result) < n else len(
                [r for r in result if r is not None]) if len(result) > n else len(result)
            raise RuntimeError(f"function {self.name()} returned an incorrect number of "
                               f"gradients (expected {n}, got {count})")
        out = []
        for i, (g, meta) in enumerate(zip(result[:n], self._input_meta)):
            if g is None or meta is None:
                out.append(None)
                continue
            if not isinstance(g, Tensor):
                raise RuntimeError(f"expected Variable or None (got {type(g).__name__})")
            g = _fit_to_input(g, meta, self.name(), i)
            out.append(user_convention(g if create_graph else g._data))
        return out


def _fit_to_input(g, meta, name, index):
    """Sum a broadcast-compatible gradient to the input's shape and cast to its dtype."""
    shape, dtype = meta
    g_shape = tuple(g.shape)
    if g_shape != shape:
        if not _expandable(shape, g_shape):
            raise RuntimeError(f"Function {name} returned an invalid gradient at index {index} - "
                               f"got {list(g_shape)} but expected shape compatible with "
                               f"{list(shape)}")
        from funcgrad.transforms.rules import unbroadcast
        g = unbroadcast(g, _ShapeOnly(shape))
    if g._data.dtype != dtype:
        g = g.to(dtype)
    return g


def _expandable(shape, target):
    """Whether `shape` broadcasts to exactly `target`."""
    if len(target) < len(shape):
        return False
    tail = target[len(target) - len(shape):]
    return all(s == t or s == 1 for s, t in zip(shape, tail))


class _ShapeOnly:
    __slots__ = ("shape", "dtype")

    def __init__(self, shape):
        self.shape = shape
        self.dtype = None


class FunctionMeta(type):
    """Metaclass of `Function`: gives each subclass its node class, ``<Name>Backward``.

    Parameters
    ----------
    name : str
        The class name.
    bases : tuple
        The base classes.
    attrs : dict
        The class namespace.
    """

    def __init__(cls, name, bases, attrs):
        backward_cls = type(name + "Backward", (BackwardCFunction,),
                            {"_forward_cls": cls, "__module__": __name__,
                             "__qualname__": name + "Backward"})
        cls._backward_cls = backward_cls
        super().__init__(name, bases, attrs)


class Function(metaclass=FunctionMeta):
    """Base of custom autograd functions: subclass it with static `forward` and `backward`.

    Apply it with ``MyFn.apply(*args)`` (never by instantiating it). forward runs
    under no_grad with ``ctx`` first (or without ctx when `setup_context` is
    defined); its tensor outputs get the node ``MyFnBackward`` as grad_fn when an
    input requires grad. backward receives one gradient per output and returns one
    per input of forward (None for inputs that need none); a gradient that
    broadcasts to its input's shape is summed to it. backward runs with grad mode
    set to create_graph, so one written with Tensor ops can be differentiated again
    unless it is decorated with `once_differentiable`. Forward-mode AD (`jvp`) is
    not supported by the facade.

    Parameters
    ----------
    *args
        Instantiating a Function is deprecated (DeprecationWarning); use ``apply``.
    **kwargs
        As `args`.

    Examples
    --------
    >>> import funcgrad as fg
    >>> class Exp(fg.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         y = x.exp()
    ...         ctx.save_for_backward(y)
    ...         return y
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         y, = ctx.saved_tensors
    ...         return grad * y
    >>> x = fg.tensor([0.0, 1.0], requires_grad=True)
    >>> y = Exp.apply(x)
    >>> y.grad_fn.name()
    'ExpBackward'
    >>> y.sum().backward()
    >>> x.grad
    tensor([1.0000, 2.7183])
    """

    def __init__(self, *args, **kwargs):
        warnings.warn(f"{self.__class__} should not be instantiated. Methods on autograd "
                      f"functions are all static, so you should invoke them on the class itself. "
                      f"Instantiating an autograd function will raise an error in a future "
                      f"version of PyTorch.", DeprecationWarning, stacklevel=2)

    def __call__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use "
            "new-style autograd function with static forward method. (Example: "
            "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        """The computation: override it as a staticmethod taking ``ctx`` and the inputs.

        Parameters
        ----------
        ctx : FunctionCtx
            The context (omitted from the signature when `setup_context` is defined).
        *args
            The inputs given to ``apply``.
        **kwargs
            Keyword inputs given to ``apply``.

        Returns
        -------
        Tensor or tuple
            The outputs.

        Raises
        ------
        NotImplementedError
            Unless overridden.
        """
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        """Optional: fill ``ctx`` from the inputs and output, for a forward without ctx.

        Parameters
        ----------
        ctx : FunctionCtx
            The context.
        inputs : tuple
            The positional inputs given to ``apply``.
        output : Tensor or tuple
            What forward returned.

        Raises
        ------
        NotImplementedError
            Unless overridden (then forward takes ctx).
        """
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        """The gradients of the inputs from those of the outputs: override it (`vjp` is an alias).

        Parameters
        ----------
        ctx : FunctionCtx
            The context forward filled.
        *grad_outputs : Tensor
            One gradient per output of forward.

        Returns
        -------
        Tensor, None or tuple
            One gradient per input of forward (None where none is needed).

        Raises
        ------
        NotImplementedError
            Unless overridden (or `vjp` is).
        """
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward mode AD.")

    vjp = backward

    @staticmethod
    def jvp(ctx, *grad_inputs):
        """The forward-mode rule; kept for PyTorch compatibility (the facade never calls it).

        Parameters
        ----------
        ctx : FunctionCtx
            The context.
        *grad_inputs : Tensor
            One tangent per input.

        Returns
        -------
        Tensor or tuple
            One tangent per output.

        Raises
        ------
        NotImplementedError
            Unless overridden.
        """
        raise NotImplementedError("You must implement the jvp function for custom "
                                  "autograd.Function to use it with forward mode AD.")

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run the Function on the inputs, recording its node when an input requires grad.

        Parameters
        ----------
        *args
            The inputs of forward (tensors and other values).
        **kwargs
            Keyword inputs of forward (tensors among them get gradients too).

        Returns
        -------
        Tensor or tuple
            What forward returned: floating point tensor outputs have the Function's
            node as grad_fn (outputs marked non-differentiable, and integer ones, do not
            require grad); an input returned unchanged comes back as a new alias.
        """
        return _apply(cls, args, kwargs)


def _apply(cls, args, kwargs):
    Tensor = _tensor_cls()
    inputs = list(args) + list(kwargs.values())
    ctx = cls._backward_cls()
    ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in inputs)
    recording = state.grad_enabled and any(ctx.needs_input_grad)
    custom_setup = cls.setup_context.__func__ if hasattr(cls.setup_context, "__func__") else \
        cls.setup_context
    with no_grad():
        if custom_setup is not Function.setup_context:
            output = cls.forward(*args, **kwargs)
            cls.setup_context(ctx, tuple(args), output)
        else:
            output = cls.forward(ctx, *args, **kwargs)
    is_tuple = isinstance(output, tuple)
    outputs = output if is_tuple else (output,)
    if not recording:
        return output
    ctx._edges = tuple(a._edge() if isinstance(a, Tensor) else NO_EDGE for a in inputs)
    ctx._input_meta = tuple((tuple(a._data.shape), a._data.dtype) if isinstance(a, Tensor)
                            else None for a in inputs)
    results = _wire_outputs(ctx, outputs, inputs)
    _save(ctx, inputs, results)
    return tuple(results) if is_tuple else results[0]


def _wire_outputs(ctx, outputs, inputs):
    """Give the Function's tensor outputs the node as grad_fn (or mark them constant)."""
    Tensor = _tensor_cls()
    from funcgrad.tensors._dispatch import rebase_history
    dirty = {id(t) for t in ctx.dirty_tensors}
    non_diff = {id(t) for t in ctx.non_differentiable}
    input_ids = {id(a) for a in inputs if isinstance(a, Tensor)}
    ctx._n_outputs = len(outputs)
    metas, results = [], []
    for k, o in enumerate(outputs):
        if not isinstance(o, Tensor):
            metas.append((None, None, None))
            results.append(o)
            continue
        metas.append((tuple(o._data.shape), o._data.dtype, module_of(o._data)))
        if id(o) in dirty:
            o._bump()
            rebase_history(o, ctx)
            o._output_nr = k if o._base is None else o._output_nr
            results.append(o)
            continue
        if id(o) in input_ids:
            o = _alias(o)
        if id(o) in non_diff or o._data.dtype.kind not in "fc":
            o._requires_grad = False
            o._grad_fn = None
        else:
            o._grad_fn = ctx
            o._output_nr = k
            o._requires_grad = True
        results.append(o)
    ctx._output_meta = tuple(metas)
    return results


def _alias(t):
    """A new tensor object for an input returned unchanged (same data and version)."""
    from funcgrad.tensors._core import make
    alias = make(t._data, False, None)
    alias._vc = t._counter()
    return alias


def _save(ctx, inputs, results):
    Tensor = _tensor_cls()
    from funcgrad.autograd.graph import _version_of as version_of
    outs = {id(r): k for k, r in enumerate(results) if isinstance(r, Tensor)}
    saved = []
    for t in ctx.to_save:
        if t is None:
            saved.append(("none", None, 0))
        elif id(t) in outs:
            vc = t._counter()
            saved.append(("output", (t._data, vc, outs[id(t)]), vc[0]))
        else:
            saved.append(("input", t, version_of(t)))
    ctx._saved = tuple(saved)
    ctx._n_saved = len(saved)
    ctx.to_save = ()


class _ErrorNode(Node):
    """grad_fn=<Error>: differentiating a @once_differentiable backward's result."""
    __slots__ = ()
    __module__ = "builtins"

    def apply(self, grads, create_graph):
        raise RuntimeError("trying to differentiate twice a function that was marked with "
                           "@once_differentiable")


_ErrorNode.__name__ = _ErrorNode.__qualname__ = "Error"


def once_differentiable(fn):
    """Decorate a Function's backward that is not itself differentiable.

    The backward then runs under no_grad; when a double backward would go through
    it, its results carry an ``Error`` node whose backward raises RuntimeError
    ("trying to differentiate twice a function that was marked with
    @once_differentiable").

    Parameters
    ----------
    fn : callable
        The ``backward(ctx, *grads)`` staticmethod body.

    Returns
    -------
    callable
        The wrapped backward.
    """
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        Tensor = _tensor_cls()
        with no_grad():
            outputs = fn(ctx, *args)
        if not state.grad_enabled:
            return outputs
        requiring = [a for a in args if isinstance(a, Tensor) and a.requires_grad]
        if not requiring:
            return outputs
        single = not isinstance(outputs, tuple)
        node = _ErrorNode.__new__(_ErrorNode)   # its edges are the outputs' own: none
        node._init(tuple(NO_EDGE for _ in ((outputs,) if single else outputs)))
        wrapped = tuple(_error_output(o, node) for o in ((outputs,) if single else outputs))
        return wrapped[0] if single else wrapped
    return wrapper


def _error_output(o, node):
    Tensor = _tensor_cls()
    if not isinstance(o, Tensor) or o._data.dtype.kind not in "fc":
        return o
    from funcgrad.tensors._core import make
    return make(o._data, True, node)
