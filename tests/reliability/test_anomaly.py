"""Finding the op that produced a NaN: the facade's anomaly mode and functional debug_nans.

Tensor facade (PyTorch's API and texts, spec section 7.3): `detect_anomaly()` warns when
entered; the backward node returning NaN raises "Function 'SqrtBackward0' returned nan
values in its 0th output." and first warns "Error detected in SqrtBackward0. Traceback of
forward call that caused the error:" followed by the user's lines where the op ran. As in
PyTorch it checks backward outputs for NaN (not inf, not forward values).

Functional (`fg.debug_nans()`): every traced op's output, and every tangent and cotangent
its rules produce, in every transform (grad, vjp, jvp, jacfwd, jacrev, hessian, linearize,
custom_vjp / custom_jvp / checkpoint calls), is checked for nan and inf; the first one is
named with the user's source lines. NaN that arrives from outside (an argument, a tangent
or cotangent, a captured constant) is reported as such, not blamed on the op reading it.
"""
import threading
import warnings

import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad.tracing import active_traces

ENABLED = ("Anomaly Detection has been enabled. This mode will increase the runtime and "
           "should only be enabled for debugging.")


def _user_sqrt(x):
    return fg.sqrt(x)             # the line the anomaly traceback must show


# ---- the Tensor facade --------------------------------------------------------------

def test_detect_anomaly_warns_on_entry_and_restores_the_flag():
    from funcgrad.autograd.anomaly_mode import is_anomaly_enabled
    assert not is_anomaly_enabled()
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
        with fg.autograd.detect_anomaly():
            assert is_anomaly_enabled()
    assert not is_anomaly_enabled()
    fg.autograd.set_detect_anomaly(True)
    try:
        assert is_anomaly_enabled()
    finally:
        fg.autograd.set_detect_anomaly(False)
    assert not is_anomaly_enabled()
    with fg.autograd.set_detect_anomaly(True):
        assert is_anomaly_enabled()
    assert not is_anomaly_enabled()


def test_nan_in_backward_names_the_node_and_the_forward_line():
    x = fg.tensor([0.0, 1.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with fg.autograd.detect_anomaly():
            y = _user_sqrt(x) * 0          # sqrt's backward: 0 * inf = nan
            with pytest.raises(RuntimeError) as info:
                y.sum().backward()
    assert str(info.value) == "Function 'SqrtBackward0' returned nan values in its 0th output."
    texts = [str(w.message) for w in caught]
    assert texts[0] == ENABLED
    report = next(t for t in texts if t.startswith("Error detected in SqrtBackward0."))
    assert report.startswith("Error detected in SqrtBackward0. Traceback of forward call that "
                             "caused the error:\n")
    assert "return fg.sqrt(x)" in report and "y = _user_sqrt(x) * 0" in report
    assert "funcgrad/" not in report.split("\n", 1)[1]   # only the user's frames
    assert x.grad is None                                  # nothing accumulated


def test_anomaly_mode_leaves_grads_unchanged_and_the_next_backward_works():
    x = fg.tensor([0.0, 1.0], requires_grad=True)
    (x * 2).sum().backward()
    before = x.grad.clone()
    with pytest.warns(UserWarning):
        with fg.autograd.detect_anomaly():
            with pytest.raises(RuntimeError, match="returned nan values"):
                (fg.sqrt(x) * 0 + x).sum().backward()
    assert np.array_equal(x.grad.numpy(), before.numpy())
    (x * 3).sum().backward()
    assert np.array_equal(x.grad.numpy(), [5.0, 5.0])


def test_inf_and_check_nan_false_are_not_errors_as_in_pytorch():
    x = fg.tensor([0.0], requires_grad=True)
    with pytest.warns(UserWarning):
        with fg.autograd.detect_anomaly():
            fg.sqrt(x).sum().backward()
    assert np.isinf(x.grad.numpy()).all()
    x = fg.tensor([0.0], requires_grad=True)
    with pytest.warns(UserWarning):
        with fg.autograd.detect_anomaly(check_nan=False):
            (fg.sqrt(x) * 0).sum().backward()
    assert np.isnan(x.grad.numpy()).all()


def test_without_anomaly_mode_nan_gradients_flow_silently():
    x = fg.tensor([0.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # not even a numpy RuntimeWarning
        (fg.sqrt(x) * 0).sum().backward()
    assert np.isnan(x.grad.numpy()).all()


def test_version_error_under_anomaly_mode_changes_hint_and_reports_the_node():
    x = fg.tensor([1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with fg.autograd.detect_anomaly():
            y = x.exp()
            y.add_(1)
            with pytest.raises(RuntimeError) as info:
                y.sum().backward()
    msg = str(info.value)
    assert msg.startswith("one of the variables needed for gradient computation has been "
                          "modified by an inplace operation: [funcgrad.FloatTensor [2]], which "
                          "is output 0 of Exp, is at version 1; expected version 0 instead.")
    assert msg.endswith("Hint: the backtrace further above shows the operation that failed to "
                        "compute its gradient. The variable in question was changed in there or "
                        "anywhere later. Good luck!")
    assert any(str(w.message).startswith("Error detected in ExpBackward0.") and "y = x.exp()"
               in str(w.message) for w in caught)


def test_detect_anomaly_as_decorator():
    with pytest.warns(UserWarning, match="Anomaly Detection has been enabled"):
        @fg.autograd.detect_anomaly()
        def step(x):
            (fg.sqrt(x) * 0).sum().backward()

    with pytest.warns(UserWarning):
        with pytest.raises(RuntimeError, match="SqrtBackward0"):
            step(fg.tensor([0.0], requires_grad=True))
    from funcgrad.autograd.anomaly_mode import is_anomaly_enabled
    assert not is_anomaly_enabled()


def test_anomaly_in_create_graph_backward():
    x = fg.tensor([0.0, 1.0], requires_grad=True)
    with pytest.warns(UserWarning):
        with fg.autograd.detect_anomaly():
            y = (_user_sqrt(x) * 0).sum()
            with pytest.raises(RuntimeError, match="Function 'SqrtBackward0' returned nan"):
                fg.autograd.grad(y, x, create_graph=True)


def test_hook_error_under_anomaly_is_reported_with_the_node():
    x = fg.tensor([1.0, 2.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with fg.autograd.detect_anomaly():
            y = x.exp()
            y.register_hook(lambda g: 1 / 0)
            with pytest.raises(ZeroDivisionError):
                y.sum().backward()
    assert any(str(w.message).startswith("Error detected in ExpBackward0") for w in caught)


# ---- functional debug_nans ----------------------------------------------------------

X0 = np.array([0.0, 1.0])


def _raises(match, fn, *args):
    with fg.debug_nans():
        with pytest.raises(FloatingPointError, match=match) as info:
            fn(*args)
    assert active_traces() == []
    return str(info.value)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("name, fn, match", [
    ("grad", lambda: fg.grad(lambda x: fnp.sum(fnp.sqrt(x)))(X0), "sqrt produced nan/inf in its cotangent"),
    ("vjp", lambda: fg.vjp(fnp.sqrt, X0)[1](np.ones(2)), "sqrt produced nan/inf in its cotangent"),
    ("jacrev", lambda: fg.jacrev(fnp.sqrt)(X0), "sqrt produced nan/inf in its cotangent"),
    ("jvp", lambda: fg.jvp(fnp.sqrt, (X0,), (np.ones(2),)), "sqrt produced nan/inf in its tangent"),
    ("jacfwd", lambda: fg.jacfwd(fnp.sqrt)(X0), r"sqrt produced nan/inf in its tangent \(forward mode\)"),
    ("linearize", lambda: fg.linearize(fnp.sqrt, X0)[1](np.ones(2)), "sqrt produced nan/inf in its tangent"),
    ("hessian", lambda: fg.hessian(lambda x: fnp.sum(x ** 1.5))(X0), "power produced nan/inf"),
    ("grad of grad", lambda: fg.grad(fg.grad(lambda x: x ** 1.5))(0.0), "power produced nan/inf"),
    ("forward value", lambda: fg.grad(lambda x: fnp.sum(fnp.log(x - 1)))(X0), "log produced nan/inf in its forward value"),
    ("inf not only nan", lambda: fg.grad(lambda x: fnp.sum(fnp.exp(x * 1000)))(X0), "exp produced nan/inf in its forward value"),
    ("float32", lambda: fg.grad(lambda x: fnp.sum(fnp.exp(x)))(np.float32([100.0])), "exp produced nan/inf in its forward value"),
    ("vmap of grad", lambda: fg.vmap(fg.grad(lambda x: fnp.sum(fnp.sqrt(x))))(X0[None]), "sqrt produced nan/inf in its cotangent"),
    ("Tensor input", lambda: fg.grad(lambda x: x.sqrt().sum())(fg.tensor(X0)), "sqrt produced nan/inf in its cotangent"),
])
def test_debug_nans_names_the_first_bad_op_in_every_transform(name, fn, match):
    _raises(match, fn)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_debug_nans_names_the_first_op_not_a_later_one():
    # exp overflows to inf first; the subtraction then makes nan: exp is the culprit
    msg = _raises("exp produced", fg.grad(lambda x: fnp.sum(fnp.exp(x) - fnp.exp(x))), np.array([1000.0]))
    assert "subtract" not in msg
    assert "fnp.exp(x) - fnp.exp(x)" in msg        # the user's line


@fg.custom_vjp
def _log_vjp(x):
    return fnp.log(x)


_log_vjp.defvjp(lambda x: (fnp.log(x), x), lambda x, g: (g / x,))


@fg.custom_vjp
def _bad_bwd(x):
    return x * 2


_bad_bwd.defvjp(lambda x: (x * 2, None), lambda res, g: (g * np.nan,))


@fg.custom_jvp
def _sqrt_jvp(x):
    return fnp.sqrt(x)


@_sqrt_jvp.defjvp
def _sqrt_jvp_rule(primals, tangents):
    (x,), (t,) = primals, tangents
    y = fnp.sqrt(x)
    return y, t / (2 * y)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_debug_nans_names_custom_rules_and_checkpointed_calls_not_their_consumers():
    msg = _raises("_log_vjp produced nan/inf in its forward value",
                  fg.grad(lambda x: fnp.sum(_log_vjp(x) * 2)), np.array([-1.0, 1.0]))
    assert "multiply" not in msg
    _raises("_bad_bwd produced nan/inf in its cotangent",
            fg.grad(lambda x: fnp.sum(_bad_bwd(x))), X0)
    _raises("_sqrt_jvp produced nan/inf in its tangent",
            lambda x: fg.jvp(lambda y: _sqrt_jvp(y) * 2, (x,), (np.ones(2),)), X0)
    _raises(r"checkpoint\(log\) produced nan/inf in its forward value",
            fg.grad(lambda x: fnp.sum(fg.checkpoint(fnp.log)(x) * 2)), np.array([-1.0, 1.0]))


def test_debug_nans_blames_outside_values_not_the_op_that_reads_them():
    _raises("grad: argument 1 holds nan/inf before any op ran",
            fg.grad(lambda x, y: fnp.sum(x * y), argnums=(0, 1)), X0, np.array([1.0, np.nan]))
    _raises("jvp: tangent 0 holds nan/inf",
            lambda x: fg.jvp(fnp.sin, (x,), (np.array([np.nan, 0.0]),)), X0)
    _raises("vjp_fn: cotangent 0 holds nan/inf",
            lambda x: fg.vjp(fnp.sin, x)[1](np.array([np.inf, 0.0])), X0)
    const = np.array([np.nan, 1.0])
    msg = _raises("multiply received nan/inf in its input 1",
                  fg.grad(lambda x: fnp.sum(x * const)), X0)
    assert "captured" in msg


def test_debug_nans_has_no_false_positives():
    def f(x):
        big = fnp.where(x > 0, x, 0.0)                 # integer/boolean values are not checked
        return fnp.sum(fnp.softplus(1000 * x) + fnp.logsumexp(x * 800) + big) + fnp.argmax(x)
    with fg.debug_nans():
        g = fg.grad(f)(np.array([-1.0, 2.0]))
        h = fg.hessian(lambda x: fnp.sum(fnp.sin(x) ** 2))(X0)
    assert np.all(np.isfinite(g)) and np.all(np.isfinite(h))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_debug_nans_is_per_thread_and_restored_after_errors():
    seen = {}

    def other():
        seen["flag"] = fg.debug.is_debug_nans()
        seen["grad"] = fg.grad(lambda x: fnp.sum(fnp.sqrt(x)))(X0)   # no error here

    with fg.debug_nans():
        t = threading.Thread(target=other)
        t.start()
        t.join()
        with pytest.raises(FloatingPointError):
            fg.grad(lambda x: fnp.sum(fnp.sqrt(x)))(X0)
    assert seen["flag"] is False and np.isinf(seen["grad"][0])
    assert not fg.debug.is_debug_nans()

    @fg.debug_nans()
    def decorated(x):
        return fg.grad(lambda y: fnp.sum(fnp.sqrt(y)))(x)
    with pytest.raises(FloatingPointError):
        decorated(X0)
    assert not fg.debug.is_debug_nans()
    assert fg.grad(lambda x: fnp.sum(fnp.sqrt(x)))(np.array([1.0]))[0] == 0.5


def test_debug_nans_off_costs_nothing_observable():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = fg.grad(lambda x: fnp.sum(fnp.sqrt(x)))(X0)
    assert np.isinf(g[0]) and g[1] == 0.5
