"""pyproject.toml ships every package of the source tree (a plain `pip install .` must work)."""
import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def source_packages():
    found = set()
    for init in ROOT.glob("funcgrad/**/__init__.py"):
        found.add(".".join(init.parent.relative_to(ROOT).parts))
    for init in ROOT.glob("primitives/**/__init__.py"):
        found.add(".".join(("funcgrad",) + init.parent.relative_to(ROOT).parts))
    return found


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    missing = source_packages() - listed
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"
