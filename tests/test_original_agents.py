"""What the original gym-loop's users wrote keeps working: its spec layout and its agents' style."""

import io
import json
import os
import pickle

import gymnasium
import numpy as np
import pytest
import yaml

from conftest import AGENTS, make_spec, only_run, read_scalars, run_cli, write_spec
from gym_loop.agents.q_learning import QLearningAgent
from gym_loop.state import read_state
from test_envs_and_policies import POLICY_FILE
from test_runs import episodes, train


def original_spec(tmp_path, monkeypatch, policy_action=0):
    """A spec with the policy inside the agent section, as the original create-default wrote it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policies_file.py").write_text(POLICY_FILE)
    spec = make_spec(agent="policies_file.py:PolicyAgent", max_episodes=1)
    spec["agent"]["policy"] = {"class": "policies_file.py:ConstantPolicy", "parameters": {"action": policy_action}}
    del spec["policy"]
    return spec


def test_an_agent_policy_section_is_the_policy_with_one_warning(tmp_path, monkeypatch):
    write_spec(tmp_path / "run.yaml", original_spec(tmp_path, monkeypatch))
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "agent.policy" in line]
    assert warnings == ["WARNING: agent.policy: read as the top-level policy section (the original gym-loop's "
                        "layout); move it there"]
    run = only_run(tmp_path)
    assert read_scalars(run / "logs")["policy_action"][0][1] == 0  # not the agent's default policy's 1
    written = yaml.safe_load((run / "spec.yaml").read_text())
    assert "policy" not in written["agent"]
    assert written["policy"] == {"class": "policies_file.py:ConstantPolicy", "parameters": {"action": 0}}
    assert run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=2", cwd=tmp_path).returncode == 0


def test_an_agent_policy_mistake_is_named_where_the_user_wrote_it(tmp_path, monkeypatch):
    write_spec(tmp_path / "run.yaml", original_spec(tmp_path, monkeypatch))
    result = run_cli("train", "-c", "run.yaml", "--set", "agent.policy.parameters.actoin=1", cwd=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "runs").exists()
    assert result.stderr.splitlines()[-1] == "Error: agent.policy.parameters.actoin: unknown key; did you mean 'action'?"


def test_set_policy_null_runs_an_agent_policy_spec_without_policy(tmp_path, monkeypatch):
    write_spec(tmp_path / "run.yaml", original_spec(tmp_path, monkeypatch))
    result = run_cli("train", "-c", "run.yaml", "--set", "policy=null", "--set",  # PolicyAgent needs its policy
                     "agent.class=gym_loop.agents.random_agent:RandomAgent", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING: agent.policy: left out, as the top-level policy: null says no policy" in result.stderr
    written = yaml.safe_load((only_run(tmp_path) / "spec.yaml").read_text())
    assert written["policy"] is None and "policy" not in written["agent"]


def test_the_originals_agent_policy_null_gives_way_to_a_top_level_policy(tmp_path, monkeypatch):
    spec = original_spec(tmp_path, monkeypatch)
    spec["policy"], spec["agent"]["policy"] = spec["agent"]["policy"], None
    write_spec(tmp_path / "run.yaml", spec)
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((only_run(tmp_path) / "spec.yaml").read_text())["policy"]["parameters"] == {"action": 0}


@pytest.mark.slow
def test_an_attribute_style_torch_agent_without_save_resumes_exactly(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "attribute_agent.py").write_text((AGENTS / "attribute_agent.py").read_text())
    spec = {**make_spec(agent="attribute_agent.py:AttributeAgent", max_episodes=6, max_episode_len=40,
                        episodes_per_checkpoint=3), "seed": 5}
    write_spec(tmp_path / "run.yaml", spec)
    whole = train(tmp_path, "-c", "run.yaml")
    part = train(tmp_path, "-c", "run.yaml", "--set", "loop.parameters.max_episodes=3")
    train(tmp_path, "--resume", part, "--set", "loop.parameters.max_episodes=6")
    assert episodes(part) == episodes(whole)
    curves = [{tag: points for tag, points in read_scalars(run / "logs").items() if not tag.startswith("final/")}
              for run in (whole, part)]  # a run's final/ summary is written again by each process that trains it
    assert curves[0] == curves[1] and "attribute/loss" in curves[0]
    saved = [read_state(str(newest_checkpoint(run) / "agent.ckpt")) for run in (whole, part)]
    assert saved[0].keys() == saved[1].keys() >= {"transitions", "last_loss", "rng", "policy", "optimizer"}


def newest_checkpoint(run):
    """The run's checkpoint folder of the most episodes (where ``latest`` points after a run that ended)."""
    return max(path for path in (run / "checkpoints").glob("agent-*") if path.is_dir())


class Planted:
    """Unpickling runs ``touch planted``."""

    def __reduce__(self):
        return os.system, ("touch planted",)


def test_a_planted_pickle_in_agent_ckpt_is_refused_with_one_line_and_nothing_runs(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    run = train(tmp_path, "-c", "run.yaml")
    checkpoint = newest_checkpoint(run)
    (checkpoint / "agent.ckpt").write_bytes(pickle.dumps({"global_step": Planted()}))
    result = run_cli("eval", "--run", run.relative_to(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: {checkpoint.relative_to(tmp_path)}/agent.ckpt is a pickle that "
        f"refers to posix.system, and unpickling it could run code; if you trust where this run folder came from, "
        f"load it with GYM_LOOP_TRUST_CHECKPOINTS=1")
    assert not (tmp_path / "planted").exists()
    consented = run_cli("eval", "--run", run.relative_to(tmp_path), cwd=tmp_path,
                        env={"GYM_LOOP_TRUST_CHECKPOINTS": "1"})
    assert (tmp_path / "planted").exists() and consented.returncode == 1  # it ran, and then the state was junk


def test_a_checkpoint_pickled_by_the_previous_release_loads_without_consent_when_it_holds_only_data(tmp_path):
    space = gymnasium.spaces.Discrete(4)
    (tmp_path / "agent.ckpt").write_bytes(previous_release_pickle(
        {"q_table": np.arange(8.0).reshape(2, 4), "steps": np.int64(3), "rng": np.random.default_rng(1),
         "space": space}, {id(space): "action_space"}))
    agent = QLearningAgent(observation_space=gymnasium.spaces.Discrete(2), action_space=space)
    agent.load(str(tmp_path / "agent.ckpt"))
    assert agent.q_table.tolist() == np.arange(8.0).reshape(2, 4).tolist() and agent.steps == 3
    assert agent.rng.random() == np.random.default_rng(1).random() and agent.space is space


def previous_release_pickle(attributes, by_identity):
    """What gym-loop's default save wrote before plain data: a pickle, the env's spaces as persistent ids."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer)
    pickler.persistent_id = lambda value: by_identity.get(id(value))
    pickler.dump(attributes)
    return buffer.getvalue()


def test_the_state_file_is_an_npz_archive_without_pickles(tmp_path):
    agent = QLearningAgent(observation_space=gymnasium.spaces.Discrete(2), action_space=gymnasium.spaces.Discrete(3))
    agent.q_table[1, 2], agent.steps = 0.5, 7
    agent.save(str(tmp_path / "agent.ckpt"))
    with np.load(tmp_path / "agent.ckpt", allow_pickle=False) as archive:
        structure = json.loads(str(archive["__state__"]))
        assert [name for name, _ in structure["dict"]] == ["rng", "first_state", "first_action", "q_table", "steps",
                                                           "td_error_sum", "td_error_count", "td_error"]
    fresh = QLearningAgent(observation_space=gymnasium.spaces.Discrete(2), action_space=gymnasium.spaces.Discrete(3),
                           learning_rate=0.5)
    fresh.load(str(tmp_path / "agent.ckpt"))
    assert fresh.q_table[1, 2] == 0.5 and fresh.steps == 7 and fresh.learning_rate == 0.5
