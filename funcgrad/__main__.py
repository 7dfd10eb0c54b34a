"""`python -m funcgrad`: a short tour — a function, its gradient, its Hessian, its tape."""
import numpy as np

import funcgrad as fg
import funcgrad.numpy as fnp


def loss(w, x):
    return fnp.sum(fnp.tanh(x @ w) ** 2)


def tour():
    np.set_printoptions(precision=4, suppress=True)
    w = np.array([0.5, -0.3, 0.8])
    x = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]])
    print("funcgrad", fg.__version__, "- automatic differentiation of numpy code\n")
    print("loss(w, x) = sum(tanh(x @ w) ** 2)")
    print("  loss        =", loss(w, x))
    print("  grad        =", fg.grad(loss)(w, x))
    print("  hessian     =\n", fg.hessian(loss)(w, x))
    print("  d³tanh/dx³ at 0.3 (three nested grads) =", fg.grad(fg.grad(fg.grad(fnp.tanh)))(0.3))
    print("\nthe tape of loss at w (print(fg.make_tape(loss)(w, x))):")
    print(fg.make_tape(lambda w: loss(w, x))(w))
    try:
        import funcgrad as torch
        a = torch.tensor([2.0, 3.0], requires_grad=True)
        out = ((a + 3) * (a + 3) * 3).mean()
        out.backward()
        print("\nthe PyTorch-style facade: a =", a)
        print("out =", out, "\na.grad =", a.grad)
    except (AttributeError, TypeError):
        pass


if __name__ == "__main__":
    tour()
