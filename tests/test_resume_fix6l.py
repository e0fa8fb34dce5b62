"""Defects engineers found this session (fix6l): the resume of a run cut during its last evaluation, the agent
state's non-finite floats, a torch agent's checkpoint cut short."""

import json
import signal
import subprocess
import time

import pytest

from conftest import AGENTS, GYM_LOOP, make_spec, only_run, run_cli, write_spec


def rows(run, name):
    return (run / name).read_text().splitlines()


def test_a_run_cut_during_the_evaluation_after_its_last_episode_resumes_to_finish_it(tmp_path):
    """Its resume plays the rest of that evaluation, writes its row, and records the run finished, as if whole."""
    agent = f"{AGENTS / 'slow_evaluation_agent.py'}:SlowEvaluationAgent"
    spec = {**make_spec(agent=agent, max_episodes=4, max_episode_len=200, episodes_per_checkpoint=2,
                        episodes_per_eval=4, eval_episodes=60), "seed": 4}
    write_spec(tmp_path / "run.yaml", spec)
    process = subprocess.Popen([GYM_LOOP, "train", "-c", "run.yaml"], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "evaluating").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    run = only_run(tmp_path)
    assert process.returncode == 130, stderr
    assert "interrupted during the evaluation after 4 episodes of 4; resume with" in stderr.splitlines()[-1]
    assert rows(run, "evals.csv")[1:] == []

    result = run_cli("train", "--resume", run, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    record = json.loads((run / "run.json").read_text())
    assert record["status"] == "finished"
    (tmp_path / "whole").mkdir()
    write_spec(tmp_path / "whole" / "run.yaml", spec)
    assert run_cli("train", "-c", "run.yaml", cwd=tmp_path / "whole").returncode == 0
    whole = only_run(tmp_path / "whole")
    assert rows(run, "episodes.csv")[1:] and len(rows(run, "episodes.csv")) == len(rows(whole, "episodes.csv")) == 5
    assert [row.split(",")[:2] for row in rows(run, "episodes.csv")] == \
        [row.split(",")[:2] for row in rows(whole, "episodes.csv")]
    assert rows(run, "evals.csv") == rows(whole, "evals.csv") and len(rows(run, "evals.csv")) == 2
    assert json.loads((whole / "run.json").read_text())["reason"] == record["reason"]
    again = run_cli("train", "--resume", run, cwd=tmp_path)  # now it is done: the usual refusal
    assert again.returncode != 0 and "already ran 4 of 4 episodes" in again.stderr


NON_FINITE = '''
from gym_loop.agents import BaseAgent


class Agent(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.best, self.worst, self.unknown = float("-inf"), float("inf"), float("nan")
        self.by_bound = {float("-inf"): [1.5, float("inf")]}

    def act(self, state, episode_num):
        return 0
'''


def strict_structure(ckpt):
    """agent.ckpt's __state__, parsed as strict JSON (as jq and other languages parse it)."""
    import numpy as np

    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    with np.load(ckpt) as archive:
        return json.loads(str(archive["__state__"]), parse_constant=refuse)


def test_the_default_save_writes_non_finite_floats_as_json_and_a_resume_gets_them_back(tmp_path):
    (tmp_path / "bounds.py").write_text(NON_FINITE)
    spec = make_spec("FrozenLake-v1", max_episodes=2, episodes_per_checkpoint=1)
    spec["agent"] = {"class": "bounds.py:Agent", "parameters": {}}
    write_spec(tmp_path / "run.yaml", spec)
    assert run_cli("train", "-c", "run.yaml", "--run-dir", "run", "-q", cwd=tmp_path).returncode == 0
    (ckpt,) = (tmp_path / "run" / "checkpoints").glob("agent-000002*/agent.ckpt")
    assert '{"float": "-inf"}' in json.dumps(strict_structure(ckpt))

    import math

    from gym_loop.state import read_state

    state = read_state(str(ckpt))
    assert state["best"] == -math.inf and state["worst"] == math.inf and math.isnan(state["unknown"])
    assert state["by_bound"] == {-math.inf: [1.5, math.inf]}
    resumed = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr


def test_an_agent_checkpoint_of_an_earlier_version_with_untagged_infinity_still_loads(tmp_path):
    import math

    import numpy as np

    from gym_loop.state import read_state

    structure = '{"dict": [["best", -Infinity], ["unknown", NaN], ["seen", 3]]}'
    with open(tmp_path / "agent.ckpt", "wb") as file:
        np.savez(file, __state__=np.array(structure))
    state = read_state(str(tmp_path / "agent.ckpt"))
    assert state["best"] == -math.inf and math.isnan(state["unknown"]) and state["seen"] == 3


TORCH_AGENT = '''
import torch
from gym_loop.agents import BaseAgent


class Agent(BaseAgent):
    def __init__(self, **params):
        super().__init__(**params)
        self.net = torch.nn.Linear(4, OUTPUTS)

    def act(self, state, episode_num):
        return int(self.rng.integers(2))

    def save(self, path):
        torch.save(self.net.state_dict(), path)

    def load(self, path):
        self.net.load_state_dict(torch.load(path))
'''


def one_line(result):
    lines = [line for line in result.stderr.splitlines() if not line.startswith("INFO: ")]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.slow
def test_a_torch_agents_checkpoint_cut_short_names_the_earlier_checkpoint_a_changed_network_does_not(tmp_path):
    (tmp_path / "tagent.py").write_text(TORCH_AGENT.replace("OUTPUTS", "2"))
    spec = make_spec(max_episodes=2, episodes_per_checkpoint=1, keep_checkpoints=None)
    spec["agent"] = {"class": "tagent.py:Agent", "parameters": {}}
    write_spec(tmp_path / "run.yaml", spec)
    assert run_cli("train", "-c", "run.yaml", "--run-dir", "run", "-q", cwd=tmp_path).returncode == 0
    (ckpt,) = (tmp_path / "run" / "checkpoints").glob("agent-000002*/agent.ckpt")
    whole = ckpt.read_bytes()
    ckpt.write_bytes(whole[:len(whole) // 2])
    (earlier,) = (tmp_path / "run" / "checkpoints").glob("agent-000001*")
    resumed = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 1
    line = one_line(resumed)
    assert "RuntimeError: PytorchStreamReader failed reading zip archive" in line
    assert (f"; the checkpoint is damaged: write the name of an earlier checkpoint folder ({earlier.name}) into "
            "run/checkpoints/latest to resume from it") in line
    evaluated = run_cli("eval", "--run", "run", "--output", "ev", cwd=tmp_path)
    assert evaluated.returncode == 1 and f"; evaluate another checkpoint: --checkpoint {earlier.name}" in \
        one_line(evaluated)

    ckpt.write_bytes(whole)
    (tmp_path / "tagent.py").write_text(TORCH_AGENT.replace("OUTPUTS", "3"))  # a changed network: no such advice
    changed = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert changed.returncode == 1
    line = one_line(changed)
    assert "Error(s) in loading state_dict" in line and "damaged" not in line and "earlier checkpoint" not in line
