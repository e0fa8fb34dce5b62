"""tester15f-10: a policy whose own save(path) writes nothing (or raises) fails the first checkpoint naming the
policy, not the agent; its load raising is named so too."""

import json

from tests.conftest import make_spec, run_cli, write_spec

POLICIES = """
import json
from pathlib import Path
from gym_loop.agents import BaseAgent
from gym_loop.policies import BasePolicy
class PolNothing(BasePolicy):
    def act(self, state):
        return 1
    def save(self, path):
        pass
    def load(self, path):
        self.loaded = json.load(open(path))
class PolRaises(PolNothing):
    def save(self, path):
        raise ValueError("policy save boom")
class PolLoadRaises(PolNothing):
    def save(self, path):
        Path(path).write_text("{}")
    def load(self, path):
        raise ValueError("policy load boom")
class A(BaseAgent):
    def act(self, state, episode_num):
        return self.policy(state)
"""


def _train(tmp_path, policy):
    (tmp_path / "pol.py").write_text(POLICIES)
    spec = make_spec(agent=f"{tmp_path / 'pol.py'}:A", max_episodes=2, episodes_per_checkpoint=1)
    spec["policy"] = {"class": f"{tmp_path / 'pol.py'}:{policy}", "parameters": {}}
    write_spec(tmp_path / "run.yaml", spec)
    return run_cli("train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path)


def test_a_policy_save_that_writes_nothing_fails_the_first_checkpoint(tmp_path):
    done = _train(tmp_path, "PolNothing")
    assert done.returncode == 1, done.stderr
    assert ("Error: policy.save (PolNothing.save) wrote nothing for r/checkpoints/agent-000001 (it must write the "
            "path it is given); there is no earlier checkpoint\n") in done.stderr
    assert json.loads((tmp_path / "r" / "run.json").read_text())["status"] == "failed"


def test_a_policy_save_that_raises_is_named(tmp_path):
    done = _train(tmp_path, "PolRaises")
    assert done.returncode == 1, done.stderr
    assert ("Error: policy.save (PolRaises.save) failed for r/checkpoints/agent-000001: ValueError: policy save boom; "
            "there is no earlier checkpoint (--debug shows the traceback)") in done.stderr


def test_a_policy_load_that_raises_is_named(tmp_path):
    assert _train(tmp_path, "PolLoadRaises").returncode == 0
    done = run_cli("eval", "--run", "r", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert ("Error: r/checkpoints/agent-000002/agent.ckpt: policy.load (PolLoadRaises.load) failed: ValueError: "
            "policy load boom (--debug shows the traceback)") in done.stderr, done.stderr
