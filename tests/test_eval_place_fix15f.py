"""tester15f-12: KeyboardInterrupt or sys.exit() raised by act in a periodic evaluation is placed in that evaluation,
as an exception is, not at training's episode."""

import pytest

from tests.conftest import make_spec, run_cli, write_spec

AGENT = """
import sys
from gym_loop.agents import BaseAgent
class EvFail(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"kind": "kbi"}
    def act(self, state, episode_num, evaluation=False):
        if evaluation:
            if self.kind == "kbi": raise KeyboardInterrupt
            if self.kind == "exit": sys.exit(2)
        return int(self.rng.integers(2))
"""


@pytest.mark.parametrize("kind, said", [
    ("kbi", "KeyboardInterrupt was raised by agent.act in the evaluation after 2 episodes, at its episode 0, step 1, "
            "not by Ctrl-C; the run failed"),
    ("exit", "agent.act called sys.exit(2) during training in the evaluation after 2 episodes, at its episode 0, "
             "step 1; the run failed")])
def test_placed_in_the_evaluation(tmp_path, kind, said):
    (tmp_path / "ev.py").write_text(AGENT)
    write_spec(tmp_path / "run.yaml", make_spec(agent=f"{tmp_path / 'ev.py'}:EvFail", max_episodes=3,
                                                episodes_per_eval=2, eval_episodes=2))
    done = run_cli("train", "-c", "run.yaml", "--run-dir", "r", "--set", f"agent.parameters.kind={kind}", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"Error: {said}" in done.stderr, done.stderr
