"""Tests for funcgrad._tensor_str against the verified PyTorch 2.13 outputs (spec section 15).

The module is loaded from its file path so these tests do not depend on funcgrad/__init__.py.
PyTorch prints ``torch.<dtype>``; funcgrad prints ``funcgrad.<dtype>``.
"""

import importlib.util
import math
import pathlib

import numpy as np
import pytest

_PATH = pathlib.Path(__file__).resolve().parents[1] / "funcgrad" / "_tensor_str.py"
_spec = importlib.util.spec_from_file_location("funcgrad_tensor_str_under_test", _PATH)
ts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ts)

# numpy storage for each dtype name; bfloat16 is stored as float32 by the caller.
_NUMPY_DTYPES = {
    "float16": np.float16, "bfloat16": np.float32, "float32": np.float32,
    "float64": np.float64, "int64": np.int64, "int32": np.int32, "int16": np.int16,
    "int8": np.int8, "uint8": np.uint8, "bool": np.bool_,
    "complex64": np.complex64, "complex128": np.complex128,
}


@pytest.fixture(autouse=True)
def _default_printoptions():
    ts.set_printoptions(profile="default")
    yield
    ts.set_printoptions(profile="default")


def array(values, dtype="float32"):
    with np.errstate(over="ignore"):  # 1e40 -> inf in float32, as in torch
        return np.array(values, dtype=_NUMPY_DTYPES[dtype])


def case(expected, values, dtype="float32", **flags):
    return pytest.param(array(values, dtype), dtype, flags, expected, id=expected)


def from_array(expected, data, dtype="float32", **flags):
    return pytest.param(data, dtype, flags, expected, id=expected)


def arange(n, dtype="float32"):
    return np.arange(n, dtype=_NUMPY_DTYPES[dtype])


def f32(x):
    return np.float32(x)


SPEC_EXAMPLES = [
    # --- 15.2 scalars
    case("tensor(1.)", 1.0),
    case("tensor(-2.)", -2.0),
    case("tensor(2.5000)", 2.5),
    case("tensor(0.3333)", 1 / 3),
    case("tensor(0.3000)", 0.1 + 0.2),
    case("tensor(0.3000, dtype=funcgrad.float64)", 0.1 + 0.2, "float64"),
    case("tensor(-0.5000)", -0.5),
    case("tensor(123456.)", 123456.0),
    case("tensor(1234567.)", 1234567.0),
    case("tensor(123456.7031)", 123456.7),
    case("tensor(100000000.)", 1e8),
    case("tensor(1.0000e+08)", 1.0000001e8),
    case("tensor(1.0000e+10)", 1e10),
    case("tensor(1.0000e-05)", 1e-5),
    case("tensor(1.0000e-04)", 1e-4),
    case("tensor(0.0001)", 0.00012345),
    case("tensor(9.9900e-05)", 9.99e-5),
    case("tensor(nan)", math.nan),
    case("tensor(inf)", math.inf),
    case("tensor(inf)", 1e40),
    case("tensor(5)", 5, "int64"),
    # --- 15.2 1-D floats
    case("tensor([1., 2., 3.])", [1.0, 2.0, 3.0]),
    case("tensor([1.0000, 2.5000])", [1.0, 2.5]),
    case("tensor([ 1.0000, -2.5000])", [1.0, -2.5]),
    case("tensor([  0.1000,   0.2500, 100.0000])", [0.1, 0.25, 100.0]),
    case("tensor([0.0010, 1.0000])", [0.001, 1.0]),
    case("tensor([1.0000e-04, 1.0000e+00])", [1e-4, 1.0]),
    case("tensor([1.0000e-05, 1.0000e+00])", [1e-5, 1.0]),
    case("tensor([1.0000e+07, 1.5000e+00])", [1e7, 1.5]),
    case("tensor([1.2346e+07, 1.0000e+00])", [12345678.0, 1.0]),
    case("tensor([   1., 1000.])", [1.0, 1000.0]),
    case("tensor([1.0000e+00, 1.0000e+04])", [1.0, 1e4]),
    case("tensor([1.0010e+03, 1.0000e+00])", [1001.0, 1.0]),
    case("tensor([1001.0000,    1.5000])", [1001.0, 1.5]),
    case("tensor([1000.0000,    1.1000])", [1000.0, 1.1]),
    case("tensor([ 123., 4567.])", [123.0, 4567.0]),
    case("tensor([ 123.2500, 4567.0000])", [123.25, 4567.0]),
    case("tensor([1.2500e+00, 1.5000e+04])", [1.25, 1.5e4]),
    case("tensor([1.0050e+02, 1.0000e-03])", [100.5, 1e-3]),
    case("tensor([-1.0000e-05,  1.0000e-05])", [-1e-5, 1e-5]),
    case("tensor([0.1235])", [0.12345678]),
    case("tensor([0.0012])", [1.23456789e-3]),
    case("tensor([5.0000e-01, 1.0000e+07])", [0.5, 1e7]),
    case("tensor([1.5000e+20, 2.5000e-20])", [1.5e20, 2.5e-20]),
    case("tensor([nan, 1.])", [math.nan, 1.0]),
    case("tensor([inf, 1.])", [math.inf, 1.0]),
    case("tensor([  -inf, 1.5000])", [-math.inf, 1.5]),
    case("tensor([   nan, 1.5000])", [math.nan, 1.5]),
    case("tensor([       inf, 1.0000e+10])", [math.inf, 1e10]),
    case("tensor([1.0000e-05,        inf])", [1e-5, math.inf]),
    case("tensor([3., inf, -inf, nan])", [3.0, math.inf, -math.inf, math.nan]),
    case("tensor([0.])", [0.0]),
    case("tensor([-0.])", [-0.0]),
    case("tensor([0., -0., 1.])", [0.0, -0.0, 1.0]),
    case("tensor([0.0000e+00, 1.0000e-05])", [0.0, 1e-5]),
    case("tensor([0., nan])", [0.0, math.nan]),
    case("tensor([-1., 10.])", [-1.0, 10.0]),
    # --- 15.2 empty tensors
    from_array("tensor([])", np.zeros(0, np.float32)),
    from_array("tensor([], size=(0, 3))", np.zeros((0, 3), np.float32)),
    from_array("tensor([], dtype=funcgrad.int64)", np.zeros(0, np.int64), "int64"),
    from_array("tensor([], dtype=funcgrad.float64)", np.zeros(0), "float64"),
    # --- 15.2 other dtypes
    case("tensor([ True, False,  True])", [True, False, True], "bool"),
    case("tensor([  1,  -2, 300])", [1, -2, 300], "int64"),
    case("tensor([1, 2], dtype=funcgrad.int32)", [1, 2], "int32"),
    case("tensor([1, 2], dtype=funcgrad.uint8)", [1, 2], "uint8"),
    case("tensor([1.5000, 2.0000], dtype=funcgrad.float16)", [1.5, 2.0], "float16"),
    case("tensor([1.5000, 2.2500], dtype=funcgrad.bfloat16)", [1.5, 2.25], "bfloat16"),
    case("tensor([1., 2.], dtype=funcgrad.float64)", [1.0, 2.0], "float64"),
    # --- 15.2 complex
    case("tensor([ 1.0000+2.j, -3.5000-1.j])", [1 + 2j, -3.5 - 1j], "complex64"),
    case("tensor([1.+2.j], dtype=funcgrad.complex128)", [1 + 2j], "complex128"),
    case("tensor([1.+0.j])", [1 + 0j], "complex64"),
    case("tensor([ 0.5000-0.2500j, 10.0000+0.0000j])", [0.5 - 0.25j, 10 + 0j], "complex64"),
    case("tensor([1.0000e-05+1.j])", [1e-5 + 1j], "complex64"),
    from_array("tensor([0.0000, 0.5000, 1.0000])", np.linspace(0, 1, 3, dtype=np.float32)),
    from_array("tensor([0.0000, 0.2500, 0.5000, 0.7500])", np.arange(0, 1, 0.25, dtype=np.float32)),
    # --- 15.2 autograd suffixes
    case("tensor(1., requires_grad=True)", 1.0, requires_grad=True),
    case("tensor([[1., 2.]], requires_grad=True)", [[1.0, 2.0]], requires_grad=True),
    case("tensor([[2., 4.]], grad_fn=<MulBackward0>)", [[2.0, 4.0]], grad_fn_name="MulBackward0"),
    case("tensor([2., 4.], dtype=funcgrad.float64, grad_fn=<MulBackward0>)", [2.0, 4.0],
         "float64", grad_fn_name="MulBackward0", requires_grad=True),
    case("tensor([[2., 4.],\n        [6., 8.]], dtype=funcgrad.float64, grad_fn=<MulBackward0>)",
         [[2.0, 4.0], [6.0, 8.0]], "float64", grad_fn_name="MulBackward0"),
    case("tensor(2., grad_fn=<SumBackward0>)", 2.0, grad_fn_name="SumBackward0"),
    case("tensor(49., grad_fn=<PowBackward0>)", 49.0, grad_fn_name="PowBackward0"),
    case("tensor([23.1406], grad_fn=<ExpBackward0>)", [23.1406],
         grad_fn_name="ExpBackward0"),
    case("tensor([2., 2., 2.], grad_fn=<SumBackward1>)", [2.0] * 3, grad_fn_name="SumBackward1"),
    case("tensor([1., 2.], grad_fn=<SortBackward0>)", [1.0, 2.0], grad_fn_name="SortBackward0"),
    case("tensor(1., grad_fn=<SelectBackward0>)", 1.0, grad_fn_name="SelectBackward0"),
    case("tensor([1.0000e-05, 1.0000e+00], requires_grad=True)", [1e-5, 1.0], requires_grad=True),
    case("tensor([[1.0000e-05, 1.0000e+00],\n        [2.0000e+00, 3.0000e+00]], "
         "grad_fn=<MulBackward0>)", [[1e-5, 1.0], [2.0, 3.0]], grad_fn_name="MulBackward0"),
    case("tensor([1.5000,    nan], grad_fn=<MulBackward0>)", [1.5, math.nan],
         grad_fn_name="MulBackward0"),
    from_array("tensor([], grad_fn=<MulBackward0>)", np.zeros(0, np.float32),
               grad_fn_name="MulBackward0"),
    from_array("tensor([], size=(2, 0), requires_grad=True)", np.zeros((2, 0), np.float32),
               requires_grad=True),
    case("tensor([1.5000, 2.5000], dtype=funcgrad.float64, grad_fn=<ToCopyBackward0>)",
         [1.5, 2.5], "float64", grad_fn_name="ToCopyBackward0"),
    case("tensor([5., 2., 3.], grad_fn=<CopySlices>)", [5.0, 2.0, 3.0], grad_fn_name="CopySlices"),
    case("tensor([0., 0., 0.], grad_fn=<CopyBackwards>)", [0.0] * 3, grad_fn_name="CopyBackwards"),
    case("tensor([2., 3.], grad_fn=<AsStridedBackward0>)", [2.0, 3.0],
         grad_fn_name="AsStridedBackward0"),
    case("tensor([1.0000, 2.7183], grad_fn=<MyExpBackward>)", [1.0, math.e],
         grad_fn_name="MyExpBackward"),
    case("tensor(6., grad_fn=<Error>)", 6.0, grad_fn_name="Error"),
    # --- 15.2 suffix wrapping (the +2 quirk)
    from_array("tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667],\n"
               "       grad_fn=<DivBackward0>)", arange(6) / f32(3), grad_fn_name="DivBackward0"),
    from_array("tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667],\n"
               "       dtype=funcgrad.float64, grad_fn=<DivBackward0>)",
               arange(9, "float64") / 3, "float64", grad_fn_name="DivBackward0"),
    from_array("tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,\n"
               "        3.0000], dtype=funcgrad.float64, grad_fn=<DivBackward0>)",
               arange(10, "float64") / 3, "float64", grad_fn_name="DivBackward0"),
    from_array("tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
               "        14., 15., 16., 17., 18., 19.], requires_grad=True)",
               arange(20), requires_grad=True),
    from_array("tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11], dtype=funcgrad.int32)",
               arange(12, "int32"), "int32"),
    from_array("tensor([[0.0000, 0.3333],\n        [0.6667, 1.0000]], grad_fn=<ViewBackward0>)",
               (arange(4) / f32(3)).reshape(2, 2), grad_fn_name="ViewBackward0"),
    # --- 15.2 multi-dimensional
    case("tensor([[-1.,  2.],\n        [ 3., 40.]])", [[-1.0, 2.0], [3.0, 40.0]]),
    case("tensor([[-1.5000,  2.0000],\n        [ 3.0000, 40.0000]])", [[-1.5, 2.0], [3.0, 40.0]]),
    case("tensor([[  1,  -2],\n        [300,   4]])", [[1, -2], [300, 4]], "int64"),
    from_array("tensor([[[ 0.,  1.,  2.,  3.],\n"
               "         [ 4.,  5.,  6.,  7.],\n"
               "         [ 8.,  9., 10., 11.]],\n"
               "\n"
               "        [[12., 13., 14., 15.],\n"
               "         [16., 17., 18., 19.],\n"
               "         [20., 21., 22., 23.]]])", arange(24).reshape(2, 3, 4)),
    from_array("tensor([[[[0., 1.]],\n"
               "\n"
               "         [[2., 3.]]],\n"
               "\n"
               "\n"
               "        [[[4., 5.]],\n"
               "\n"
               "         [[6., 7.]]]])", arange(8).reshape(2, 2, 1, 2)),
    from_array("tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667, 2.0000, 2.3333, 2.6667,\n"
               "        3.0000])", arange(10) / f32(3)),
    from_array("tensor([[0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143],\n"
               "        [0.8571, 1.0000, 1.1429, 1.2857, 1.4286, 1.5714]])",
               arange(12).reshape(2, 6) / f32(7)),
    # --- 15.2 summarization (numel > threshold)
    from_array("tensor([   0.,    1.,    2.,  ...,  998.,  999., 1000.])", arange(1001)),
    from_array("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])", arange(2000, "int64"),
               "int64"),
    from_array("tensor([[1., 1., 1.,  ..., 1., 1., 1.],\n"
               "        [1., 1., 1.,  ..., 1., 1., 1.]])", np.ones((2, 1001), np.float32)),
    from_array("tensor([[   0.,    1.,    2.,  ...,  140.,  141.,  142.],\n"
               "        [ 143.,  144.,  145.,  ...,  283.,  284.,  285.],\n"
               "        [ 286.,  287.,  288.,  ...,  426.,  427.,  428.],\n"
               "        ...,\n"
               "        [ 572.,  573.,  574.,  ...,  712.,  713.,  714.],\n"
               "        [ 715.,  716.,  717.,  ...,  855.,  856.,  857.],\n"
               "        [ 858.,  859.,  860.,  ...,  998.,  999., 1000.]])",
               arange(1001).reshape(7, 143)),
    from_array("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
               "        1.9990e+03], grad_fn=<MulBackward0>)", arange(2000),
               grad_fn_name="MulBackward0"),
    from_array("tensor([[0.0000e+00, 1.0000e+00],\n"
               "        [2.0000e+00, 3.0000e+00],\n"
               "        [4.0000e+00, 5.0000e+00],\n"
               "        ...,\n"
               "        [1.9940e+03, 1.9950e+03],\n"
               "        [1.9960e+03, 1.9970e+03],\n"
               "        [1.9980e+03, 1.9990e+03]])", arange(2000).reshape(1000, 2)),
    # --- section 1 and other sections' reprs
    case("tensor(1.0000e+40, dtype=funcgrad.float64)", 1e40, "float64"),
    case("tensor([[1., 1., 1.],\n        [1., 1., 1.]], requires_grad=True)", [[1.0] * 3] * 2,
         requires_grad=True),
    case("tensor([ 1.5410, -0.2934, -2.1788], requires_grad=True)", [1.5410, -0.2934, -2.1788],
         requires_grad=True),
    case("tensor([[0.4963, 0.7682],\n        [0.0885, 0.1320]])", [[0.4963, 0.7682], [0.0885, 0.1320]]),
    case("tensor(1., dtype=funcgrad.float64, requires_grad=True)", 1.0, "float64",
         requires_grad=True),
    case("tensor([1., 2.], dtype=funcgrad.float16, requires_grad=True)", [1.0, 2.0], "float16",
         requires_grad=True),
    case("tensor([1.+1.j, 2.+0.j], requires_grad=True)", [1 + 1j, 2], "complex64",
         requires_grad=True),
    from_array("tensor([], requires_grad=True)", np.zeros(0, np.float32), requires_grad=True),
    case("tensor([[ 4.6230,  0.0000],\n        [-0.0000, -0.8803]], dtype=funcgrad.float64)",
         [[4.6230, 0.0], [-0.0, -0.8803]], "float64"),
    case("tensor([[ 6.,  0.],\n        [ 0., 12.]])", [[6.0, 0.0], [0.0, 12.0]]),
    case("tensor([0.5000, 0.5000])", [0.5, 0.5]),
    case("tensor(0)", 0, "int64"),
    case("tensor(True)", True, "bool"),
    # default dtype float64 (spec 1.1)
    case("tensor(1.)", 1.0, "float64", default_dtype_name="float64"),
    case("tensor([1., 2.], dtype=funcgrad.float32)", [1.0, 2.0], default_dtype_name="float64"),
    case("tensor([1.+2.j])", [1 + 2j], "complex128", default_dtype_name="float64"),
    case("tensor([1.+2.j], dtype=funcgrad.complex64)", [1 + 2j], "complex64",
         default_dtype_name="float64"),
]


@pytest.mark.parametrize("data, dtype, flags, expected", SPEC_EXAMPLES)
def test_spec_examples(data, dtype, flags, expected):
    assert ts.format_tensor(data, dtype_name=dtype, **flags) == expected


def test_unsummarized_at_exactly_threshold():
    text = ts.format_tensor(arange(1000), dtype_name="float32")
    lines = text.split("\n")
    assert "..." not in text
    assert lines[0] == "tensor([" + ", ".join(f"{i:>3}." for i in range(12)) + ","
    assert len(lines) == math.ceil(1000 / 12)
    assert lines[-1] == "        " + ", ".join(f"{i}." for i in range(996, 1000)) + "])"


def test_summarized_formatter_ignores_hidden_values():
    # The middle 1e-5 is never shown, so it must not force scientific notation.
    data = np.ones(2000, np.float32)
    data[1000] = 1e-5
    assert ts.format_tensor(data, dtype_name="float32") == (
        "tensor([1., 1., 1.,  ..., 1., 1., 1.])")


def test_parameter_and_device_suffixes():
    data = array([1.0, 2.0])
    assert ts.format_tensor(data, dtype_name="float32", requires_grad=True, is_parameter=True) == (
        "Parameter containing:\ntensor([1., 2.], requires_grad=True)")
    assert ts.format_tensor(data, dtype_name="float64", device="cuda:0", requires_grad=True) == (
        "tensor([1., 2.], device='cuda:0', dtype=funcgrad.float64, requires_grad=True)")
    assert ts.format_tensor(data, dtype_name="float64", module="torch") == (
        "tensor([1., 2.], dtype=torch.float64)")


def test_suffix_wrapping_boundary():
    # A 55-char body counts as 57; a suffix fits while 57 + len(suffix) + 2 <= 80, i.e. <= 21
    # chars.  "grad_fn=<...>" adds 10 chars to the name, so an 11-char name still fits.
    body = arange(6) / f32(3)
    assert ts.format_tensor(body, dtype_name="float32", grad_fn_name="A" * 11) == (
        "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667], grad_fn=<AAAAAAAAAAA>)")
    assert ts.format_tensor(body, dtype_name="float32", grad_fn_name="A" * 12) == (
        "tensor([0.0000, 0.3333, 0.6667, 1.0000, 1.3333, 1.6667],\n       grad_fn=<AAAAAAAAAAAA>)")
    # Once wrapped, the next suffix is measured from the new line: indent + suffix length.
    text = ts.format_tensor(body, dtype_name="float64", grad_fn_name="DivBackward0")
    assert text.endswith("1.6667],\n       dtype=funcgrad.float64, grad_fn=<DivBackward0>)")


def test_suffix_wrapping_without_newline_counts_two_extra():
    # "tensor(1." (before the closing paren) is 9 chars but counts as 11, so a suffix of
    # 67 chars fits (11 + 67 + 2 = 80) and one of 68 wraps; the name is the suffix minus 10.
    one = array(1.0)
    assert ts.format_tensor(one, dtype_name="float32", grad_fn_name="B" * 57) == (
        "tensor(1., grad_fn=<" + "B" * 57 + ">)")
    assert ts.format_tensor(one, dtype_name="float32", grad_fn_name="B" * 58) == (
        "tensor(1.,\n       grad_fn=<" + "B" * 58 + ">)")


def test_printoption_defaults_and_profiles():
    assert ts.get_printoptions() == {
        "precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}
    ts.set_printoptions(profile="short")
    assert ts.get_printoptions() == {
        "precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80, "sci_mode": None}
    ts.set_printoptions(profile="full")
    assert ts.get_printoptions()["threshold"] == math.inf
    assert "..." not in ts.format_tensor(arange(2000), dtype_name="float32")


def test_precision_option():
    data = array([1.12345, 2.0])
    ts.set_printoptions(precision=2)
    assert ts.format_tensor(data, dtype_name="float32") == "tensor([1.12, 2.00])"
    ts.set_printoptions(profile="default")
    assert ts.format_tensor(data, dtype_name="float32") == "tensor([1.1235, 2.0000])"


def test_sci_mode_option_and_reset():
    data = array([1e-5, 1.0])
    ts.set_printoptions(sci_mode=False)
    assert ts.format_tensor(data, dtype_name="float32") == "tensor([0.0000, 1.0000])"
    ts.set_printoptions(precision=4)  # no sci_mode argument: back to automatic
    assert ts.get_printoptions()["sci_mode"] is None
    assert ts.format_tensor(data, dtype_name="float32") == "tensor([1.0000e-05, 1.0000e+00])"
    ts.set_printoptions(sci_mode=True)
    assert ts.format_tensor(array([1.0, 2.0]), dtype_name="float32") == (
        "tensor([1.0000e+00, 2.0000e+00])")


def test_edgeitems_threshold_linewidth_options():
    ts.set_printoptions(threshold=5, edgeitems=1)
    assert ts.format_tensor(arange(6), dtype_name="float32") == "tensor([0.,  ..., 5.])"
    ts.set_printoptions(linewidth=20)
    assert ts.format_tensor(arange(4), dtype_name="float32") == (
        "tensor([0., 1., 2.,\n        3.])")
    ts.set_printoptions(edgeitems=0, threshold=5)  # linewidth stays 20
    assert ts.get_printoptions()["linewidth"] == 20
    assert ts.format_tensor(arange(6), dtype_name="float32") == (
        "tensor([...],\n       size=(6,))")
    ts.set_printoptions(linewidth=80)
    assert ts.format_tensor(arange(6), dtype_name="float32") == "tensor([...], size=(6,))"


def test_printoptions_context_manager_restores():
    with ts.printoptions(precision=1):
        assert ts.format_tensor(array([0.25, 1.0]), dtype_name="float32") == "tensor([0.2, 1.0])"
    assert ts.get_printoptions()["precision"] == 4


@pytest.mark.parametrize("data, spec, expected", [
    (array(2.5), "", "2.5"),
    (array(2.5), ".2f", "2.50"),
    (array(2.0), "", "2.0"),
    (array(3, "int64"), "", "3"),
    (array(True, "bool"), "", "True"),
])
def test_format_scalar(data, spec, expected):
    assert ts.format_scalar(data, spec) == expected


def test_format_non_scalar():
    data = array([1.0, 2.0])
    with pytest.raises(TypeError, match="^unsupported format string passed to Tensor.__format__$"):
        ts.format_scalar(data, ".2f")
    repr_fn = lambda: ts.format_tensor(data, dtype_name="float32")  # noqa: E731
    assert ts.format_scalar(data, "", repr_fn) == "tensor([1., 2.])"
