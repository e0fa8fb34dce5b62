"""Every DefaultLoop parameter does what its name says, on real Gymnasium envs."""

import json
import os
import time

import pytest

from conftest import AGENTS, make_spec, pointed, read_scalars, run_cli, write_spec
from gym_loop.gym_loop import build_agent, build_env, build_loop, build_policy
from gym_loop.errors import GymLoopError
from gym_loop.loops import DefaultLoop
from gym_loop.spec import resolve_spec

COUNTING_AGENT = f"{AGENTS / 'counting_agent.py'}:CountingAgent"


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def build(spec, evaluation=False):
    """The seed's build functions, in the order train_agent calls them."""
    spec = resolve_spec(spec)
    env = build_env(spec, evaluation=evaluation)
    policy = build_policy(spec, env)
    agent = build_agent(spec, policy, env)
    return build_loop(spec, agent, policy, env), agent


def test_max_episodes_and_per_episode_scalars(tmp_path):
    loop, agent = build(make_spec(agent=COUNTING_AGENT, max_episodes=4))
    summary = loop.train()
    scalars = read_scalars(tmp_path / "logs")
    assert summary.episodes == 4
    lengths = [value for _, value in scalars["episode/length"]]
    assert [value for _, value in scalars["episode/index"]] == [0, 1, 2, 3]
    # on the env-step axis: each episode at the env steps done when it ended
    assert [step for step, _ in scalars["episode/return"]] == [sum(lengths[:i + 1]) for i in range(4)]
    assert sum(lengths) == summary.steps == len(agent.calls["memorize"])
    # CartPole pays 1 per step, so return equals length
    assert [value for _, value in scalars["episode/return"]] == lengths
    assert [value for _, value in scalars["agent/memorized"]] == [sum(lengths[:i + 1]) for i in range(4)]
    assert agent.calls["metrics"] == [0, 1, 2, 3]


def test_act_memorize_update_order_and_arguments():
    loop, agent = build(make_spec(agent=COUNTING_AGENT, max_episodes=2))
    loop.train()
    steps = len(agent.calls["memorize"])
    assert agent.calls["memorize"] == list(range(1, steps + 1))  # global_step counts env steps
    assert len(agent.calls["act"]) == len(agent.calls["update"]) == steps
    assert agent.calls["act"] == agent.calls["update"]  # both get the episode index
    assert set(agent.calls["act"]) == {0, 1}
    ends = [t for t in agent.transitions if t["done"]]
    assert len(ends) == 2 and all(t["terminated"] != t["truncated"] for t in ends)
    assert all(isinstance(t["info"], dict) for t in agent.transitions)


def test_random_episodes_act_randomly_memorize_and_skip_update():
    loop, agent = build(make_spec(agent=COUNTING_AGENT, max_episodes=4, random_episodes=2))
    loop.train()
    assert set(agent.calls["act"]) == {2, 3}  # the agent acts only after the warm-up
    warm_up_steps = len(agent.calls["memorize"]) - len(agent.calls["act"])
    assert warm_up_steps > 0
    assert {int(t["action"]) for t in agent.transitions[:warm_up_steps]} == {0, 1}  # random: not only 0
    assert len(agent.calls["update"]) == len(agent.calls["act"])


def test_random_episodes_may_cover_the_whole_run():
    loop, agent = build(make_spec(agent=COUNTING_AGENT, max_episodes=2, random_episodes=5))
    assert loop.train().episodes == 2
    assert agent.calls["act"] == [] and agent.calls["update"] == []


def test_max_episode_len_caps_and_truncates():
    loop, agent = build(make_spec("Pendulum-v1", agent=COUNTING_AGENT, max_episode_len=7, max_episodes=2))
    summary = loop.train()
    assert list(summary.lengths) == [7, 7]
    ends = [t for t in agent.transitions if t["done"]]
    assert [(t["terminated"], t["truncated"]) for t in ends] == [(False, True), (False, True)]


def test_max_episode_len_caps_an_env_made_without_a_spec_in_training_and_evaluation(tmp_path):
    from gymnasium.envs.classic_control import CartPoleEnv

    from gym_loop.agents import RandomAgent
    from gym_loop.loops import DefaultLoop

    env, eval_env = CartPoleEnv(), CartPoleEnv()  # no spec, no TimeLimit of their own
    env.reset(seed=0)
    loop = DefaultLoop(RandomAgent(action_space=env.action_space), env, eval_env, max_episodes=4, max_episode_len=3,
                       episodes_per_eval=2, logdir=str(tmp_path / "logs"), eval_logdir=str(tmp_path / "e"),
                       checkpoint_dir=str(tmp_path / "c"),
                       episodes_csv=None, evals_csv=None)
    assert list(loop.train().lengths) == [3, 3, 3, 3]
    assert list(loop.evaluate().lengths) == [3] * 10


def test_max_episode_len_null_keeps_the_envs_own_limit():
    loop, _ = build(make_spec("Pendulum-v1", max_episode_len=None, max_episodes=1))
    assert list(loop.train().lengths) == [200]


def test_max_steps_ends_training_with_the_episode_that_reaches_it():
    loop, _ = build(make_spec("Pendulum-v1", max_episode_len=30, max_episodes=100, max_steps=75))
    summary = loop.train()
    assert list(summary.lengths) == [30, 30, 30]  # 90 steps: the third episode is finished, not cut
    assert summary.stop_reason == "ran 90 env steps, max_steps 75"


def test_a_run_that_used_its_max_steps_resumes_only_with_more(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec("Pendulum-v1", max_episode_len=30, max_episodes=100, max_steps=60))
    assert run_cli("train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    run = next((tmp_path / "runs").iterdir()).relative_to(tmp_path)
    refused = run_cli("train", "--resume", run, cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip().endswith(f"{run} already ran 60 of 60 env steps; to train longer: gym-loop "
                                           f"train --resume {run} --set loop.parameters.max_steps=N")
    longer = run_cli("train", "--resume", run, "--set", "loop.parameters.max_steps=120", cwd=tmp_path)
    assert longer.returncode == 0, longer.stderr
    assert "ran 120 env steps, max_steps 120" in json.loads((tmp_path / run / "run.json").read_text())["reason"]


def test_evaluate_does_not_learn_and_logs_to_eval_logdir(tmp_path):
    spec = make_spec(agent=COUNTING_AGENT, eval_episodes=3, logdir="train_tb", eval_logdir="eval_tb")
    loop, agent = build(spec, evaluation=True)
    summary = loop.evaluate()
    assert summary.episodes == 3 and len(summary.returns) == 3
    assert agent.calls["memorize"] == [] and agent.calls["update"] == []
    assert agent.calls["act"] and set(agent.calls["act"]) == {0, 1, 2}
    (evaluation,) = (tmp_path / "eval_tb").iterdir()  # a TensorBoard run of its own, as gym-loop eval makes
    assert len(read_scalars(evaluation)["episode/return"]) == 3
    assert not (tmp_path / "train_tb").exists()


def test_logdir_and_eval_logdir_are_separate(tmp_path):
    spec = make_spec(logdir="a", eval_logdir="b", max_episodes=2, eval_episodes=3)
    loop, _ = build(spec)
    loop.train()
    loop.evaluate()
    assert len(read_scalars(tmp_path / "a")["episode/return"]) == 2
    (evaluation,) = (tmp_path / "b").iterdir()
    assert len(read_scalars(evaluation)["episode/return"]) == 3


def test_episodes_per_checkpoint_saves_every_n_and_at_the_end(tmp_path):
    report = tmp_path / "calls.json"
    spec = make_spec(agent=COUNTING_AGENT, max_episodes=7, episodes_per_checkpoint=3)
    spec["agent"]["parameters"]["report"] = str(report)
    build(spec)[0].train()
    names = sorted(p.name for p in (tmp_path / "checkpoints").iterdir())
    assert names == ["agent-000003", "agent-000006", "agent-000007", "latest"]
    assert json.loads((tmp_path / "checkpoints" / "agent-000006" / "agent.ckpt").read_text())["metrics"] == 6
    assert pointed(tmp_path / "checkpoints").name == "agent-000007"


def test_episodes_per_checkpoint_null_saves_only_at_the_end(tmp_path):
    build(make_spec(max_episodes=3, episodes_per_checkpoint=None))[0].train()
    assert sorted(p.name for p in (tmp_path / "checkpoints").iterdir()) == ["agent-000003", "latest"]


def test_time_per_checkpoint_saves_by_the_clock(tmp_path):
    class SlowAgent:
        def __init__(self, action_space):
            self.action_space = action_space

        def act(self, state, episode_num):
            time.sleep(0.002)
            return 0

        def save(self, path):
            open(path, "w").close()

    import gymnasium

    env = gymnasium.make("CartPole-v1")
    loop = DefaultLoop(SlowAgent(env.action_space), env, max_episodes=6, episodes_per_checkpoint=None,
                       time_per_checkpoint=0.001, max_episode_len=5, logdir=str(tmp_path / "tb"), keep_checkpoints=None)
    loop.train()
    assert len(list((tmp_path / "checkpoints").glob("agent-*"))) == 6


def test_a_failed_save_keeps_the_last_good_checkpoint_and_flushes_the_logs(tmp_path):
    spec = make_spec(agent=COUNTING_AGENT, max_episodes=6, episodes_per_checkpoint=2)
    spec["agent"]["parameters"]["fail_save_at"] = 2  # the second save raises half-way through
    loop, _ = build(spec)
    with pytest.raises(GymLoopError, match="agent.save failed for checkpoints/agent-000004: RuntimeError: disk full; earlier checkpoints are intact"):
        loop.train()
    checkpoints = tmp_path / "checkpoints"
    assert sorted(p.name for p in checkpoints.iterdir()) == ["agent-000002", "latest"]
    assert json.loads((pointed(checkpoints) / "agent.ckpt").read_text())["metrics"] == 2
    assert len(read_scalars(tmp_path / "logs")["episode/return"]) == 4


def test_render_opens_a_human_window(tmp_path):
    spec = make_spec(render=True, max_episodes=1, eval_render=True, eval_episodes=1)
    loop, _ = build(spec)
    assert loop.env.render_mode == "human"
    assert loop.train().episodes == 1
    eval_loop, _ = build(spec, evaluation=True)
    assert eval_loop.env.render_mode == "human"
    assert eval_loop.evaluate().episodes == 1


def test_record_writes_videos_to_record_dir(tmp_path):
    spec = make_spec(record=True, record_dir="videos", max_episodes=2, max_episode_len=10,
                     eval_record=True, eval_record_dir="eval_videos", eval_episodes=2)
    loop, _ = build(spec)
    loop.train()
    assert sorted(p.name for p in (tmp_path / "videos").glob("*.mp4")) == [
        "rl-video-episode-0.mp4", "rl-video-episode-1.mp4"]  # the capped cubic schedule starts 0, 1, 8
    eval_loop, _ = build(spec, evaluation=True)
    eval_loop.evaluate()
    assert len(list((tmp_path / "eval_videos").glob("*.mp4"))) == 2  # every evaluation episode


def test_record_and_render_together(tmp_path):
    loop, _ = build(make_spec(record=True, render=True, record_dir="v", max_episodes=1, max_episode_len=5))
    loop.train()
    assert len(list((tmp_path / "v").glob("*.mp4"))) == 1


def test_record_without_moviepy_is_a_clear_error(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(record=True))
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text("import sys\nsys.modules['moviepy'] = None  # as if not installed\n")
    path = os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")])  # the gym_loop under test
    result = run_cli("train", "-c", "run.yaml", cwd=tmp_path, env={"PYTHONPATH": path})
    assert result.returncode == 2
    assert "loop.parameters.record: recording videos needs moviepy: " in result.stderr
    assert " -m pip install " in result.stderr  # into this Python (tests/test_install_fix9e.py)
    assert not (tmp_path / "runs").exists()


def test_an_agent_without_metrics_or_save_still_checkpoints(tmp_path):
    class Minimal:
        def act(self, state, episode_num):
            return 0

    import gymnasium

    loop = DefaultLoop(Minimal(), gymnasium.make("CartPole-v1"), max_episodes=2)
    loop.train()
    assert (tmp_path / "checkpoints" / "agent-000002" / "agent.ckpt").is_file()
    assert set(read_scalars(tmp_path / "logs")) == {"episode/return", "episode/length", "episode/index",
                                                    "final/mean_return"}


class MetricsAgent:
    def __init__(self, values):
        self.values = values

    def act(self, state, episode_num):
        return 0

    def metrics(self, episode_num):
        return self.values

    def _excluded_save_params(self):  # what it returns is checked (a complex too), not stored
        return ["values"]


def test_non_finite_metrics_are_logged_with_one_warning(tmp_path, caplog):
    import gymnasium
    import numpy as np

    agent = MetricsAgent({"loss": float("nan"), "q": np.float32(2.5), "n": np.array(3)})
    DefaultLoop(agent, gymnasium.make("CartPole-v1"), max_episodes=3).train()
    scalars = read_scalars(tmp_path / "logs")
    assert [value for _, value in scalars["q"]] == [2.5] * 3 and scalars["n"][0][1] == 3
    assert len(scalars["loss"]) == 3
    assert caplog.text.count("metric 'loss' is nan") == 1


def test_a_metric_that_is_not_a_number_is_refused_by_name(tmp_path):
    import gymnasium

    loop = DefaultLoop(MetricsAgent({"loss": [1, 2]}), gymnasium.make("CartPole-v1"), max_episodes=2)
    with pytest.raises(GymLoopError, match="metrics\\(\\) returned list for 'loss'; each metric must be a single number"):
        loop.train()


def test_one_rule_for_metric_values_a_single_real_number_in_any_container(tmp_path):
    import gymnasium
    import numpy as np
    import torch

    values = {"int": 1, "bool": True, "np": np.int64(2), "np0d": np.array(3.0), "np1": np.array([4.0]),
              "torch0d": torch.tensor(5.0), "torch1": torch.tensor([6.0])}
    DefaultLoop(MetricsAgent(values), gymnasium.make("CartPole-v1"), max_episodes=1).train()
    scalars = read_scalars(tmp_path / "logs")
    assert {name: scalars[name][0][1] for name in values} == {name: float(index or 1) for index, name in
                                                              enumerate(values)}


@pytest.mark.parametrize("values, words", [
    ({"a": "1.0"}, "returned str for 'a'"), ({"a": "np2"}, "returned ndarray for 'a'"),
    ({"a": "torch2"}, "returned Tensor for 'a'"), ({"a": 1j}, "returned complex for 'a'"),
    ([1], "metrics() returned list; it must return a dict of names to numbers"),
    ([], "metrics() returned list; it must return a dict of names to numbers"),
])
def test_a_string_several_numbers_or_a_list_are_refused_alike(tmp_path, values, words):
    import gymnasium
    import numpy as np
    import torch

    many = {"np2": np.array([1.0, 2.0]), "torch2": torch.tensor([1.0, 2.0])}
    if isinstance(values, dict):
        values = {name: many.get(value, value) if isinstance(value, str) and value in many else value
                  for name, value in values.items()}
    loop = DefaultLoop(MetricsAgent(values), gymnasium.make("CartPole-v1"), max_episodes=1)
    with pytest.raises(GymLoopError) as error:
        loop.train()
    assert words in str(error.value)


RUN_TAG_AGENT = """
from gym_loop.agents import BaseAgent


class OwnReturn(BaseAgent):
    def act(self, state, episode_num):
        return 0

    def metrics(self, episode_num):
        return {"loss": 0.5, "episode/return": 1000.0}
"""


def test_a_metric_named_like_a_run_tag_is_refused_naming_it(tmp_path):
    (tmp_path / "own_return.py").write_text(RUN_TAG_AGENT)
    spec = make_spec(max_episodes=2)
    spec["agent"] = {"class": "own_return.py:OwnReturn"}
    result = run_cli("train", "-c", write_spec(tmp_path / "run.yaml", spec), "--run-dir", "run", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1].startswith("Error: metrics() returned 'episode/return', a name the run "
                                                     "logs itself; rename it, e.g. 'agent/episode/return'")
    assert json.loads((tmp_path / "run" / "run.json").read_text())["status"] == "failed"


@pytest.mark.parametrize("name, words", [
    ("eval/mean_return", "metrics() returned 'eval/mean_return', a name the run logs itself; rename it"),
    ("episode/count", "metrics() returned 'episode/count', a name the run logs itself; rename it"),
    ("final/mean_return", "metrics() returned 'final/mean_return', a name the run logs itself; rename it"),
    ("", "metrics() returned the empty name ''; give each metric a name"),
])
def test_every_name_the_run_logs_and_the_empty_name_are_refused(tmp_path, name, words):
    import gymnasium

    loop = DefaultLoop(MetricsAgent({name: 1.0}), gymnasium.make("CartPole-v1"), max_episodes=1)
    with pytest.raises(GymLoopError) as error:
        loop.train()
    assert words in str(error.value)


def test_metrics_returning_none_logs_no_metric(tmp_path):
    import gymnasium

    DefaultLoop(MetricsAgent(None), gymnasium.make("CartPole-v1"), max_episodes=1).train()
    assert set(read_scalars(tmp_path / "logs")) == {"episode/return", "episode/length", "episode/index",
                                                    "final/mean_return"}


def test_an_evaluation_due_on_the_episode_a_stop_comes_still_runs(tmp_path):
    """Ctrl-C after an evaluation's episode: the evaluation runs before the stop, as a resumed run never would."""
    import csv

    from gymnasium.envs.classic_control import CartPoleEnv

    from gym_loop.agents import RandomAgent
    from gym_loop.run import Run
    from gym_loop.schedule import Stop

    class StopAfterFour:
        def after_episode(self, progress):
            return Stop("interrupted", "interrupted") if progress.episodes == 4 else None

    env, eval_env = CartPoleEnv(), CartPoleEnv()
    env.reset(seed=0)
    loop = DefaultLoop(RandomAgent(action_space=env.action_space), env, eval_env, max_episodes=10, max_episode_len=5,
                       episodes_per_eval=2, eval_episodes=1, logdir=str(tmp_path / "logs"),
                       checkpoint_dir=str(tmp_path / "c"), episodes_csv=None, evals_csv=str(tmp_path / "evals.csv"))
    summary = Run(loop, rules=[StopAfterFour()]).train()
    assert summary.episodes == 4 and summary.stop_reason == "interrupted"
    with open(tmp_path / "evals.csv") as file:
        assert [row["episode"] for row in csv.DictReader(file)] == ["2", "4"]
