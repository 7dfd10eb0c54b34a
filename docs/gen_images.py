"""Draw the graphs of the seed programs into docs/img/ (DOT text and SVG).

For each seed program (the PyTorch examples in the tutorial) two graphs are put
side by side: the forward graph, the `Tape` that ``funcgrad.make_tape`` records
for the computation, and the backward graph that ``out.backward()`` walks, read
from ``out.grad_fn`` by `funcgrad.viz.graph`.

    python docs/gen_images.py          # needs the graphviz package and the dot program

The ``.dot`` files are committed beside the SVGs; tests/test_viz.py checks that
they still match what this script produces, so the pictures cannot drift.
"""
import sys
from pathlib import Path

import numpy as np

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad import viz

IMAGES = Path(__file__).resolve().parent / "img"
TITLES = ("forward: the tape of fg.make_tape(f)", "backward: out.grad_fn and next_functions")


def tensor_library():
    """funcgrad itself once the Tensor facade exists."""
    if not hasattr(fg, "tensor"):
        raise RuntimeError("the Tensor facade (funcgrad.tensor) is needed to draw backward graphs")
    return fg


# ---- the seed programs, once as a function of arrays and once with Tensors --------

def s01_forward(a):
    b = a + 3
    c = b * b * 3
    return fnp.mean(c)


def s01_backward(torch):
    a = torch.tensor([2, 3], dtype=torch.float, requires_grad=True)
    b = a + 3
    c = b * b * 3
    out = c.mean()
    return {"a": a, "out": out}


def s05_forward(x):
    y = x + 2
    z = y * y * 3
    return fnp.mean(z)


def s05_backward(torch):
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    return {"x": x, "out": out}


def s07_forward(x):
    y = 2 * x
    return fnp.reshape(y, (2, 2))


def s07_backward(torch):
    x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    y = 2 * x
    z = y.view(2, 2)
    return {"x": x, "z": z}


SEEDS = {
    "s01": (s01_forward, [np.array([2.0, 3.0], dtype=np.float32)], ["a"], s01_backward, "out"),
    "s05": (s05_forward, [np.ones((2, 2), dtype=np.float32)], ["x"], s05_backward, "out"),
    "s07": (s07_forward, [np.array([1.0, 2.0, 3.0, 4.0], dtype=np.float32)], ["x"], s07_backward, "z"),
}


def seed_dot(seed):
    """DOT text of one seed program: its forward tape and its backward graph, side by side."""
    forward, args, arg_names, backward, out_name = SEEDS[seed]
    tape = fg.make_tape(forward)(*args)
    names = backward(tensor_library())
    out = names.pop(out_name)
    names[out_name] = out
    return viz.side_by_side(viz.tape_graph(tape, names=arg_names, out_names=[out_name]),
                            viz.graph(out, names=names), titles=TITLES)


def main(seeds=tuple(SEEDS)):
    if not viz.have_graphviz():
        sys.exit("gen_images: needs `pip install graphviz` and the dot program (apt-get install graphviz)")
    IMAGES.mkdir(exist_ok=True)
    for seed in seeds:
        dot = seed_dot(seed)
        (IMAGES / f"{seed}_graphs.dot").write_text(dot + "\n")
        print("wrote", viz.render(dot, IMAGES / f"{seed}_graphs.svg"))


if __name__ == "__main__":
    main(*([tuple(sys.argv[1:])] if sys.argv[1:] else []))
