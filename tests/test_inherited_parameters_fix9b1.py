"""tester9b-5, -11: a subclass's get_default_parameters() and PARAMETER_RULES add to its bases' (merged along the
class's MRO, in the spec as in the constructor), so a loop or agent of your own keeps BaseLoop's (DefaultLoop's,
QLearningAgent's) parameters and rules: its files land in the run folder and bad values are refused."""

import gymnasium
import yaml
from conftest import PLAYS_EPISODES, only_run, run_cli

OWN_LOOPS = '''
import os
from gym_loop.loops import BaseLoop
from gym_loop.loops.base_loop import Episode
from gym_loop.loops.default_loop import DefaultLoop
from gym_loop.rules import PATH

class OwnDefaults(BaseLoop):
    @staticmethod
    def get_default_parameters():
        return {"max_len": 50}            # BaseLoop's left out
''' + PLAYS_EPISODES + '''    def state(self): return {"steps": self.steps}
    def restore(self, state): self.steps = state["steps"]

class DSub(DefaultLoop):
    @staticmethod
    def get_default_parameters():
        return {**BaseLoop.get_default_parameters(), "extra": 1}     # DefaultLoop's left out

class TrajLoop(DefaultLoop):
    PARAMETER_RULES = {"traj_dir": PATH}
    @staticmethod
    def get_default_parameters():
        return {**DefaultLoop.get_default_parameters(), "traj_dir": "./trajs"}
    def training_episodes(self):
        os.makedirs(self.traj_dir, exist_ok=True)
        yield from super().training_episodes()
'''

MY_Q = '''
from gym_loop.agents.q_learning import QLearningAgent
from gym_loop.rules import PATH
class MyQ(QLearningAgent):
    PARAMETER_RULES = {"table_file": PATH}
    @staticmethod
    def get_default_parameters():
        return {"table_file": "./q.npy"}          # QLearningAgent's left out
'''


def _spec(tmp_path, loop, **parameters):
    (tmp_path / "ownloops.py").write_text(OWN_LOOPS)
    spec = {"agent": {"class": "gym_loop.agents:RandomAgent"}, "env": {"name": "CartPole-v1"},
            "loop": {"class": f"ownloops.py:{loop}", "parameters": {"max_episodes": 4, "episodes_per_checkpoint": 2,
                                                                   **parameters}}, "seed": 1}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    return ["train", "-c", "run.yaml", "--runs-dir", "runs"]


def test_create_default_lists_the_bases_parameters(tmp_path):
    (tmp_path / "ownloops.py").write_text(OWN_LOOPS)
    made = run_cli("create-default", "-a", "gym_loop.agents:RandomAgent", "--loop", "ownloops.py:OwnDefaults",
                   "--run-config", "od.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    parameters = yaml.safe_load((tmp_path / "od.yaml").read_text())["loop"]["parameters"]
    assert {"max_len", "max_episodes", "checkpoint_dir", "episodes_csv"} <= set(parameters)


def test_a_loop_leaving_out_baseloops_defaults_writes_into_its_run_folder(tmp_path):
    ran = run_cli(*_spec(tmp_path, "OwnDefaults"), cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    run = only_run(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ownloops.py", "run.yaml", "runs"]
    assert len((run / "episodes.csv").read_text().splitlines()) == 5
    assert (run / "checkpoints" / "latest").exists()
    resumed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=6", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert len((run / "episodes.csv").read_text().splitlines()) == 7


def test_a_defaultloop_subclass_gets_defaultloops_parameters(tmp_path):
    ran = run_cli(*_spec(tmp_path, "DSub"), cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert yaml.safe_load((only_run(tmp_path) / "spec.yaml").read_text())["loop"]["parameters"]["max_episode_len"]


def test_own_rules_add_to_the_bases_rules(tmp_path):
    ran = run_cli(*_spec(tmp_path, "TrajLoop"), cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "WARNING" not in ran.stderr, ran.stderr
    run = only_run(tmp_path)
    assert (run / "trajs").is_dir() and (run / "episodes.csv").exists() and (run / "checkpoints" / "latest").exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ownloops.py", "run.yaml", "runs"]
    refused = run_cli(*_spec(tmp_path, "TrajLoop", episodes_per_eval="abc"), cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "Error: loop.parameters.episodes_per_eval: expected a positive integer or null, got \"abc\""]


def test_an_agent_subclass_keeps_its_bases_rules_and_defaults(tmp_path):
    (tmp_path / "qa.py").write_text(MY_Q)
    made = run_cli("create-default", "-a", "qa.py:MyQ", "--run-config", "q.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "learning_rate" in yaml.safe_load((tmp_path / "q.yaml").read_text())["agent"]["parameters"]
    refused = run_cli("train", "-c", "q.yaml", "--set", "agent.parameters.learning_rate=-5", cwd=tmp_path)
    assert refused.returncode == 2
    assert "agent.parameters.learning_rate: expected a number from 0 to 1, got -5" in refused.stderr


def test_a_loop_built_in_python_takes_its_bases_parameters(tmp_path, monkeypatch):
    import importlib
    import sys

    from gym_loop.agents import RandomAgent

    (tmp_path / "ownloops.py").write_text(OWN_LOOPS)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    sys.modules.pop("ownloops", None)
    DSub = importlib.import_module("ownloops").DSub
    env = gymnasium.make("CartPole-v1")
    agent = RandomAgent(observation_space=env.observation_space, action_space=env.action_space)
    loop = DSub(agent, env, max_episodes=2, max_episode_len=20, extra=2)
    assert loop.train().episodes == 2 and loop.extra == 2
