"""A loop written from docs/loops.rst that fails, or hands on what the run cannot use, ends in one line naming the
loop and its method, with the run ``failed`` (tester3a #2); NumPy values in its state() are converted."""

import json

import pytest
import yaml

from conftest import make_spec, only_run, run_cli
from fixa_scenarios import array_reward, bad_actions, ctrl_c_in_evaluation, protocol_loop


def failed(tmp_path, fail, *more, **loop_parameters):
    """Train the protocol loop failing as ``fail``; returns the last line of stderr and run.json."""
    result = run_cli(*protocol_loop(tmp_path, fail, **loop_parameters), *more, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    record = json.loads((only_run(tmp_path) / "run.json").read_text())
    assert record["status"] == "failed"
    return result.stderr.splitlines()[-1], record["reason"]


def test_training_episodes_raising_names_the_loop_the_method_and_the_episode(tmp_path):
    line, reason = failed(tmp_path, "train")
    assert line == "Error: Loop.training_episodes() failed at episode 1: ValueError: loop bug (--debug shows the traceback)"
    assert reason == "Loop.training_episodes() failed at episode 1: ValueError: loop bug"


def test_evaluation_episodes_raising_names_the_evaluation(tmp_path):
    line, _ = failed(tmp_path, "evaluate", episodes_per_eval=2, eval_episodes=1)
    assert line == ("Error: Loop.evaluation_episodes() failed in the evaluation after 2 episodes: ValueError: loop bug "
                    "(--debug shows the traceback)")


def test_gym_loop_eval_of_a_failing_evaluation_names_the_episode(tmp_path):
    args = protocol_loop(tmp_path, "evaluate")
    result = run_cli("eval", *args[1:], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == ("Error: Loop.evaluation_episodes() failed at episode 0: ValueError: "
                                              "loop bug (--debug shows the traceback)")


def test_groups_that_are_not_lists_of_episodes_are_refused_in_one_line(tmp_path):
    line, _ = failed(tmp_path, "tuples")
    assert line == ("Error: Loop.training_episodes() must yield lists of Episode(episode_return, length, global_step, "
                    "sub_env); got [(1.0, 1)]")


def test_an_episode_yielded_without_its_list_is_refused_in_one_line(tmp_path):
    line, _ = failed(tmp_path, "bare")
    assert line.startswith("Error: Loop.training_episodes() must yield lists of Episode(episode_return, length, "
                           "global_step, sub_env); got Episode(")


def test_a_state_of_numpy_values_is_saved_as_plain_data_and_resumes(tmp_path):
    args = protocol_loop(tmp_path, "numpy", max_episodes=2)
    assert run_cli(*args, cwd=tmp_path).returncode == 0
    run = only_run(tmp_path)
    state = json.loads((run / "checkpoints" / "agent-000002" / "state.json").read_text())["loop"]
    assert state["episodes"] == 2 and state["weights"] == {"array": [0.0, 1.0, 2.0], "dtype": "float64",
                                                            "shape": [3]}
    assert state["counts"] == {"dict": [[1, [2.0]]]}  # an int key stays an int
    resumed = run_cli("train", "--resume", run, "--set", "loop.parameters.max_episodes=3", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr  # restore() got the array back (it asserts so)
    assert len((run / "episodes.csv").read_text().splitlines()) == 4


def test_a_state_holding_an_object_names_where_it_is(tmp_path):
    line, _ = failed(tmp_path, "object")
    assert line == ("Error: Loop.state() returned what JSON cannot hold at state['obj'] (object); return numbers, "
                    "strings, lists, tuples, dicts and NumPy arrays of booleans, integers, floats or strings")


def test_a_loop_whose_training_episodes_ends_early_says_so(tmp_path):
    result = run_cli(*protocol_loop(tmp_path, "finite", max_episodes=5, episodes_per_checkpoint=None), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "WARNING: Loop.training_episodes() ended after 2 of 5 planned episodes" in result.stderr
    run = only_run(tmp_path)
    record = json.loads((run / "run.json").read_text())
    assert (record["status"], record["reason"]) == ("finished", "Loop.training_episodes() ended after 2 of 5 planned "
                                                                "episodes")
    assert len((run / "episodes.csv").read_text().splitlines()) == 3
    assert (run / "checkpoints" / "latest").read_text().startswith("agent-000002")  # a checkpoint at its end


def test_a_loop_with_its_own_train_is_recorded_as_having_returned(tmp_path):
    from test_errors_table import LEGACY_LOOP, set_in, spec_with

    (tmp_path / "legacy_loop.py").write_text(LEGACY_LOOP)
    result = run_cli(*spec_with(tmp_path, set_in("loop", value={"class": "legacy_loop.py:Loop"})), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    record = json.loads((only_run(tmp_path) / "run.json").read_text())
    assert (record["status"], record["reason"]) == ("finished", "Loop.train() returned")


@pytest.mark.parametrize("loop_parameters", [{}, {"random_episodes": 1}], ids=["agent", "random episodes"])
def test_a_reward_that_is_no_number_is_blamed_on_env_step_not_the_agent(tmp_path, loop_parameters):
    args, env = array_reward(tmp_path, **loop_parameters)
    result = run_cli(*args, cwd=tmp_path, env=env)
    assert result.returncode == 1
    message = "env.step returned reward array([1.]) at episode 0, step 1; a reward must be a number"
    assert result.stderr.splitlines()[-1] == f"Error: {message} (--debug shows the traceback)"
    assert json.loads((only_run(tmp_path) / "run.json").read_text())["reason"] == message


@pytest.mark.parametrize("agent, env", [("random_agent:RandomAgent", "CartPole-v1"),
                                        ("cross_entropy:CrossEntropyAgent", "CartPole-v1"),
                                        ("q_learning:QLearningAgent", "FrozenLake-v1")])
def test_every_built_in_agent_takes_the_readmes_five_argument_memorize(tmp_path, agent, env):
    args = protocol_loop(tmp_path, "", max_episodes=2)  # its loop calls agent.memorize(obs, a, r, done, next_obs)
    spec = yaml.safe_load((tmp_path / "run.yaml").read_text())
    spec["agent"] = {"class": f"gym_loop.agents.{agent}"}
    spec["env"] = {"name": env}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(spec))
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len((only_run(tmp_path) / "episodes.csv").read_text().splitlines()) == 3


def test_default_loop_train_without_an_evaluation_env_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    import gymnasium

    from gym_loop.agents.random_agent import RandomAgent
    from gym_loop.errors import GymLoopError
    from gym_loop.loops import DefaultLoop

    monkeypatch.chdir(tmp_path)  # the seeds' Python API writes into the working directory
    env = gymnasium.make("CartPole-v1")
    agent = RandomAgent(action_space=env.action_space, observation_space=env.observation_space)
    with pytest.raises(GymLoopError, match=r"^episodes_per_eval needs a second env: DefaultLoop\(\.\.\., eval_env="):
        DefaultLoop(agent, env, max_episodes=4, episodes_per_eval=2, eval_episodes=1).train()
    assert list(tmp_path.iterdir()) == []  # so the retry with eval_env is not refused as overwriting a run
    loop = DefaultLoop(agent, env, eval_env=gymnasium.make("CartPole-v1"), max_episodes=4, episodes_per_eval=2,
                       eval_episodes=1)
    assert loop.train().episodes == 4
    assert len((tmp_path / "evals.csv").read_text().splitlines()) == 3


def test_ctrl_c_during_a_periodic_evaluation_is_the_documented_line(tmp_path):
    from test_errors_table import documented_rows, matches

    [message] = [message for what, _, message in documented_rows() if what == "Ctrl-C during a periodic evaluation"]
    result = run_cli(*ctrl_c_in_evaluation(tmp_path), cwd=tmp_path)
    assert result.returncode == 130
    assert matches(message, result.stderr.splitlines()[-1]), result.stderr
    assert json.loads((only_run(tmp_path) / "run.json").read_text())["status"] == "interrupted"


def test_train_agent_returns_where_the_run_is_and_how_it_ended(tmp_path, monkeypatch):
    from gym_loop.gym_loop import train_agent

    monkeypatch.chdir(tmp_path)
    summary = train_agent(make_spec(max_episodes=2), run_dir=tmp_path / "run")
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert (summary.run_dir, summary.status, summary.reason) == (tmp_path / "run", "finished", record["reason"])
    assert record["reason"] == "ran every planned episode"


def test_an_action_outside_the_action_space_is_blamed_on_agent_act(tmp_path):
    result = run_cli(*bad_actions(tmp_path, "gym_loop.loops.default_loop:DefaultLoop"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith(
        "Error: agent.act returned array([1]), not an action of Discrete(2) (return int(action) or action.item()), "
        "at episode 0, step 1")


def test_the_summary_line_of_one_episode_is_singular():
    from gym_loop.loops.summary import Summary

    summary = Summary(5, window=100)
    summary.add(8.0, 8)
    assert summary.describe().startswith("1 episode, 8 steps in ")
    assert "mean return of the last episode 8.00" in summary.describe()
