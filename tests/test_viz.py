"""funcgrad.viz: DOT text of forward tapes and backward graphs, and rendering.

The DOT checks need nothing installed; rendering runs only when the graphviz
package and the dot program are present. Backward graphs are checked on a small
hand-made graph, on PyTorch's graphs when torch is installed (viz reads the same
attributes), and on funcgrad's own Tensors once the facade exists.
"""
import importlib.util
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

import funcgrad as fg
import funcgrad.numpy as fnp
from funcgrad import viz

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "img"
SEEDS = ("s01", "s05", "s07")


def labels(dot):
    """The node labels of a DOT text, in order (edge labels left out)."""
    return [m.group(1) for line in dot.splitlines() if "->" not in line
            for m in [re.search(r'label="((?:[^"\\]|\\.)*)"\]', line)] if m]


def edges(dot):
    return re.findall(r"^\s*(\w+) -> (\w+)", dot, flags=re.M)


# ---- a backward graph without any tensor library -----------------------------------

class FakeLeaf:
    def __init__(self, shape):
        self.shape, self.dtype, self.grad_fn, self.requires_grad = shape, "float32", None, True


class FakeNode:
    def __init__(self, name, *next_functions, variable=None):
        self._name, self.next_functions = name, tuple(next_functions)
        if variable is not None:
            self.variable = variable

    def name(self):
        return self._name


class FakeOut:
    def __init__(self, grad_fn, shape=()):
        self.grad_fn, self.shape, self.dtype, self.requires_grad = grad_fn, shape, "float32", True


def fake_mean_graph():
    a = FakeLeaf((2,))
    acc = FakeNode("torch::autograd::AccumulateGrad", variable=a)
    add = FakeNode("AddBackward0", (acc, 0), (None, 0))
    mul = FakeNode("MulBackward0", (add, 0), (add, 0))
    return a, FakeOut(FakeNode("MeanBackward0", (mul, 0)))


def test_graph_draws_nodes_leaves_and_shapes():
    a, out = fake_mean_graph()
    dot = viz.graph(out, names={"a": a})
    assert dot.startswith("digraph backward {") and dot.rstrip().endswith("}")
    assert labels(dot) == ["out\\nf32[]", "MeanBackward0", "MulBackward0", "AddBackward0",
                           "AccumulateGrad", "a\\nf32[2]"]
    assert len(edges(dot)) == 6  # out->mean, mean->mul, mul->add twice, add->acc, acc->leaf


def test_graph_shares_nodes_reached_twice():
    _, out = fake_mean_graph()
    dot = viz.graph(out)
    assert labels(dot).count("AddBackward0") == 1
    assert "leaf\\nf32[2]" in labels(dot)


def test_graph_of_a_leaf_and_of_a_constant():
    leaf = FakeLeaf((3,))
    assert "(a leaf)" in viz.graph(leaf)
    const = FakeOut(None, (3,))
    const.requires_grad = False
    assert "does not require grad" in viz.graph(const)


def test_graph_labels_output_numbers_and_several_roots():
    leaf = FakeLeaf((2, 2))
    split = FakeNode("SplitBackward0", (FakeNode("AccumulateGrad", variable=leaf), 0))
    first = FakeOut(FakeNode("ExpBackward0", (split, 0)))
    second = FakeOut(FakeNode("SinBackward0", (split, 1)))
    dot = viz.graph([first, second])
    assert "out0" in dot and "out1" in dot and "output 1" in dot
    assert labels(dot).count("SplitBackward0") == 1


def test_quotes_and_newlines_in_names_are_escaped():
    leaf = FakeLeaf(())
    out = FakeOut(FakeNode("AccumulateGrad", variable=leaf))
    dot = viz.graph(out, names={'say "hi"': leaf})
    assert 'say \\"hi\\"' in dot


# ---- the forward graph of a tape --------------------------------------------------

def s01_function(a):
    b = a + 3
    c = b * b * 3
    return fnp.mean(c)


def test_tape_graph_has_inputs_ops_constants_and_output():
    tape = fg.make_tape(s01_function)(np.array([2.0, 3.0]))
    dot = viz.tape_graph(tape, names=["a"])
    found = labels(dot)
    assert found[0] == "a\\nf64[2]" and found[-1] == "out"
    for eqn in tape.eqns:
        assert any(x.split("\\n")[0] == eqn.prim.name for x in found)
    assert "3" in found                       # the constant of a + 3
    assert ' b: f64[2]' in dot                # edges carry the variable and its type


def test_tape_graph_of_several_outputs():
    tape = fg.make_tape(lambda x: (fnp.sin(x), fnp.cos(x)))(np.ones(3))
    dot = viz.tape_graph(tape)
    assert "out0" in dot and "out1" in dot


def test_long_parameters_are_cut_to_one_short_line():
    index = np.arange(100)
    tape = fg.make_tape(lambda x: fnp.sum(x[index]))(np.ones(100))
    getitem = [line for line in viz.tape_graph(tape).splitlines() if 'label="getitem' in line]
    assert getitem and len(getitem[0]) < 200 and "..." in getitem[0]


def test_graph_of_custom_and_checkpointed_calls():
    block = fg.checkpoint(lambda h: fnp.tanh(h) * 2)
    tape = fg.make_tape(lambda h: fnp.sum(block(h)))(np.ones(3))
    assert any(label.startswith("checkpoint(") for label in labels(viz.tape_graph(tape)))


def test_to_dot_dispatches_on_the_object():
    tape = fg.make_tape(fnp.sin)(np.ones(2))
    assert viz.to_dot(tape) == viz.tape_graph(tape)
    assert viz.to_dot("digraph g {}") == "digraph g {}"
    _, out = fake_mean_graph()
    assert viz.to_dot(out) == viz.graph(out)


def test_side_by_side_keeps_node_names_apart():
    tape = fg.make_tape(s01_function)(np.array([2.0, 3.0]))
    _, out = fake_mean_graph()
    dot = viz.side_by_side(tape, out, titles=["forward", "backward"])
    assert dot.count("subgraph cluster_") == 2
    assert 'label="forward"' in dot and 'label="backward"' in dot
    assert "g0_nid_0" in dot and "g1_nid_0" in dot
    assert not re.search(r"(?<!_)\bnid_0\b", dot.replace("g0_nid_0", "").replace("g1_nid_0", ""))


# ---- rendering ---------------------------------------------------------------------

def test_render_without_graphviz_writes_dot_text_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(viz, "have_graphviz", lambda: False)
    with pytest.warns(UserWarning, match="Graphviz is not available"):
        written = viz.render("digraph g { a -> b; }", tmp_path / "pic", format="png")
    assert written == tmp_path / "pic.dot"
    assert written.read_text().startswith("digraph g")


def test_render_refuses_unknown_formats(tmp_path):
    with pytest.raises(ValueError, match="svg"):
        viz.render("digraph g {}", tmp_path / "x", format="gif")


@pytest.mark.skipif(not viz.have_graphviz(), reason="needs the graphviz package and the dot program")
@pytest.mark.parametrize("format", ["svg", "png"])
def test_render_with_graphviz(tmp_path, format):
    tape = fg.make_tape(s01_function)(np.array([2.0, 3.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        written = viz.render(tape, tmp_path / f"tape.{format}", format=format)
    assert written == tmp_path / f"tape.{format}"
    data = written.read_bytes()
    assert data.startswith(b"<?xml") if format == "svg" else data.startswith(b"\x89PNG")


# ---- the same pictures from PyTorch and from funcgrad's Tensors ------------------

def s01_graph(lib):
    a = lib.tensor([2.0, 3.0], requires_grad=True)
    b = a + 3
    c = b * b * 3
    return a, c.mean()


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")
def test_graph_reads_pytorch_graphs():
    import torch
    a, out = s01_graph(torch)
    found = labels(viz.graph(out, names={"a": a}))
    assert found == ["out\\nf32[]", "MeanBackward0", "MulBackward0", "MulBackward0",
                     "AddBackward0", "AccumulateGrad", "a\\nf32[2]"]


@pytest.mark.skipif(not hasattr(fg, "tensor"), reason="the Tensor facade is not there yet")
def test_graph_of_funcgrad_tensors_names_nodes_like_pytorch():
    a, out = s01_graph(fg)
    found = labels(viz.graph(out, names={"a": a}))
    assert found == ["out\\nf32[]", "MeanBackward0", "MulBackward0", "MulBackward0",
                     "AddBackward0", "AccumulateGrad", "a\\nf32[2]"]


# ---- the committed pictures of the seed programs ----------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_seed_pictures_are_committed(seed):
    svg = IMAGES / f"{seed}_graphs.svg"
    assert svg.exists(), f"missing {svg}: run python docs/gen_images.py"
    assert "<svg" in svg.read_text()


@pytest.mark.skipif(not hasattr(fg, "tensor"), reason="the Tensor facade is not there yet")
@pytest.mark.parametrize("seed", SEEDS)
def test_seed_pictures_match_the_code(seed):
    spec = importlib.util.spec_from_file_location("gen_images", ROOT / "docs" / "gen_images.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    committed = (IMAGES / f"{seed}_graphs.dot").read_text().strip()
    assert gen.seed_dot(seed).strip() == committed, (
        f"docs/img/{seed}_graphs.* are out of date: pip install -e '.[docs]', install the dot "
        f"program (apt-get install graphviz) and run python docs/gen_images.py")
