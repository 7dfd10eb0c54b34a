"""Pytrees: nested tuples, lists, dicts, namedtuples and None, flattened to a list of leaves.

`flatten(tree) -> (leaves, treedef)` and `unflatten(treedef, leaves)` are inverses.
Dicts are walked in sorted key order (as JAX does), so two dicts with the same
keys flatten alike whatever their insertion order. None is an empty subtree.
"""
__all__ = ["flatten", "unflatten", "tree_map", "leaves"]


class TreeDef:
    """The shape of a pytree with its leaves taken out."""
    __slots__ = ("kind", "meta", "children")

    def __init__(self, kind, meta, children):
        self.kind = kind          # "leaf", "none", "tuple", "list", "dict", "namedtuple"
        self.meta = meta          # dict keys or the namedtuple class
        self.children = children

    def __eq__(self, other):
        return (isinstance(other, TreeDef) and self.kind == other.kind
                and self.meta == other.meta and self.children == other.children)

    def __repr__(self):
        if self.kind == "leaf":
            return "*"
        if self.kind == "none":
            return "None"
        inner = ", ".join(map(repr, self.children))
        if self.kind == "dict":
            inner = ", ".join(f"{k!r}: {c!r}" for k, c in zip(self.meta, self.children))
            return "{" + inner + "}"
        if self.kind == "tuple":
            return f"({inner},)" if len(self.children) == 1 else f"({inner})"
        if self.kind == "list":
            return f"[{inner}]"
        return f"{getattr(self.meta, '__name__', self.kind)}({inner})"

    @property
    def num_leaves(self):
        """How many leaves a tree of this shape holds."""
        if self.kind == "leaf":
            return 1
        return sum(c.num_leaves for c in self.children)


_LEAF = TreeDef("leaf", None, ())
_NONE = TreeDef("none", None, ())


def _node(tree):
    """(kind, meta, children) of a container, or None for a leaf."""
    if tree is None:
        return "none", None, ()
    t = type(tree)
    if t is tuple:
        return "tuple", None, tree
    if t is list:
        return "list", None, tree
    if isinstance(tree, dict):
        keys = sorted(tree)
        return "dict", tuple(keys), [tree[k] for k in keys]
    if isinstance(tree, tuple) and hasattr(tree, "_fields"):
        return "namedtuple", t, tuple(tree)
    return None


def flatten(tree):
    """Split a pytree into its leaves and its structure.

    Containers are tuples, lists, dicts (walked in sorted key order; any dict subclass is
    rebuilt as a plain dict), namedtuples and None (an empty subtree); anything else,
    arrays and tracers included, is a leaf. The walk is iterative, so deep trees do not
    hit Python's recursion limit.

    Parameters
    ----------
    tree : object
        The pytree.

    Returns
    -------
    leaves : list
        The leaves, depth first, left to right.
    treedef : TreeDef
        The structure; it compares equal for trees of the same shape and prints with
        ``*`` for each leaf.

    Examples
    --------
    >>> from funcgrad import tree_flatten
    >>> tree_flatten({"b": [1, 2], "a": (3, None)})
    ([3, 1, 2], {'a': (*, None), 'b': [*, *]})
    """
    leaves = []
    # stack of (node, parent_children_list); build treedefs bottom-up with a post-order walk
    root_holder = []
    stack = [(tree, root_holder, False, None)]
    while stack:
        node, out, expanded, info = stack.pop()
        if expanded:
            kind, meta, kids = info
            out.append(TreeDef(kind, meta, tuple(kids)))
            continue
        n = _node(node)
        if n is None:
            leaves.append(node)
            out.append(_LEAF)
            continue
        kind, meta, children = n
        if kind == "none":
            out.append(_NONE)
            continue
        kids = []
        stack.append((None, out, True, (kind, meta, kids)))
        for child in reversed(list(children)):
            stack.append((child, kids, False, None))
    return leaves, root_holder[0]


def unflatten(treedef, leaves):
    """Rebuild a pytree of `treedef`'s structure from leaves; the inverse of `flatten`.

    Parameters
    ----------
    treedef : TreeDef
        The structure, as returned by `flatten`.
    leaves : iterable
        The new leaves, in `flatten`'s order.

    Returns
    -------
    object
        The pytree.

    Raises
    ------
    ValueError
        If there are too few leaves or leaves are left over.

    Examples
    --------
    >>> from funcgrad import tree_flatten, tree_unflatten
    >>> leaves, treedef = tree_flatten((1.0, {"w": 2.0}))
    >>> tree_unflatten(treedef, [x * 10 for x in leaves])
    (10.0, {'w': 20.0})
    """
    it = iter(leaves)
    try:
        result = _build(treedef, it)
    except StopIteration:
        raise ValueError(f"unflatten: too few leaves for tree {treedef!r}") from None
    rest = list(it)
    if rest:
        raise ValueError(f"unflatten: {len(rest)} leaves left over for tree {treedef!r}")
    return result


def _build(td, it):
    if td.kind == "leaf":
        return next(it)
    if td.kind == "none":
        return None
    kids = [_build(c, it) for c in td.children]
    if td.kind == "tuple":
        return tuple(kids)
    if td.kind == "list":
        return kids
    if td.kind == "dict":
        return dict(zip(td.meta, kids))
    return td.meta(*kids)


def leaves(tree):
    """List the leaves of a pytree.

    Parameters
    ----------
    tree : object
        The pytree.

    Returns
    -------
    list
        Its leaves, in `flatten`'s order.
    """
    return flatten(tree)[0]


def tree_map(fn, tree, *rest):
    """Apply a function leaf by leaf over one or more pytrees of the same structure.

    Parameters
    ----------
    fn : callable
        Called as ``fn(leaf, *leaves_of_rest)`` for each leaf position.
    tree : object
        The pytree whose structure the result takes.
    *rest : object
        More pytrees with the same structure as `tree` (not checked: their leaves are
        paired in `flatten`'s order).

    Returns
    -------
    object
        A pytree of tree's structure holding fn's results.

    Examples
    --------
    >>> from funcgrad import tree_map
    >>> tree_map(lambda p, g: p - 0.1 * g, {"w": 1.0, "b": [2.0]}, {"w": 10.0, "b": [0.0]})
    {'b': [2.0], 'w': 0.0}
    """
    flat, td = flatten(tree)
    others = [flatten(r)[0] for r in rest]
    return unflatten(td, [fn(*xs) for xs in zip(flat, *others)])
