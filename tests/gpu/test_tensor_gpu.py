"""The Tensor facade on a CUDA device, as in PyTorch: factories take device="cuda",
.cuda()/.to()/.cpu() copy, backward leaves gradients on the leaf's device, and
tensors of two devices in one operation raise PyTorch's error."""
import numpy as np
import pytest

import funcgrad as fg

pytestmark = pytest.mark.gpu


def test_backward_on_the_device_leaves_grad_there(gpu):
    x = fg.ones(3, device="cuda", requires_grad=True)
    (x * x * 3).sum().backward()
    assert str(x.grad.device) == "cuda:0"
    np.testing.assert_allclose(x.grad.cpu().numpy(), [6.0, 6.0, 6.0])


def test_cuda_to_and_cpu_move_tensors(gpu):
    t = fg.tensor([1.0, 2.0]).cuda()
    assert str(t.device) == "cuda:0" and t.is_cuda
    assert str(t.to("cpu").device) == "cpu"
    assert str(fg.tensor([1.0]).to("cuda").device) == "cuda:0"
    np.testing.assert_array_equal(t.cpu().numpy(), [1.0, 2.0])


def test_gradient_flows_back_through_a_copy_to_the_device(gpu):
    a = fg.tensor([2.0, 3.0], requires_grad=True)
    b = a.cuda()
    (b * b).sum().backward()
    assert str(a.grad.device) == "cpu"
    np.testing.assert_allclose(a.grad.numpy(), [4.0, 6.0])


def test_tensors_of_two_devices_in_one_operation_raise(gpu):
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        fg.ones(2) + fg.ones(2, device="cuda")
