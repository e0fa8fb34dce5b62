"""VectorLoop's refusals are training's (tester7f-15, -11, -8): eval of a SINGLE_ENV agent's or a SameStep run
plays one env and is not refused; create-default refuses the spec train would refuse; under vector_entry_point
the autoreset refusal's fix is one that works there."""

import gymnasium
import numpy as np
import pytest

from conftest import run_cli
from gym_loop.agents.cross_entropy import CrossEntropyAgent
from gym_loop.errors import SpecError
from gym_loop.loops.vector_loop import VectorLoop

CE = "gym_loop.agents.cross_entropy:CrossEntropyAgent"
VL = "gym_loop.loops.vector_loop:VectorLoop"
SINGLE = ("loop.class: CrossEntropyAgent sets SINGLE_ENV: it learns from one env's episode at a time, and VectorLoop "
          "would interleave its act and memorize calls over num_envs sub-envs; use DefaultLoop (or num_envs: 1), "
          "or give the agent act_batch and memorize_batch (docs/agents.rst, Batched agents)")


def test_vector_loop_evaluates_a_single_env_agent_and_any_autoreset_mode(tmp_path):
    env = gymnasium.make("CartPole-v1")
    agent = CrossEntropyAgent(observation_space=env.observation_space, action_space=env.action_space,
                              rng=np.random.default_rng(0))
    loop = VectorLoop(agent, env, num_envs=4, seed=0, eval_episodes=2, logdir=None, episodes_csv=None,
                      evals_csv=None, eval_logdir=str(tmp_path), vector_kwargs={"autoreset_mode": "SameStep"})
    assert loop.evaluate().episodes == 2
    with pytest.raises(SpecError, match="NextStep autoreset, not SameStep"):
        next(loop.training_episodes())


def test_eval_run_of_a_cross_entropy_run_under_more_sub_envs(tmp_path):
    spec = tmp_path / "ce.yaml"
    made = run_cli("create-default", "-q", "-a", CE, "-l", VL, "-c", str(spec), "-s", "env.name=CartPole-v1",
                   "-s", "loop.parameters.num_envs=1", "-s", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    trained = run_cli("train", "-q", "-c", str(spec), "--run-dir", str(tmp_path / "run"), cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    for setting in ("loop.parameters.num_envs=8", "loop.parameters.vector_kwargs.autoreset_mode=SameStep"):
        evaluated = run_cli("eval", "-q", "--run", str(tmp_path / "run"), "-s", setting,
                            "-s", "loop.parameters.eval_episodes=1", cwd=tmp_path)
        assert evaluated.returncode == 0, evaluated.stderr


def test_create_default_refuses_what_train_refuses(tmp_path):
    result = run_cli("create-default", "-a", CE, "-l", VL, "-c", str(tmp_path / "ce.yaml"), cwd=tmp_path)
    assert result.returncode == 2
    assert SINGLE in result.stderr
    assert not (tmp_path / "ce.yaml").exists()


def test_under_vector_entry_point_the_autoreset_refusal_says_to_remove_it():
    with pytest.raises(SpecError) as caught:
        VectorLoop.check_training(CrossEntropyAgent, {"num_envs": 1, "vectorization_mode": "vector_entry_point",
                                                      "vector_kwargs": {"autoreset_mode": "SameStep"}})
    assert str(caught.value) == ("loop.parameters.vector_kwargs: VectorLoop plays Gymnasium's NextStep autoreset, not "
                                 "SameStep; remove vector_kwargs.autoreset_mode (vector_entry_point takes no "
                                 "vector_kwargs)")


def same_step_vector(num_envs, **kwargs):
    return gymnasium.vector.SyncVectorEnv([lambda: gymnasium.make("CartPole-v1")] * num_envs,
                                          autoreset_mode="SameStep")


def test_a_vector_entry_point_autoresetting_otherwise_is_refused_naming_sync_or_async():
    if "Fix7gSameStep-v0" not in gymnasium.registry:
        gymnasium.register("Fix7gSameStep-v0", entry_point="gymnasium.envs.classic_control:CartPoleEnv",
                           vector_entry_point=same_step_vector, max_episode_steps=500)
    env = gymnasium.make("Fix7gSameStep-v0")
    agent = CrossEntropyAgent(observation_space=env.observation_space, action_space=env.action_space,
                              rng=np.random.default_rng(0))
    loop = VectorLoop(agent, env, num_envs=1, vectorization_mode="vector_entry_point")
    with pytest.raises(SpecError) as caught:
        next(loop.training_episodes())
    assert str(caught.value) == ("loop.parameters.vectorization_mode: VectorLoop plays Gymnasium's NextStep autoreset, "
                                 "not SameStep; the env's vector entry point autoresets so: set it to sync or async")


def test_under_vector_entry_point_any_vector_kwargs_are_refused_before_any_run(tmp_path):
    with pytest.raises(SpecError) as caught:
        VectorLoop.check_training(CrossEntropyAgent, {"num_envs": 1, "vectorization_mode": "vector_entry_point",
                                                      "vector_kwargs": {"copy": True}})
    assert str(caught.value) == ("loop.parameters.vector_kwargs: vectorization_mode vector_entry_point takes no "
                                 "vector_kwargs (the env's vector class gets env.parameters); remove copy, or use "
                                 "sync or async")
