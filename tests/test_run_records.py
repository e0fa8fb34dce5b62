"""A resumed or evaluated run keeps a true record: its files, its agent's parameters, its code, its checkpoints,
its env modules and held-out evaluation episodes (tester4a #1, #2, #8, #9, #12, #13)."""

import json
from pathlib import Path

import pytest
import yaml

from conftest import make_spec, read_scalars, run_cli, write_spec

EPSILON_AGENT = """
from gym_loop.agents import BaseAgent

class Eps(BaseAgent):
    updated = -1

    @staticmethod
    def get_default_parameters():
        return {"epsilon": 0.5, "lr": 0.1}

    def act(self, state, episode_num):
        return 0

    def update(self, episode_num):  # once per episode
        if episode_num != self.updated:
            self.epsilon, self.updated = self.epsilon * 0.5, episode_num

    def metrics(self, episode_num):
        return {"epsilon": self.epsilon, "lr": self.lr}


class ReadmeEps(BaseAgent):
    updated = -1

    @staticmethod
    def get_default_parameters():
        return {"epsilon": 0.5, "lr": 0.1}

    def act(self, state, episode_num):
        return 0

    def update(self, episode_num):  # once per episode
        if episode_num != self.updated:
            self.parameters["epsilon"] *= 0.5
            self.updated = episode_num

    def metrics(self, episode_num):
        return {"epsilon": self.parameters["epsilon"], "lr": self.parameters["lr"]}
"""

STATES_AGENT = """
from gym_loop.agents import BaseAgent

class Logs(BaseAgent):
    @staticmethod
    def get_default_parameters():
        return {"log": "states.txt"}

    def act(self, state, episode_num):
        with open(self.log, "a") as file:
            file.write(repr([float(x) for x in state]) + "\\n")
        return 0
"""

ENV_MODULE = """
import gymnasium

gymnasium.register("{name}", entry_point="gymnasium.envs.classic_control:CartPoleEnv", max_episode_steps=20)
"""


def trained(cwd: Path, run: str, *sets: str, spec: dict = None) -> Path:
    """Train ``run`` (a --run-dir) in ``cwd`` from ``spec`` with ``--set`` of each of ``sets``."""
    write_spec(cwd / "run.yaml", spec or make_spec(max_episodes=2, episodes_per_checkpoint=1))
    result = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", run, *[a for s in sets for a in ("--set", s)],
                     cwd=cwd)
    assert result.returncode == 0, result.stderr
    return cwd / run


def errors(result) -> list:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


@pytest.mark.parametrize("key, value, shown", [("episodes_csv", "./e2.csv", "'./e2.csv'"),
                                               ("evals_csv", "./ev2.csv", "'./ev2.csv'"),
                                               ("logdir", "./l2", "'./l2'"),
                                               ("episodes_csv", "null", "null")])
def test_a_resume_keeps_the_runs_record_files(tmp_path, key, value, shown):
    run = trained(tmp_path, "rs", "seed=1")
    before = {path.name: path.read_bytes() for path in run.iterdir() if path.is_file()}
    result = run_cli("train", "--resume", "rs", "--set", "loop.parameters.max_episodes=4",
                     "--set", f"loop.parameters.{key}={value}", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    default = {"episodes_csv": "./episodes.csv", "evals_csv": "./evals.csv", "logdir": "./logs"}[key]
    assert result.stderr.splitlines() == [
        f"Error: loop.parameters.{key}: --resume keeps the run's '{default}', not {shown}; to change it, start a new "
        f"run: gym-loop train -c rs/spec.yaml --set loop.parameters.{key}=..."]
    assert {path.name: path.read_bytes() for path in run.iterdir() if path.is_file()} == before
    assert not list(run.glob("e2.csv")) + list(run.glob("ev2.csv")) + list(run.glob("l2"))
    same = run_cli("-q", "train", "--resume", "rs", "--set", "loop.parameters.max_episodes=4",
                   "--set", f"loop.parameters.{key}={default[2:]}", cwd=tmp_path)  # the same path, written alike
    assert same.returncode == 0, same.stderr
    assert len((run / "episodes.csv").read_text().splitlines()) == 1 + 4


@pytest.mark.parametrize("agent", ["Eps", "ReadmeEps"])
def test_an_agent_parameter_set_on_resume_replaces_the_learned_value(tmp_path, agent):
    (tmp_path / "eps.py").write_text(EPSILON_AGENT)
    run = trained(tmp_path, "ep", f"agent.class=eps.py:{agent}")
    result = run_cli("train", "--resume", "ep", "--set", "loop.parameters.max_episodes=4",
                     "--set", "agent.parameters.epsilon=0.0", "--set", "agent.parameters.lr=0.5", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("agent.parameters.epsilon: --set 0.0 replaces 0.125, the value the agent had learned "
            "(in checkpoint agent-000002)") in result.stderr
    assert "agent.parameters.lr" not in result.stderr  # never learned: the agent was built with it
    scalars = read_scalars(run / "logs")
    assert [value for _, value in scalars["epsilon"]] == [0.25, 0.125, 0.0, 0.0]
    assert [value for _, value in scalars["lr"]] == pytest.approx([0.1, 0.1, 0.5, 0.5])
    assert yaml.safe_load((run / "spec.yaml").read_text().partition("\n")[2])["agent"]["parameters"] == {
        "epsilon": 0.0, "lr": 0.5}
    again = run_cli("train", "--resume", "ep", "--set", "loop.parameters.max_episodes=5", cwd=tmp_path)
    assert again.returncode == 0 and "agent.parameters" not in again.stderr  # as recorded: an exact resume
    assert read_scalars(run / "logs")["epsilon"][-1][1] == 0.0


def test_a_resume_without_set_continues_the_learned_value(tmp_path):
    (tmp_path / "eps.py").write_text(EPSILON_AGENT)
    run = trained(tmp_path, "ep", "agent.class=eps.py:Eps")
    result = run_cli("train", "--resume", "ep", "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert result.returncode == 0 and "replaces" not in result.stderr
    assert [value for _, value in read_scalars(run / "logs")["epsilon"]] == [0.25, 0.125, 0.0625]


POLICY_AGENT = """
from gym_loop.agents import BaseAgent
from gym_loop.policies.base_policy import BasePolicy

class Greedy(BasePolicy):
    @staticmethod
    def get_default_parameters():
        return {"temperature": 0.5, "width": 4}

    def act(self, state):
        return 0

class WithPolicy(BaseAgent):
    updated = -1

    def act(self, state, episode_num):
        return self.policy(state)

    def update(self, episode_num):  # once per episode: the policy learns its temperature
        if episode_num != self.updated:
            self.policy.temperature, self.updated = self.policy.temperature * 0.5, episode_num

    def metrics(self, episode_num):
        return {"temperature": self.policy.temperature, "width": self.policy.width}

class ReadmeWithPolicy(WithPolicy):
    def update(self, episode_num):  # the README way: in the policy's parameters dict
        if episode_num != self.updated:
            self.policy.parameters["temperature"] *= 0.5
            self.updated = episode_num

    def metrics(self, episode_num):
        return {"temperature": self.policy.parameters["temperature"], "width": self.policy.parameters["width"]}
"""


@pytest.mark.parametrize("agent", ["WithPolicy", "ReadmeWithPolicy"])
def test_a_policy_parameter_set_on_resume_replaces_the_learned_value(tmp_path, agent):
    (tmp_path / "pol.py").write_text(POLICY_AGENT)
    run = trained(tmp_path, "pp", f"agent.class=pol.py:{agent}", "policy.class=pol.py:Greedy")
    result = run_cli("train", "--resume", "pp", "--set", "loop.parameters.max_episodes=4",
                     "--set", "policy.parameters.temperature=0.0", "--set", "policy.parameters.width=8", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("policy.parameters.temperature: --set 0.0 replaces 0.125, the value the policy had learned "
            "(in checkpoint agent-000002)") in result.stderr
    assert "policy.parameters.width" not in result.stderr  # never learned: the policy was built with it
    scalars = read_scalars(run / "logs")
    assert [value for _, value in scalars["temperature"]] == [0.25, 0.125, 0.0, 0.0]
    assert [value for _, value in scalars["width"]] == [4, 4, 8, 8]
    assert yaml.safe_load((run / "spec.yaml").read_text().partition("\n")[2])["policy"]["parameters"] == {
        "temperature": 0.0, "width": 8}
    again = run_cli("train", "--resume", "pp", "--set", "loop.parameters.max_episodes=5", cwd=tmp_path)
    assert again.returncode == 0 and "policy.parameters" not in again.stderr  # as recorded: an exact resume
    assert read_scalars(run / "logs")["temperature"][-1][1] == 0.0


def runs_in_two_folders(tmp_path):
    """A run of ``proj/agent.py:Counter`` made in ``proj``, and ``elsewhere`` holding another ``agent.py``."""
    project, elsewhere = tmp_path / "proj", tmp_path / "elsewhere"
    project.mkdir(), elsewhere.mkdir()
    agent = ("from gym_loop.agents import BaseAgent\n\n"
             "class Counter(BaseAgent):\n    def act(self, state, episode_num):\n")
    (project / "agent.py").write_text(agent + "        return 0\n")
    (elsewhere / "agent.py").write_text(agent + "        raise ValueError('not mine')\n")
    run = trained(project, "r", "agent.class=agent.py:Counter", "seed=4")
    return run, elsewhere


def test_eval_run_uses_the_runs_own_agent_file_from_another_folder(tmp_path):
    run, elsewhere = runs_in_two_folders(tmp_path)
    here = run_cli("-q", "eval", "--run", run, "--set", "loop.parameters.eval_episodes=2", cwd=run.parent)
    there = run_cli("-q", "eval", "--run", run, "--set", "loop.parameters.eval_episodes=2", cwd=elsewhere)
    assert here.returncode == 0 and there.returncode == 0, there.stderr
    assert there.stderr == ""
    summaries = [json.loads(path.read_text()) for path in sorted((run / "eval_logs").glob("summary-*.json"))]
    assert len(summaries) == 2 and summaries[0]["return"] == summaries[1]["return"]
    assert summaries[0]["code"] == json.loads((run / "run.json").read_text())["code"]
    resumed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=3", cwd=elsewhere)
    assert resumed.returncode == 0 and "WARNING" not in resumed.stderr, resumed.stderr


def test_eval_run_warns_when_the_agents_file_changed(tmp_path):
    run, elsewhere = runs_in_two_folders(tmp_path)
    (run.parent / "agent.py").write_text((run.parent / "agent.py").read_text().replace("return 0", "return 1"))
    result = run_cli("eval", "--run", run, "--set", "loop.parameters.eval_episodes=1", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    code = json.loads((run / "run.json").read_text())["code"]["agent"]
    assert (f"WARNING: the agent's file {run.parent / 'agent.py'} changed since the run last trained "
            f"(sha256 {code[:12]}...") in result.stderr
    assert "the evaluation runs the new code" in result.stderr
    (summary,) = [json.loads(path.read_text()) for path in (run / "eval_logs").glob("summary-*.json")]
    assert summary["code"]["agent"] != code


def test_eval_run_refuses_another_runs_checkpoint(tmp_path):
    mine = trained(tmp_path, "mine", "seed=1")
    other = trained(tmp_path, "other", "seed=2")
    result = run_cli("eval", "--run", "mine", "--checkpoint", "other/checkpoints/agent-000002", cwd=tmp_path)
    assert result.returncode == 2
    assert errors(result) == [
        "Error: --checkpoint: other/checkpoints/agent-000002 was saved by another run (other), not by mine; "
        "evaluate it with its own run: gym-loop eval --run other --checkpoint agent-000002, or, to load it into "
        "this run's agent anyway: gym-loop eval -c mine/spec.yaml --checkpoint other/checkpoints/agent-000002"]
    assert not (mine / "eval_logs").exists()
    anyway = run_cli("-q", "eval", "-c", "mine/spec.yaml", "--checkpoint", "other/checkpoints/agent-000002",
                     "--set", "loop.parameters.eval_episodes=1", "--output", "ev", cwd=tmp_path)
    assert anyway.returncode == 0, anyway.stderr
    own = run_cli("-q", "eval", "--run", "mine", "--checkpoint", "mine/checkpoints/agent-000001",
                  "--set", "loop.parameters.eval_episodes=1", cwd=tmp_path)
    assert own.returncode == 0, own.stderr
    assert other.is_dir()


def test_eval_run_plays_episodes_the_run_never_played(tmp_path):
    (tmp_path / "logs.py").write_text(STATES_AGENT)
    trained(tmp_path, "zr", "agent.class=logs.py:Logs", "seed=9",
            spec=make_spec(max_episodes=4, episodes_per_checkpoint=2, episodes_per_eval=2, eval_episodes=3))
    seen = set((tmp_path / "states.txt").read_text().splitlines())
    (tmp_path / "states.txt").unlink()
    result = run_cli("eval", "--run", "zr", "--checkpoint", "agent-000002", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    evaluated = set((tmp_path / "states.txt").read_text().splitlines())
    assert len(evaluated) > 3 and not evaluated & seen
    assert "held-out episodes" in result.stderr
    (tmp_path / "states.txt").unlink()
    assert run_cli("-q", "eval", "--run", "zr", "--checkpoint", "agent-000002", cwd=tmp_path).returncode == 0
    assert set((tmp_path / "states.txt").read_text().splitlines()) == evaluated  # the same seed repeats them


@pytest.mark.parametrize("module", ["myenvs", "mypkg.envs"])
def test_a_run_with_a_local_env_module_resumes_and_evaluates_from_another_folder(tmp_path, module):
    project, elsewhere = tmp_path / "proj", tmp_path / "elsewhere"
    elsewhere.mkdir()
    source = project / (module.replace(".", "/") + ".py")
    source.parent.mkdir(parents=True)
    if "." in module:
        (source.parent / "__init__.py").write_text("")
    source.write_text(ENV_MODULE.format(name="MyCart-v0"))
    spec = make_spec(max_episodes=2, episodes_per_checkpoint=1)
    spec["env"].update(name="MyCart-v0", imports=[module])
    run = trained(project, "r", spec=spec)
    evaluated = run_cli("-q", "eval", "--run", run, "--set", "loop.parameters.eval_episodes=1", cwd=elsewhere)
    assert evaluated.returncode == 0, evaluated.stderr
    resumed = run_cli("-q", "train", "--resume", run, "--set", "loop.parameters.max_episodes=3", cwd=elsewhere)
    assert resumed.returncode == 0, resumed.stderr
    assert len((run / "episodes.csv").read_text().splitlines()) == 1 + 3
    (project / "run.yaml").replace(elsewhere / "run.yaml")
    missing = run_cli("-q", "eval", "-c", "run.yaml", cwd=elsewhere)  # a spec, not a run: imported from here only
    assert missing.returncode == 2 and f"cannot import '{module}'" in missing.stderr
