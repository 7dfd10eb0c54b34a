"""`python -m funcgrad`: a short tour of both styles, ending with a small network trained from scratch.

It differentiates a function functionally and imperatively, prints a tape, a
Jacobian-vector product and a Hessian, then trains a two-layer MLP on a two-moons
dataset generated with numpy (no download), showing the loss on a progress bar
(tqdm when installed) and the final accuracy. With Graphviz present it also draws
the Tensor graph to a file and says where.

`python -m funcgrad selfcheck [--device cpu|cuda[:N]] [--dtype float64|float32]
[--only NAME ...]` instead checks every primitive's derivatives on this machine (see
funcgrad/selfcheck/); `python -m funcgrad --help` lists both.
"""
import argparse
import sys
import time

import numpy as np

import funcgrad as fg
import funcgrad.numpy as fnp


def section(title):
    """Print a section heading of the tour."""
    print(f"\n== {title} " + "=" * max(0, 66 - len(title)))


def functional_tour():
    """Show grad, jvp, hessian, a third derivative and a printed tape on a small loss."""
    section("functional: grad, jvp, hessian, the tape")

    def loss(w, x):
        return fnp.sum(fnp.tanh(x @ w) ** 2)
    w = np.array([0.5, -0.3, 0.8])
    x = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]])
    print("loss(w, x) = sum(tanh(x @ w) ** 2) =", np.round(loss(w, x), 4))
    print("fg.grad(loss)(w, x)          =", np.round(fg.grad(loss)(w, x), 4))
    _, jv = fg.jvp(lambda w: fnp.tanh(x @ w), (w,), (np.ones(3),))
    print("jvp of tanh(x @ w) along 1   =", np.round(jv, 4))
    print("fg.hessian(loss)(w, x)       =\n", np.round(fg.hessian(loss)(w, x), 4))
    print("d³/dx³ tanh at 0.3 (nested)  =", np.round(fg.grad(fg.grad(fg.grad(fnp.tanh)))(0.3), 6))
    print("the tape of loss at w:")
    print(fg.make_tape(lambda w: loss(w, x))(w))


def imperative_tour():
    """Show the PyTorch-style Tensor: backward() and .grad, then draw its graph."""
    section("imperative: the PyTorch-style Tensor")
    import funcgrad as torch
    a = torch.tensor([2.0, 3.0], requires_grad=True)
    out = ((a + 3) * (a + 3) * 3).mean()
    out.backward()
    print("a        =", a)
    print("out      =", out)
    print("a.grad   =", a.grad)
    draw_graph(out)


def draw_graph(out):
    """Render out's backward graph to an SVG when Graphviz is present, else print its DOT start."""
    try:
        from funcgrad import viz
    except ImportError:
        return
    dot = viz.graph(out)
    try:
        path = viz.render(dot, "funcgrad_tour_graph", format="svg")
    except Exception:  # Graphviz missing or failing: the DOT text is still useful
        path = None
    if path is not None and str(path).endswith(".svg"):
        print(f"the graph of out was drawn to {path}")
    else:
        print("(install Graphviz to draw the graph of out; its DOT text starts:", dot.splitlines()[0], ")")


def two_moons(n, noise, rng):
    """n points of two interleaved half circles with Gaussian noise: (points (n, 2), labels 0/1)."""
    t = rng.uniform(0, np.pi, n)
    upper = np.stack([np.cos(t), np.sin(t)], 1)
    lower = np.stack([1 - np.cos(t), 0.5 - np.sin(t)], 1)
    labels = rng.integers(0, 2, n)
    points = np.where(labels[:, None] == 0, upper, lower) + noise * rng.standard_normal((n, 2))
    return points, labels


def init_params(rng, sizes):
    """An MLP's parameters: a list of {"w", "b"} dicts, weights scaled by 1/√fan-in."""
    return [{"w": rng.standard_normal((m, n)) * np.sqrt(1.0 / m), "b": np.zeros(n)}
            for m, n in zip(sizes[:-1], sizes[1:])]


def predict(params, x):
    """The MLP's logits for inputs x: tanh hidden layers, a linear last layer."""
    for layer in params[:-1]:
        x = fnp.tanh(x @ layer["w"] + layer["b"])
    return x @ params[-1]["w"] + params[-1]["b"]


def cross_entropy(params, x, labels):
    """The mean softmax cross-entropy of the MLP on (x, labels), differentiable in params."""
    logits = predict(params, x)
    log_probs = fnp.log_softmax(logits, axis=1)
    return -fnp.mean(log_probs[np.arange(len(labels)), labels])


def adam(grads, state, step, lr=0.03, b1=0.9, b2=0.999, eps=1e-8):
    """One Adam step on pytrees: (updates to add to the parameters, new (m, v) state)."""
    m, v = state
    m = fg.tree_map(lambda m, g: b1 * m + (1 - b1) * g, m, grads)
    v = fg.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, v, grads)
    updates = fg.tree_map(lambda m, v: -lr * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + eps), m, v)
    return updates, (m, v)


def progress(steps):
    """range(steps), wrapped in a tqdm progress bar when tqdm is installed."""
    try:
        from tqdm import tqdm
        return tqdm(range(steps), desc="training", ncols=80, file=sys.stdout)
    except ImportError:
        return range(steps)


def train_mlp(steps=150):
    """Train a 2-32-32-2 MLP on two moons with Adam; print and return the final accuracy."""
    section("training a 2-32-32-2 MLP on two moons")
    rng = np.random.default_rng(0)
    x, y = two_moons(600, 0.15, rng)
    params = init_params(rng, [2, 32, 32, 2])
    zeros = fg.tree_map(np.zeros_like, params)
    state = (zeros, zeros)
    loss_and_grad = fg.value_and_grad(cross_entropy)
    bar = progress(steps)
    start = time.perf_counter()
    for step in bar:
        loss, grads = loss_and_grad(params, x, y)
        updates, state = adam(grads, state, step + 1)
        params = fg.tree_map(np.add, params, updates)
        if hasattr(bar, "set_postfix") and step % 10 == 0:
            bar.set_postfix(loss=f"{loss:.4f}")
    accuracy = np.mean(np.argmax(predict(params, x), axis=1) == y)
    print(f"final loss {loss:.4f}, accuracy {accuracy:.1%} "
          f"({steps} steps in {time.perf_counter() - start:.1f} s)")
    return accuracy


def tour():
    """Run the whole tour: both styles, then the training run."""
    np.set_printoptions(precision=4, suppress=True)
    print(f"funcgrad {fg.__version__}: automatic differentiation of numpy code")
    functional_tour()
    imperative_tour()
    train_mlp()


def parse(argv):
    """Parse the command line.

    Parameters
    ----------
    argv : list of str
        The arguments after `python -m funcgrad`.

    Returns
    -------
    argparse.Namespace
        `command` is None or "tour" for the tour, "selfcheck" with its options.
    """
    from funcgrad.selfcheck import run
    parser = argparse.ArgumentParser(
        prog="python -m funcgrad",
        description="With no command: a tour of funcgrad (grad, jvp, hessian, the Tensor API) "
                    "ending with a small network trained from scratch.")
    commands = parser.add_subparsers(dest="command", metavar="command")
    commands.add_parser("tour", help="the tour (the default)")
    run.add_arguments(commands.add_parser(
        "selfcheck", help="check every primitive's derivatives on a device and print a table",
        description=run.__doc__.splitlines()[0]))
    return parser.parse_args(argv)


def main(argv=None):
    """Run the tour or the command `argv` names.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default sys.argv[1:]).

    Returns
    -------
    int
        The exit status (the selfcheck's; 0 after the tour).
    """
    args = parse(sys.argv[1:] if argv is None else argv)
    if args.command == "selfcheck":
        from funcgrad.selfcheck import run
        return run.run_parsed(args)
    tour()
    return 0


if __name__ == "__main__":
    sys.exit(main())
