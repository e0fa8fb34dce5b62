"""tester14a-9: sys.exit() while an agent file, a module of a class string or an env.imports module is imported is
an error of the spec (exit 2, naming the file and line), not gym-loop's exit with that code (0 for sys.exit(0))."""

import pytest

from conftest import run_cli
from gym_loop.errors import ResolveError, SpecError
from gym_loop.resolve import resolve_class
from gym_loop.spec import import_env_modules

ARGPARSE = ("import argparse\nfrom gym_loop.agents.base_agent import BaseAgent\np = argparse.ArgumentParser()\n"
            "args = p.parse_args(['--bogus'])\nclass A(BaseAgent):\n    def act(self, s, e): return 0\n")


@pytest.mark.parametrize("code", ["sys.exit(0)", "sys.exit('bye')", "raise SystemExit"])
def test_file_class(tmp_path, code):
    (tmp_path / "ex.py").write_text(f"import sys\n{code}\n")
    with pytest.raises(ResolveError, match=r"importing .*ex.py failed: it called sys.exit\(.*\) as it was imported "
                                           r"\(ex.py, line 2\); guard the script's code with if __name__"):
        resolve_class(f"{tmp_path / 'ex.py'}:A")


def test_argparse_names_the_file_not_argparse(tmp_path, monkeypatch):
    (tmp_path / "exarg.py").write_text(ARGPARSE)
    with pytest.raises(ResolveError, match=r"sys.exit\(2\) as it was imported \(exarg.py, line 4\)"):
        resolve_class(f"{tmp_path / 'exarg.py'}:A")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exmod14a.py").write_text(ARGPARSE)
    with pytest.raises(ResolveError, match=r"importing exmod14a failed: it called sys.exit\(2\).*exmod14a.py, line 4"):
        resolve_class("exmod14a:A")


def test_env_module(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exitenv14a.py").write_text("import sys\nsys.exit(0)\n")
    with pytest.raises(SpecError, match=r"importing 'exitenv14a' failed: it called sys.exit\(0\).*exitenv14a.py, "
                                        r"line 2"):
        import_env_modules(["exitenv14a"])


def test_train_and_sweep_exit_2(tmp_path):
    (tmp_path / "ex0.py").write_text("import sys\nsys.exit(0)\n")
    (tmp_path / "ex0.yaml").write_text(
        "agent: {class: ex0.py:A}\nenv: {name: CartPole-v1}\nloop: {parameters: {max_episodes: 1}}\n")
    for args in (["train", "-c", "ex0.yaml"], ["sweep", "-c", "ex0.yaml", "--seeds", "0"]):
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 2 and "it called sys.exit(0) as it was imported (ex0.py, line 2)" in done.stderr
