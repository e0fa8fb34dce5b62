"""tester14a-12: every YAML gym-loop writes reads back as written with gym-loop's own reader (yaml_safety.load),
which takes 1e-3 and 08 as numbers: strings of that text are quoted; and no anchors (&id001) are written."""

import ast
from pathlib import Path

import pytest

from conftest import run_cli
from gym_loop import yaml_safety

TRICKY = ["1e3", "1e-3", "1.0e3", ".5e3", "008", "09", "-07", "+1e5", "0x10", "1:30", "1_000", "yes", "off",
          "null", "~", "2001-12-14", ".inf", "1.5", "12", "plain", ""]


@pytest.mark.parametrize("text", TRICKY)
def test_strings_read_back_as_strings(text):
    document = {"a": text, "b": [text], text or "k": 1}
    assert yaml_safety.load(yaml_safety.dump(document), "x") == document


def test_numbers_stay_numbers_and_no_anchors():
    shared = {"width": 16}
    written = yaml_safety.dump({"agent": shared, "policy": shared, "n": 8, "lr": 1e-3})
    assert "&" not in written and "*" not in written
    assert yaml_safety.load(written, "x") == {"agent": {"width": 16}, "policy": {"width": 16}, "n": 8, "lr": 1e-3}


def test_no_other_yaml_writer():
    """Every writer of spec YAML goes through yaml_safety.dump (run spec.yaml, create-default, sweep, tune)."""
    package = Path(yaml_safety.__file__).parent
    for path in package.rglob("*.py"):
        if path.name == "yaml_safety.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            name = getattr(node, "attr", None) or getattr(node, "id", None)
            assert name not in ("safe_dump", "dump_all", "safe_dump_all") and not (
                name == "dump" and isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "yaml"), (
                f"{path}:{node.lineno} writes YAML without yaml_safety.dump")


AGENT = """
from gym_loop.agents.base_agent import BaseAgent
class A(BaseAgent):
    @staticmethod
    def get_default_parameters(): return {"lr": "1e-3", "tag": "007", "model_id": "08"}
    def act(self, state, episode_num): return 0
"""


def test_create_default_then_train_then_eval(tmp_path):
    (tmp_path / "strdef.py").write_text(AGENT)
    made = run_cli("-q", "create-default", "-a", "strdef.py:A", "-s", "env.name=CartPole-v1",
                   "-s", "loop.parameters.max_episodes=1", "-c", "s.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert yaml_safety.load((tmp_path / "s.yaml").read_text(), "s")["agent"]["parameters"] == {
        "lr": "1e-3", "tag": "007", "model_id": "08"}
    trained = run_cli("-q", "train", "-c", "s.yaml", "--run-dir", "run", cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    evaluated = run_cli("-q", "eval", "--run", "run", "-s", "loop.parameters.eval_episodes=1", cwd=tmp_path)
    assert evaluated.returncode == 0, evaluated.stderr


def test_sweep_of_a_spec_quoting_such_strings(tmp_path):
    (tmp_path / "strdef.py").write_text(AGENT)
    (tmp_path / "strq.yaml").write_text(
        'agent: {class: strdef.py:A, parameters: {lr: "1e-3", model_id: "08"}}\nenv: {name: CartPole-v1}\n'
        "loop: {parameters: {max_episodes: 1, eval_episodes: 1}}\n")
    swept = run_cli("-q", "sweep", "-c", "strq.yaml", "--sweeps-dir", "sw", "--seeds", "0", "-j", "1", cwd=tmp_path)
    assert swept.returncode == 0, swept.stderr
    added = run_cli("-q", "sweep", "sw/strq", "--add-seeds", "1", "-j", "1", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
