"""Arithmetic: the Python operators and their numpy ufuncs, elementwise with broadcasting.

Each docstring is the rule's contract: ans = f(args); ∂ans/∂arg elementwise, which the
d_ rules return ([P] is 1 where P holds, else 0). The drivers broadcast tangents and
sum cotangents back to each argument's shape and dtype.
"""
from funcgrad.primitive import primitive

__all__ = ["add", "subtract", "multiply", "true_divide", "negative", "power", "square",
           "reciprocal", "floor_divide", "remainder", "absolute", "sign", "maximum",
           "minimum", "where", "clip", "stop_gradient", "equal", "not_equal", "less", "less_equal",
           "greater", "greater_equal", "logical_and", "logical_or", "logical_not",
           "logical_xor"]


@primitive
class Add:
    """ans = x + y;  ∂/∂x = 1,  ∂/∂y = 1.

    See Also
    --------
    numpy.add
    """
    def impl(xp, x, y): return xp.add(x, y)
    def d_x(ans, x, y): return 1
    def d_y(ans, x, y): return 1


@primitive
class Subtract:
    """ans = x - y;  ∂/∂x = 1,  ∂/∂y = -1.

    See Also
    --------
    numpy.subtract
    """
    def impl(xp, x, y): return xp.subtract(x, y)
    def d_x(ans, x, y): return 1
    def d_y(ans, x, y): return -1


@primitive
class Multiply:
    """ans = x·y;  ∂/∂x = y,  ∂/∂y = x.

    See Also
    --------
    numpy.multiply
    """
    def impl(xp, x, y): return xp.multiply(x, y)
    def d_x(ans, x, y): return y
    def d_y(ans, x, y): return x


@primitive
class TrueDivide:
    """ans = x / y;  ∂/∂x = 1/y,  ∂/∂y = -x/y².

    ∂/∂y is computed as -(x/y)/y: the rules read x and y, not ans, so a Tensor program may
    update ans in place (PyTorch's DivBackward0 saves x and y too).

    See Also
    --------
    numpy.true_divide
    """
    def impl(xp, x, y): return xp.true_divide(x, y)
    def d_x(ans, x, y): return true_divide(1.0, y)   # y = 0.0: inf, not ZeroDivisionError
    def d_y(ans, x, y): return -(x / y) / y


@primitive
class Negative:
    """ans = -x;  ∂/∂x = -1.

    See Also
    --------
    numpy.negative
    """
    def impl(xp, x): return xp.negative(x)
    def d_x(ans, x): return -1


@primitive
class Power:
    """ans = xʸ;  ∂/∂x = y·x^(y-1) (0 for the constant y = 0),  ∂/∂y = ln(x)·ans (0 where x = 0).

    See Also
    --------
    numpy.power
    """
    def impl(xp, x, y): return xp.power(x, y)
    def d_x(ans, x, y):
        if type(y) is int or type(y) is float:   # a constant exponent: simplify (and x⁰ at 0)
            return 0 if y == 0 else 1 if y == 1 else 2 * x if y == 2 else y * x ** (y - 1)
        return y * x ** (y - 1)
    def d_y(ans, x, y):
        from .elementwise import log
        safe_x = where(equal(x, 0), 1, x)
        return where(equal(x, 0), 0, log(safe_x) * ans)


@primitive
class Square:
    """ans = x²;  ∂/∂x = 2x.

    See Also
    --------
    numpy.square
    """
    def impl(xp, x): return xp.square(x)
    def d_x(ans, x): return 2 * x


@primitive
class Reciprocal:
    """ans = 1/x;  ∂/∂x = -ans².

    See Also
    --------
    numpy.reciprocal
    """
    def impl(xp, x): return xp.reciprocal(x)
    def d_x(ans, x): return -ans * ans


@primitive
class FloorDivide:
    """ans = ⌊x/y⌋;  piecewise constant: ∂/∂x = ∂/∂y = 0 (nondiff).

    See Also
    --------
    numpy.floor_divide
    """
    elementwise = True
    nondiff = True
    def impl(xp, x, y): return xp.floor_divide(x, y)


@primitive
class Remainder:
    """ans = x - ⌊x/y⌋·y (Python's %);  ∂/∂x = 1,  ∂/∂y = -⌊x/y⌋.

    See Also
    --------
    numpy.remainder
    """
    def impl(xp, x, y): return xp.remainder(x, y)
    def d_x(ans, x, y): return 1
    def d_y(ans, x, y): return -floor_divide(x, y)


@primitive
class StopGradient:
    """ans = x;  ∂/∂x = 0 under every transform (nondiff), while vmap keeps it batched."""
    elementwise = True
    nondiff = True
    def impl(xp, x): return x


@primitive
class Absolute:
    """ans = |x|;  ∂/∂x = sign(x) (0 at x = 0).

    See Also
    --------
    numpy.fabs
    """
    def impl(xp, x): return xp.absolute(x)
    def d_x(ans, x): return sign(x)


@primitive
class Sign:
    """ans = sign(x);  piecewise constant: ∂/∂x = 0 (nondiff).

    See Also
    --------
    numpy.sign
    """
    elementwise = True
    nondiff = True
    def impl(xp, x): return xp.sign(x)


def _tie_split(x, y):
    """1 where x > y, ½ where x == y, 0 elsewhere: ties share the gradient."""
    return where(greater(x, y), 1.0, where(equal(x, y), 0.5, 0.0))


@primitive
class Maximum:
    """ans = max(x, y);  ∂/∂x = [x > y] + ½[x = y],  ∂/∂y = [y > x] + ½[x = y] (ties share).

    See Also
    --------
    numpy.maximum
    """
    def impl(xp, x, y): return xp.maximum(x, y)
    def d_x(ans, x, y): return _tie_split(x, y)
    def d_y(ans, x, y): return _tie_split(y, x)


@primitive
class Minimum:
    """ans = min(x, y);  ∂/∂x = [x < y] + ½[x = y],  ∂/∂y = [y < x] + ½[x = y] (ties share).

    See Also
    --------
    numpy.minimum
    """
    def impl(xp, x, y): return xp.minimum(x, y)
    def d_x(ans, x, y): return _tie_split(y, x)
    def d_y(ans, x, y): return _tie_split(x, y)


@primitive
class Where:
    """ans = condition ? x : y;  ∂/∂x = [condition],  ∂/∂y = 1 - [condition]; condition is a constant."""
    elementwise = True
    def impl(xp, condition, x, y): return xp.where(condition, x, y)
    def jvp_condition(t, ans, condition, x, y): return None
    def jvp_x(t, ans, condition, x, y): return where(condition, t, 0)
    def jvp_y(t, ans, condition, x, y): return where(condition, 0, t)
    def vjp_condition(g, ans, condition, x, y): return None
    def vjp_x(g, ans, condition, x, y): return where(condition, g, 0)
    def vjp_y(g, ans, condition, x, y): return where(condition, 0, g)


@primitive
class Clip:
    """ans = min(max(x, lo), hi) (either bound may be None);
    ∂/∂x = [lo ≤ x ≤ hi],  ∂/∂lo = [x < lo],  ∂/∂hi = [x > hi]."""
    def impl(xp, x, lo, hi): return xp.clip(x, lo, hi)
    def d_x(ans, x, lo, hi):
        inside = x == x if lo is None else greater_equal(x, lo)
        if hi is not None:
            inside = logical_and(inside, less_equal(x, hi))
        return where(inside, 1.0, 0.0)
    def d_lo(ans, x, lo, hi): return where(less(x, lo), 1.0, 0.0)
    def d_hi(ans, x, lo, hi): return where(greater(x, hi), 1.0, 0.0)


@primitive
class Equal:
    """ans = (x == y), boolean;  no derivative (nondiff).

    See Also
    --------
    numpy.equal
    """
    elementwise = True
    nondiff = True
    def impl(xp, x, y): return xp.equal(x, y)


@primitive
class NotEqual:
    """ans = (x != y), boolean;  no derivative (nondiff).

    See Also
    --------
    numpy.not_equal
    """
    elementwise = True
    nondiff = True
    def impl(xp, x, y): return xp.not_equal(x, y)


@primitive
class Less:
    """ans = (x < y), boolean;  no derivative (nondiff).

    See Also
    --------
    numpy.less
    """
    elementwise = True
    nondiff = True
    def impl(xp, x, y): return xp.less(x, y)


@primitive
class LessEqual:
    """ans = (x <= y), boolean;  no derivative (nondiff).

    See Also
    --------
    numpy.less_equal
    """
    elementwise = True
    nondiff = True
    def impl(xp, x, y): return xp.less_equal(x, y)


@primitive
class Greater:
    """ans = (x > y), boolean;  no derivative (nondiff).

    See Also
    --------
    numpy.greater
    """
    elementwise = True
    nondiff = True
    def impl(xp, x, y): return xp.greater(x, y)


@primitive
class GreaterEqual:
    """ans = (x >= y), boolean;  no derivative (nondiff).

    See Also
    --------
    numpy.greater_equal
    """
    elementwise = True
    nondiff = True
    def impl(xp, x, y): return xp.greater_equal(x, y)


@primitive
class LogicalAnd:
    """ans = x and y, boolean;  no derivative (nondiff).

    See Also
    --------
    numpy.logical_and
    """
    elementwise = True
    nondiff = True
    def impl(xp, x, y): return xp.logical_and(x, y)


@primitive
class LogicalOr:
    """ans = x or y, boolean;  no derivative (nondiff).

    See Also
    --------
    numpy.logical_or
    """
    elementwise = True
    nondiff = True
    def impl(xp, x, y): return xp.logical_or(x, y)


@primitive
class LogicalXor:
    """ans = x xor y, boolean;  no derivative (nondiff).

    See Also
    --------
    numpy.logical_xor
    """
    elementwise = True
    nondiff = True
    def impl(xp, x, y): return xp.logical_xor(x, y)


@primitive
class LogicalNot:
    """ans = not x, boolean;  no derivative (nondiff).

    See Also
    --------
    numpy.logical_not
    """
    elementwise = True
    nondiff = True
    def impl(xp, x): return xp.logical_not(x)


add, subtract, multiply, true_divide, negative = Add, Subtract, Multiply, TrueDivide, Negative
power, square, reciprocal, floor_divide, remainder = Power, Square, Reciprocal, FloorDivide, Remainder
absolute, sign, maximum, minimum, where, clip = Absolute, Sign, Maximum, Minimum, Where, Clip
stop_gradient = StopGradient
equal, not_equal, less, less_equal, greater, greater_equal = (
    Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual)
logical_and, logical_or, logical_xor, logical_not = LogicalAnd, LogicalOr, LogicalXor, LogicalNot
