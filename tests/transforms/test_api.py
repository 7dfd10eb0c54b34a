"""The user-facing transforms: values, shapes, pytrees, argnums, has_aux, nesting, errors."""
import collections

import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.testing import check_grads

rng = np.random.default_rng(0)


def tanh_sq(x):
    return fnp.sum(fnp.tanh(x) ** 2)


def tanh_sq_grad(x):
    t = np.tanh(x)
    return 2 * t * (1 - t * t)


# ---- grad and value_and_grad ---------------------------------------------------

def test_grad_matches_hand_derivative_and_shape():
    x = rng.standard_normal((3, 4))
    g = fg.grad(tanh_sq)(x)
    assert g.shape == x.shape and g.dtype == x.dtype
    np.testing.assert_allclose(g, tanh_sq_grad(x))


def test_value_and_grad():
    x = rng.standard_normal(5)
    v, g = fg.value_and_grad(tanh_sq)(x)
    np.testing.assert_allclose(v, np.sum(np.tanh(x) ** 2))
    np.testing.assert_allclose(g, tanh_sq_grad(x))


def test_grad_argnums_tuple_and_data_argument():
    w, b, data = rng.standard_normal((3, 2)), rng.standard_normal(2), rng.standard_normal((4, 3))

    def loss(w, b, data):
        return fnp.sum((data @ w + b) ** 2)
    gw, gb = fg.grad(loss, argnums=(0, 1))(w, b, data)
    r = 2 * (data @ w + b)
    np.testing.assert_allclose(gw, data.T @ r)
    np.testing.assert_allclose(gb, r.sum(0))
    (gw_only,) = fg.grad(loss, argnums=(0,))(w, b, data)
    np.testing.assert_allclose(gw_only, gw)
    np.testing.assert_allclose(fg.grad(loss, argnums=-1)(w, b, data), r @ w.T)


def test_grad_has_aux():
    x = rng.standard_normal(3)
    g, aux = fg.grad(lambda x: (tanh_sq(x), {"norm": fnp.sum(x * x)}), has_aux=True)(x)
    np.testing.assert_allclose(g, tanh_sq_grad(x))
    assert isinstance(aux["norm"], (float, np.floating, np.ndarray))
    np.testing.assert_allclose(aux["norm"], np.sum(x * x))


def test_grad_of_pytree_returns_same_pytree():
    Pair = collections.namedtuple("Pair", "a b")
    params = {"w": rng.standard_normal(3), "b": [rng.standard_normal(2), np.array(1.5)],
              "p": Pair(rng.standard_normal(2), None)}

    def loss(p, scale):
        return scale * (fnp.sum(p["w"] ** 2) + fnp.sum(p["b"][0] * 3) + p["b"][1] ** 3
                        + fnp.sum(fnp.sin(p["p"].a)))
    g = fg.grad(loss)(params, 2.0)
    assert set(g) == {"w", "b", "p"} and isinstance(g["b"], list) and isinstance(g["p"], Pair)
    assert g["p"].b is None
    np.testing.assert_allclose(g["w"], 4 * params["w"])
    np.testing.assert_allclose(g["b"][0], np.full(2, 6.0))
    np.testing.assert_allclose(g["b"][1], 2 * 3 * 1.5 ** 2)
    np.testing.assert_allclose(g["p"].a, 2 * np.cos(params["p"].a))


def test_python_float_and_float32_inputs():
    assert np.isclose(fg.grad(fnp.sin)(0.5), np.cos(0.5))
    x = np.array([0.5, 1.0], dtype=np.float32)
    g = fg.grad(tanh_sq)(x)
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, tanh_sq_grad(x.astype(np.float64)), rtol=1e-5)


def test_gradient_has_input_dtype_when_computation_promotes():
    x = np.array([1.0, 2.0], dtype=np.float32)
    g = fg.grad(lambda x: fnp.sum(x * np.array([3.0, 4.0])))(x)   # float64 constant
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, [3.0, 4.0])


def test_control_flow_on_values():
    def f(x):
        y = x
        while fnp.sum(y * y) < 100.0:
            y = y * 2.0
        return fnp.sum(y) if y[0] > 0 else -fnp.sum(y)
    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(fg.grad(f)(x), [8.0, 8.0])
    np.testing.assert_allclose(fg.grad(f)(-x), [-8.0, -8.0])


def test_constant_output_gives_zero_gradient():
    g = fg.grad(lambda x: fnp.sum(fg.stop_gradient(x) ** 2))(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(g, [0.0, 0.0])
    np.testing.assert_array_equal(fg.grad(lambda x: 3.0 * 0 + fnp.sum(np.ones(2)))(np.ones(2)), [0.0, 0.0])


def test_eager_calls_return_plain_arrays():
    x = rng.standard_normal(4)
    out = fnp.sin(x)
    assert type(out) is np.ndarray
    np.testing.assert_array_equal(out, np.sin(x))
    assert type(fnp.sum(x)) in (np.float64, np.ndarray)


# ---- vjp, jvp, linearize ---------------------------------------------------------

def test_vjp_and_jvp_agree_with_jacobian():
    A = rng.standard_normal((3, 4))
    f = lambda x: fnp.tanh(A @ x)  # noqa: E731
    x, u, v = rng.standard_normal(4), rng.standard_normal(3), rng.standard_normal(4)
    J = (1 - np.tanh(A @ x) ** 2)[:, None] * A
    out, vjp_fn = fg.vjp(f, x)
    np.testing.assert_allclose(out, np.tanh(A @ x))
    (gx,) = vjp_fn(u)
    np.testing.assert_allclose(gx, u @ J)
    out2, t = fg.jvp(f, (x,), (v,))
    np.testing.assert_allclose(t, J @ v)
    _, f_jvp = fg.linearize(f, x)
    np.testing.assert_allclose(f_jvp(v), J @ v)


def test_vjp_multiple_outputs_and_inputs():
    def f(x, y):
        return {"s": x * y, "t": (fnp.sum(x), y ** 2)}
    x, y = rng.standard_normal(3), rng.standard_normal(3)
    out, vjp_fn = fg.vjp(f, x, y)
    ct = {"s": np.ones(3), "t": (2.0, np.full(3, 3.0))}
    gx, gy = vjp_fn(ct)
    np.testing.assert_allclose(gx, y + 2.0)
    np.testing.assert_allclose(gy, x + 6 * y)


def test_jvp_with_has_aux():
    out, t, aux = fg.jvp(lambda x: (fnp.sin(x), "note"), (0.3,), (1.0,), has_aux=True)
    assert aux == "note" and np.isclose(t, np.cos(0.3))


# ---- jacobians and hessians -------------------------------------------------------

@pytest.mark.parametrize("jac", [fg.jacfwd, fg.jacrev, fg.jacobian])
def test_jacobian_shapes_and_values(jac):
    W = rng.standard_normal((2, 3, 4))
    f = lambda x: fnp.tanh(fnp.einsum("abk,k->ab", W, fnp.ravel(x)))  # noqa: E731
    x = rng.standard_normal((2, 2))
    J = jac(f)(x)
    assert J.shape == (2, 3, 2, 2)
    y = np.einsum("abk,k->ab", W, x.ravel())
    expected = ((1 - np.tanh(y) ** 2)[..., None] * W).reshape(2, 3, 2, 2)
    np.testing.assert_allclose(J, expected)


def test_jacobian_argnums_tuple():
    f = lambda x, y: x * y  # noqa: E731
    x, y = rng.standard_normal(3), rng.standard_normal(3)
    for jac in (fg.jacfwd, fg.jacrev):
        jx, jy = jac(f, argnums=(0, 1))(x, y)
        np.testing.assert_allclose(jx, np.diag(y))
        np.testing.assert_allclose(jy, np.diag(x))


def test_hessian():
    A = rng.standard_normal((4, 4))
    f = lambda x: fnp.sum(fnp.tanh(A @ x) ** 2)  # noqa: E731
    x = rng.standard_normal(4)
    H = fg.hessian(f)(x)
    assert H.shape == (4, 4)
    np.testing.assert_allclose(H, H.T, atol=1e-12)
    H2 = fg.jacrev(fg.jacrev(f))(x)
    H3 = fg.jacfwd(fg.jacfwd(f))(x)
    np.testing.assert_allclose(H, H2)
    np.testing.assert_allclose(H, H3)
    v = rng.standard_normal(4)
    _, (hv,) = fg.hvp(f, (x,), (v,))
    np.testing.assert_allclose(hv, H @ v)


# ---- nesting -----------------------------------------------------------------------

def test_nested_grad_to_fourth_order():
    d = [fnp.tanh]
    for _ in range(4):
        d.append(fg.grad(d[-1]))
    t = np.tanh(0.3)
    s = 1 - t * t
    expected = [t, s, -2 * t * s, -2 * s * s + 4 * t * t * s, 16 * t * s * s - 8 * t ** 3 * s]
    for k in range(5):
        np.testing.assert_allclose(d[k](0.3), expected[k], rtol=1e-10)


def test_mixed_forward_and_reverse_nesting():
    f = lambda x: fnp.sin(x) * x ** 2  # noqa: E731
    d2 = lambda x: -np.sin(x) * x ** 2 + 4 * x * np.cos(x) + 2 * np.sin(x)  # noqa: E731
    fwd = lambda g: (lambda x: fg.jvp(g, (x,), (1.0,))[1])  # noqa: E731
    for second in (fg.grad(fg.grad(f)), fwd(fwd(f)), fwd(fg.grad(f)), fg.grad(fwd(f))):
        np.testing.assert_allclose(second(0.7), d2(0.7))


def test_no_perturbation_confusion():
    assert fg.grad(lambda x: x * fg.grad(lambda y: x * y)(1.0))(2.0) == 4.0
    jvp_in_grad = fg.grad(lambda x: x * fg.jvp(lambda y: x * y, (1.0,), (1.0,))[1])(2.0)
    grad_in_jvp = fg.jvp(lambda x: x * fg.grad(lambda y: x * y)(1.0), (2.0,), (1.0,))[1]
    assert jvp_in_grad == 4.0 and grad_in_jvp == 4.0


def test_check_grads_on_a_composite():
    W = rng.standard_normal((3, 3))
    check_grads(lambda x, y: fnp.sum(fnp.tanh(W @ x) * fnp.exp(-y * y)), (rng.standard_normal(3),
                                                                       rng.standard_normal(3)), order=3)


# ---- the tape ---------------------------------------------------------------------------

def test_make_tape_prints_and_draws():
    tape = fg.make_tape(tanh_sq)(np.ones(3))
    text = str(tape)
    assert text.splitlines()[0] == "{ lambda ; a:f64[3]. let"
    assert "tanh a" in text and "sum" in text and text.strip().endswith("}")
    dot = tape.to_dot()
    assert dot.startswith("digraph") and "tanh" in dot and dot.rstrip().endswith("}")
    assert len(tape) == 3


# ---- errors ----------------------------------------------------------------------------

def test_grad_of_non_scalar_output_names_shape_and_alternatives():
    with pytest.raises(TypeError, match=r"shape \(3,\).*vjp.*jacobian"):
        fg.grad(fnp.sin)(np.ones(3))


def test_grad_wrt_integer_input_names_argument():
    with pytest.raises(TypeError, match="argument 0.*int"):
        fg.grad(lambda x: x * 2.0)(np.array([1, 2]))
    with pytest.raises(TypeError, match="argument 1 is the integer 3"):
        fg.grad(lambda x, y: x * y, argnums=1)(1.0, 3)


def test_grad_wrt_non_array_argument():
    with pytest.raises(TypeError, match="argument 0 has type str"):
        fg.grad(lambda s: 1.0)("abc")


def test_argnums_out_of_range():
    with pytest.raises(ValueError, match="argnums=2 is out of range"):
        fg.grad(lambda x, y: x * y, argnums=2)(1.0, 2.0)


def test_has_aux_without_pair():
    with pytest.raises(TypeError, match=r"has_aux=True needs the function to return a pair"):
        fg.grad(lambda x: x * 2.0, has_aux=True)(1.0)


def test_vjp_cotangent_of_wrong_shape_or_dtype():
    _, vjp_fn = fg.vjp(fnp.sin, np.ones(3))
    with pytest.raises(ValueError, match=r"cotangent 0 has shape \(2,\) but output 0 has shape \(3,\)"):
        vjp_fn(np.ones(2))
    with pytest.raises(TypeError, match="cotangent 0 has dtype int64"):
        vjp_fn(np.ones(3, dtype=np.int64))


def test_jvp_tangent_mismatch():
    with pytest.raises(ValueError, match=r"tangent 0 has shape \(2,\)"):
        fg.jvp(fnp.sin, (np.ones(3),), (np.ones(2),))
    with pytest.raises(TypeError, match="must be tuples"):
        fg.jvp(fnp.sin, np.ones(3), np.ones(3))


def test_primitive_without_rule_is_named():
    from funcgrad.primitive import Primitive, bind
    noderiv = Primitive("no_rules_here", impl=lambda xp, x: x * 1.0)
    with pytest.raises(NotImplementedError, match="no_rules_here"):
        fg.grad(lambda x: fnp.sum(bind(noderiv, x)))(np.ones(2))


def test_complex_needs_holomorphic_flag():
    z = np.array([1.0 + 2.0j, 0.5 - 1.0j])
    with pytest.raises(TypeError, match="holomorphic=True"):
        fg.jacfwd(fnp.exp)(z)
    with pytest.raises(TypeError, match="holomorphic=True"):
        fg.jacrev(fnp.exp)(z)
    for jac in (fg.jacfwd, fg.jacrev):
        np.testing.assert_allclose(jac(fnp.exp, holomorphic=True)(z), np.diag(np.exp(z)))
    np.testing.assert_allclose(fg.grad(lambda z: fnp.sum(z * z), holomorphic=True)(z), 2 * z)
    with pytest.raises(TypeError, match="holomorphic=True needs complex inputs"):
        fg.grad(lambda x: x * 1j, holomorphic=True)(1.0)
    # a real-valued function of complex inputs: JAX's convention, grad |z|² = 2 conj(z)
    np.testing.assert_allclose(fg.grad(lambda z: fnp.sum(fnp.abs(z) ** 2))(z), 2 * np.conj(z))
