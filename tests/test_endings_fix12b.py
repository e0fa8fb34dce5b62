"""tester12b-4: sys.exit() or KeyboardInterrupt raised in an agent method ends the run with a message naming the
method, the episode and the step, as any other exception of those methods does, and run.json's reason says the same."""

import json

import pytest
from conftest import only_run, run_cli

AGENT = """
import os, sys
from gym_loop.agents.random_agent import RandomAgent
class Odd(RandomAgent):
    def odd(self, method, episode):
        if os.environ["ODD_METHOD"] == method and episode == 2:
            if os.environ["ODD_KIND"] == "exit":
                sys.exit(0)
            raise KeyboardInterrupt
    def act(self, state, episode_num):
        self.odd("act", episode_num)
        return super().act(state, episode_num)
    def update(self, episode_num):
        self.odd("update", episode_num)
    def metrics(self, episode_num):
        self.odd("metrics", episode_num)
        return {}
    def save(self, path):
        self.odd("save", self.saves)
        self.saves += 1
        super().save(path)
    saves = 1
"""


@pytest.mark.parametrize("method, kind, loop, said", [
    ("update", "exit", "DefaultLoop", "agent.update called sys.exit(0) during training, at episode 2, step 1; "
                                      "the run failed"),
    ("update", "keyboard", "DefaultLoop", "KeyboardInterrupt was raised by agent.update, at episode 2, step 1, "
                                          "not by Ctrl-C; the run failed"),
    ("metrics", "exit", "DefaultLoop", "agent.metrics called sys.exit(0) during training, at episode 2; the run "
                                       "failed"),
    ("save", "exit", "DefaultLoop", "agent.save called sys.exit(0) during training, for runs/"),
    ("act", "exit", "VectorLoop", "agent.act called sys.exit(0) during training, after 2 episodes, at env step "),
])
def test_sys_exit_or_keyboard_interrupt_in_an_agent_method_names_it_and_where(tmp_path, method, kind, loop, said):
    (tmp_path / "odd.py").write_text(AGENT)
    parameters = "{num_envs: 1, max_episodes: 4}" if loop == "VectorLoop" else "{max_episodes: 4}"
    (tmp_path / "run.yaml").write_text(f"agent: {{class: odd.py:Odd}}\nenv: {{name: CartPole-v1}}\n"
                                       f"loop: {{class: gym_loop.loops.{loop.lower()[:-4]}_loop:{loop}, "
                                       f"parameters: {parameters}}}\n")
    done = run_cli("-q", "train", "-c", "run.yaml", "-s", "loop.parameters.episodes_per_checkpoint=1", cwd=tmp_path,
                   env={"ODD_METHOD": method, "ODD_KIND": kind})
    assert done.returncode == 1, done.stderr
    assert said in done.stderr.splitlines()[-1], done.stderr
    reason = json.loads((only_run(tmp_path) / "run.json").read_text())["reason"]
    assert reason.startswith(said.split("; the run")[0]), reason
