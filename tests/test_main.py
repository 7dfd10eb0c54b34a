"""`python -m funcgrad`: the tour runs, shows both styles and trains the MLP above 90% accuracy."""
import re
import subprocess
import sys


def test_tour_runs_and_trains(tmp_path):
    # run where the tour may write its graph picture, not in the checkout
    run = subprocess.run([sys.executable, "-m", "funcgrad"], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "fg.grad(loss)(w, x)" in out and "{ lambda ;" in out
    assert "a.grad   = tensor([15., 18.])" in out
    accuracy = float(re.search(r"accuracy (\d+\.\d)%", out).group(1))
    assert accuracy > 90.0
