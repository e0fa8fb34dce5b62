"""tester14a-10: create-default's standard output is the spec alone: what the agent's, loop's or env module's code
prints as it is imported or run goes to standard error, so create-default > spec.yaml gives a spec train takes."""

from conftest import run_cli
from gym_loop import yaml_safety

LOUD = ("from gym_loop.agents.base_agent import BaseAgent\nprint('Using device: cpu')\nclass A(BaseAgent):\n"
        "    @staticmethod\n    def get_default_parameters():\n        print('defaults'); return {'lr': 0.1}\n"
        "    def act(self, s, e): return 0\n")


def test_prints_go_to_stderr(tmp_path):
    (tmp_path / "loud.py").write_text(LOUD)
    (tmp_path / "loudenv.py").write_text("print('registering')\n")
    for args in (["-a", "loud.py:A"], ["-s", "agent.class=loud.py:A"]):
        done = run_cli("create-default", *args, "-s", "env.name=CartPole-v1", "-s", "env.imports=[loudenv]",
                       cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        spec = yaml_safety.load(done.stdout, "stdout")
        assert spec["agent"] == {"class": "loud.py:A", "parameters": {"lr": 0.1}}
        assert "Using device: cpu" in done.stderr and "registering" in done.stderr
