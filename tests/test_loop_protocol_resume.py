"""The run saves and restores the random generators it seeded, for every loop: a loop written from docs/loops.rst
whose state() holds only its counters resumes exactly (tester3a #4); a DefaultLoop checkpoint of gym-loop 0.3.0,
which held them in the loop's state, still resumes exactly."""

import json

import pytest
import yaml

from conftest import make_spec, run_cli
from fixa_scenarios import protocol_loop


def episodes(run):
    """The rows of episodes.csv without the seconds."""
    return [row.rsplit(",", 1)[0] for row in (run / "episodes.csv").read_text().splitlines()]


def test_a_loop_of_the_protocol_resumed_equals_the_run_never_interrupted(tmp_path):
    args = protocol_loop(tmp_path, "", episodes_per_checkpoint=3)  # RandomAgent on CartPole: env and space draws
    common = [*args, "--seed", "4", "--run-dir"]
    assert run_cli(*common, "part", "--set", "loop.parameters.max_episodes=6", cwd=tmp_path).returncode == 0
    resumed = run_cli("train", "--resume", "part", "--set", "loop.parameters.max_episodes=12", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert run_cli(*common, "whole", "--set", "loop.parameters.max_episodes=12", cwd=tmp_path).returncode == 0
    assert len(episodes(tmp_path / "whole")) == 13
    assert episodes(tmp_path / "part") == episodes(tmp_path / "whole")
    state = json.loads((tmp_path / "part" / "checkpoints" / "agent-000006" / "state.json").read_text())
    assert state["loop"] == {"episodes": 6, "steps": state["run"]["summary"]["global_step"]}  # the loop's own
    assert len(state["run"]["generators"]["generators"]) == 4  # the env, its two spaces and the agent's rng


@pytest.mark.parametrize("loop", ["gym_loop.loops.default_loop:DefaultLoop", "gym_loop.loops.vector_loop:VectorLoop"])
def test_a_checkpoint_of_gym_loop_0_3_0_with_the_generators_in_the_loop_state_resumes_as_a_new_one(tmp_path, loop):
    spec = make_spec(max_episodes=4, episodes_per_checkpoint=2, episodes_per_eval=2, eval_episodes=1)
    spec["loop"]["class"] = loop
    (tmp_path / "run.yaml").write_text(yaml.safe_dump({**spec, "seed": 3}))
    for run in ("whole", "new", "old"):
        max_episodes = 4 if run == "whole" else 2
        assert run_cli("train", "-c", "run.yaml", "--run-dir", run, "--set",
                       f"loop.parameters.max_episodes={max_episodes}", cwd=tmp_path).returncode == 0
    path = next((tmp_path / "old" / "checkpoints").glob("agent-000002*")) / "state.json"
    state = json.loads(path.read_text())
    state["loop"]["generators"] = state["run"].pop("generators")  # where gym-loop 0.3.0 kept them
    path.write_text(json.dumps(state))
    for run in ("new", "old"):
        resumed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=4", cwd=tmp_path)
        assert resumed.returncode == 0, resumed.stderr
    assert episodes(tmp_path / "old") == episodes(tmp_path / "new")
    if loop.endswith("DefaultLoop"):  # VectorLoop's sub-envs start their episodes in progress over
        assert episodes(tmp_path / "new") == episodes(tmp_path / "whole")


@pytest.mark.parametrize("change", ["loop.parameters.episodes_per_eval=null", "loop.parameters.fail=restore"])
def test_a_resume_refused_by_the_checkpoints_state_leaves_the_run_as_it_was(tmp_path, change):
    parameters = {"max_episodes": 4, "episodes_per_checkpoint": 2, "episodes_per_eval": 2, "eval_episodes": 1}
    if change.endswith("restore"):
        args = protocol_loop(tmp_path, "", **parameters)
    else:  # DefaultLoop: no evaluation env, one generator fewer
        (tmp_path / "run.yaml").write_text(yaml.safe_dump(make_spec(**parameters)))
        args = ["train", "-c", "run.yaml"]
    assert run_cli(*args, "--run-dir", "run", cwd=tmp_path).returncode == 0
    spec, record = (tmp_path / "run" / "spec.yaml").read_text(), (tmp_path / "run" / "run.json").read_text()
    refused = run_cli("train", "--resume", "run", "--set", change, "--set", "loop.parameters.max_episodes=6",
                      cwd=tmp_path)
    assert refused.returncode == (2 if "episodes_per_eval" in change else 1) and "Traceback" not in refused.stderr
    assert (tmp_path / "run" / "spec.yaml").read_text() == spec  # neither the refused --set nor the other
    assert (tmp_path / "run" / "run.json").read_text() == record  # still finished, no resume entry
    resumed = run_cli("train", "--resume", "run", "--set", "loop.parameters.max_episodes=6", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert len(episodes(tmp_path / "run")) == 7
