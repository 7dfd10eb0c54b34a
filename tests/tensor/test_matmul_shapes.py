"""matmul with shapes that do not fit: PyTorch's message for each kernel it dispatches to.

PyTorch names the kernel matmul lowers to (dot, mv, mm, bmm over the broadcast batch) and
checks the batch dimensions before the contracted one; funcgrad reproduces each text.
With PyTorch installed, every case is also compared with it.
"""
import pytest

import funcgrad as fg

CASES = [
    ((3,), (4,), "inconsistent tensor size, expected tensor [3] and src [4] to have the same "
                 "number of elements, but got 3 and 4 elements respectively"),
    ((2, 3), (4,), "size mismatch, got input (2), mat (2x3), vec (4)"),
    ((5, 2, 3), (4,), "size mismatch, got input (10), mat (10x3), vec (4)"),
    ((3,), (4, 5), "mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)"),
    ((2, 3), (4, 5), "mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"),
    ((5, 2, 3), (4, 5), "mat1 and mat2 shapes cannot be multiplied (10x3 and 4x5)"),
    ((2, 2, 3), (2, 4, 5), "Expected size for first two dimensions of batch2 tensor to be: "
                           "[2, 3] but got: [2, 4]."),
    ((3,), (2, 4, 5), "Expected size for first two dimensions of batch2 tensor to be: "
                      "[2, 3] but got: [2, 4]."),
    ((2, 1, 2, 3), (3, 4, 5), "Expected size for first two dimensions of batch2 tensor to "
                              "be: [6, 3] but got: [6, 4]."),
    ((3, 2, 3), (2, 3, 5), "The size of tensor a (3) must match the size of tensor b (2) at "
                           "non-singleton dimension 0"),
]


def _message(m, sa, sb):
    with pytest.raises(RuntimeError) as info:
        m.ones(sa) @ m.ones(sb)
    return str(info.value)


@pytest.mark.parametrize("sa, sb, expected", CASES, ids=[f"{a}@{b}" for a, b, _ in CASES])
def test_matmul_shape_errors_are_pytorchs(sa, sb, expected):
    assert _message(fg, sa, sb) == expected


@pytest.mark.parametrize("sa, sb, expected", CASES, ids=[f"{a}@{b}" for a, b, _ in CASES])
def test_the_expected_texts_are_what_pytorch_prints(sa, sb, expected):
    torch = pytest.importorskip("torch")
    assert _message(torch, sa, sb) == expected


@pytest.mark.parametrize("sa, sb", [((2, 2, 3), (2, 3, 5)), ((4, 1, 2, 3), (5, 3, 2)),
                                    ((2, 3), (3,)), ((3,), (3, 2)), ((1, 2, 3), (3, 4))])
def test_shapes_that_fit_still_multiply(sa, sb):
    expected = tuple((fg.numpy.ones(sa) @ fg.numpy.ones(sb)).shape)
    assert tuple((fg.ones(sa) @ fg.ones(sb)).shape) == expected
