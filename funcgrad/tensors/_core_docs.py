"""Docstrings of the Tensor attributes of `_core`: autograd state, metadata, conversion.

`_core` holds the Tensor class and is near the project's file-size limit, so the
docstrings of its attributes live here, one entry per method or property, and
`apply` sets them when the class is built (properties get new property objects with
the same accessors). Attributes that document themselves in `_core` are not listed.
"""

TENSOR = {
    # ---- metadata
    "shape": "The tensor's size as a `funcgrad.Size` (a tuple), as ``size()``.",
    "size": """The tensor's shape, or the size of one dimension.

        Parameters
        ----------
        dim : int, optional
            A dimension (negative counts from the end).

        Returns
        -------
        funcgrad.Size or int
            The whole shape without `dim`, else that dimension's size.
        """,
    "dim": """The number of dimensions; `ndimension` is the same method.

        Returns
        -------
        int
        """,
    "ndim": "The number of dimensions, as ``dim()``.",
    "numel": """The number of elements; `nelement` is the same method.

        Returns
        -------
        int
        """,
    "element_size": """The size of one element in bytes (4 for float32).

        Returns
        -------
        int
        """,
    "dtype": "The tensor's dtype, a `funcgrad.dtype` such as ``funcgrad.float32``.",
    "is_floating_point": """Whether the dtype is a floating point one (float16/32/64).

        Returns
        -------
        bool
        """,
    "is_complex": """Whether the dtype is complex.

        Returns
        -------
        bool
        """,
    "is_contiguous": """Whether the elements are laid out contiguously in C order.

        Parameters
        ----------
        memory_format : optional
            Accepted for PyTorch compatibility; ignored.

        Returns
        -------
        bool
            False for non-contiguous views such as ``t()`` or strided slices.
        """,
    "data_ptr": """The address of the first element in memory.

        Returns
        -------
        int
            Tensors sharing memory (views, detach() aliases) share addresses.
        """,
    "stride": """The step, in elements, between neighbours along each dimension.

        Parameters
        ----------
        dim : int, optional
            One dimension.

        Returns
        -------
        tuple of int or int
            All strides without `dim`, else that dimension's stride.
        """,
    "type": """The legacy type name (``'funcgrad.FloatTensor'``), or a conversion.

        Parameters
        ----------
        dtype : funcgrad.dtype or str, optional
            The dtype to convert to, or a legacy type name such as
            ``'funcgrad.DoubleTensor'`` (``'funcgrad.cuda.FloatTensor'`` also moves
            the tensor to the GPU).
        non_blocking : bool, default False
            Accepted for PyTorch compatibility; ignored.
        **kwargs
            Accepted for PyTorch compatibility; ignored.

        Returns
        -------
        str or Tensor
            The type name without `dtype`; else ``self.to(...)`` (self when nothing
            changes, otherwise a copy recording ``ToCopyBackward0``).

        Raises
        ------
        ValueError
            For an unknown type name.
        """,
    # ---- autograd attributes
    "requires_grad": """Whether gradients are computed for this tensor.

        Settable on leaves (floating point and complex dtypes only); a result of a
        recorded op requires grad when any of its inputs does. Setting it on a
        non-leaf raises RuntimeError, except to True (a no-op).
        """,
    "requires_grad_": """Set `requires_grad` in place and return self.

        Parameters
        ----------
        requires_grad : bool, default True
            The new flag.

        Returns
        -------
        Tensor
            self.

        Raises
        ------
        RuntimeError
            When turning it off on a non-leaf (use ``detach()``), turning it on for
            an integer or bool tensor, or turning it on for an inference tensor
            outside inference mode.

        Examples
        --------
        >>> import funcgrad as fg
        >>> w = fg.zeros(3).requires_grad_()
        >>> w.requires_grad, w.is_leaf
        (True, True)
        """,
    "grad_fn": ("The graph node that made this tensor (``MulBackward0``...), None for "
                "leaves. A view modified in place gets a regenerated node "
                "(``AsStridedBackward0``), as in PyTorch. Not writable."),
    "is_leaf": ("True for tensors made by the user or not requiring grad (no grad_fn); "
                "only leaves have .grad filled by backward. Not writable."),
    "output_nr": "Which output of its grad_fn this tensor is (0 for single-output ops).",
    "retains_grad": "True for a non-leaf on which `retain_grad()` was called.",
    "retain_grad": """Make backward fill this non-leaf tensor's `.grad` too.

        A no-op on leaves (they always get `.grad`).

        Raises
        ------
        RuntimeError
            If the tensor does not require grad.

        Examples
        --------
        >>> import funcgrad as fg
        >>> x = fg.tensor([1.0, 2.0], requires_grad=True)
        >>> y = x * 3
        >>> y.retain_grad()
        >>> y.sum().backward()
        >>> y.grad
        tensor([1., 1.])
        """,
    "grad": """The gradient accumulated by backward (a Tensor of self's shape), or None.

        Backward adds into it; set it to None (or ``del t.grad``) to reset. Reading it on
        a non-leaf that does not retain its gradient warns, as PyTorch does. Assigning
        checks the shape and dtype (RuntimeError) and the type (TypeError).
        """,
    "is_inference": """Whether this tensor was made in `inference_mode` (no version counter).

        Returns
        -------
        bool
        """,
    "backward": """Compute the gradient of this tensor w.r.t. the graph leaves, into their .grad.

        Gradients accumulate: call ``zero_()`` on them or set them to None between
        steps. Hooks registered on the way run, with PyTorch's ordering.

        Parameters
        ----------
        gradient : Tensor, optional
            The gradient w.r.t. self (the vector of the vector-Jacobian product), of
            self's shape. Optional only when self has one element (then 1).
        retain_graph : bool, optional
            Keep the saved values so backward can run through the graph again;
            defaults to `create_graph`.
        create_graph : bool, default False
            Record the backward computation, so the gradients have grad_fns and can
            be differentiated again (higher-order derivatives).
        inputs : Tensor or sequence of Tensor, optional
            Accumulate only into these tensors (leaves or not); the others' `.grad`
            are left alone.

        Raises
        ------
        RuntimeError
            If self does not require grad, if `gradient` is missing for a tensor with
            more than one element or has the wrong shape, if a saved value was
            modified in place since it was saved, or when running a second time
            through a graph whose saved values were freed (pass retain_graph=True).

        See Also
        --------
        funcgrad.autograd.backward : several tensors at once.
        funcgrad.autograd.grad : return the gradients instead of accumulating them.

        Examples
        --------
        >>> import funcgrad as fg
        >>> x = fg.tensor([2.0, 3.0], requires_grad=True)
        >>> ((x + 3) * (x + 3) * 3).mean().backward()
        >>> x.grad
        tensor([15., 18.])
        """,
    "register_hook": """Register `hook(grad)`, run when the gradient w.r.t. self is computed.

        The hook may return a Tensor, which replaces the gradient for the rest of the
        backward pass (and, on a leaf, what is accumulated into `.grad`), or None to
        leave it unchanged. Hooks run in registration order.

        Parameters
        ----------
        hook : callable
            ``hook(grad) -> Tensor or None``.

        Returns
        -------
        RemovableHandle
            ``handle.remove()`` unregisters the hook.

        Raises
        ------
        RuntimeError
            If the tensor does not require grad.

        Examples
        --------
        >>> import funcgrad as fg
        >>> x = fg.tensor([1.0, 2.0], requires_grad=True)
        >>> handle = x.register_hook(lambda g: g * 10)
        >>> (x * x).sum().backward()
        >>> x.grad
        tensor([20., 40.])
        >>> handle.remove()
        """,
    "register_post_accumulate_grad_hook": """Register `hook(tensor)`, run after .grad is filled.

        Backward calls it once it has accumulated into this leaf's `.grad`.

        Parameters
        ----------
        hook : callable
            ``hook(tensor) -> None``; it receives the leaf itself and may read or
            change its `.grad` (an optimizer step, for example).

        Returns
        -------
        RemovableHandle
            ``handle.remove()`` unregisters the hook.

        Raises
        ------
        RuntimeError
            If the tensor does not require grad or is not a leaf.
        """,
    "detach": """A new leaf sharing this tensor's memory and version counter, out of the graph.

        Returns
        -------
        Tensor
            A tensor with requires_grad False. In-place changes to either are seen by
            the other and bump the shared version counter, so backward still detects
            a saved value modified through the alias.

        See Also
        --------
        funcgrad.Tensor.clone : a copy that stays in the graph.
        """,
    "detach_": """Cut this tensor from the graph in place: it becomes a leaf without grad.

        Returns
        -------
        Tensor
            self.

        Raises
        ------
        RuntimeError
            On a view (use ``detach()``).
        """,
    "data": ("An alias of the data that autograd does not track (its own version "
             "counter, requires_grad False). Assigning a tensor replaces self's data "
             "without recording anything."),
    # ---- conversion
    "numpy": """The data as a numpy array, sharing memory with the tensor.

        Parameters
        ----------
        force : bool, default False
            Allow it on a tensor that requires grad (and copy device data to the host).

        Returns
        -------
        numpy.ndarray
            The array itself, not a copy: changes to it are seen by the tensor (without
            a version bump).

        Raises
        ------
        TypeError
            For a tensor on a GPU device (use ``t.cpu()`` first); checked first.
        RuntimeError
            If the tensor requires grad and grad mode is on (use
            ``t.detach().numpy()``, or call it under ``funcgrad.no_grad()``).
        """,
    "item": """The value of a one-element tensor as a Python number.

        Returns
        -------
        float, int, bool or complex

        Raises
        ------
        RuntimeError
            If the tensor has more than one element.
        """,
    "tolist": """The data as nested Python lists of numbers; a number for a 0-dim tensor.

        Returns
        -------
        list or number
        """,
}

SIZE = {
    "numel": """The number of elements of a tensor of this shape (the product of the sizes).

        Returns
        -------
        int
        """,
}

IS_TENSOR = """Whether `obj` is a funcgrad Tensor (or a Parameter).

    Parameters
    ----------
    obj : object
        Anything.

    Returns
    -------
    bool
    """


def _set(cls, name, doc):
    """Give the attribute `name` of `cls` (a function or a property) the docstring `doc`."""
    value = vars(cls)[name]
    if isinstance(value, property):
        setattr(cls, name, property(value.fget, value.fset, value.fdel, doc))
    else:
        value.__doc__ = doc


def apply(tensor_cls, size_cls, is_tensor):
    """Set the docstrings of the Tensor and Size attributes listed here, and is_tensor's."""
    for name, doc in TENSOR.items():
        if name in vars(tensor_cls):
            _set(tensor_cls, name, doc)
    for name, doc in SIZE.items():
        _set(size_cls, name, doc)
    is_tensor.__doc__ = IS_TENSOR
