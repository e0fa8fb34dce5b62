"""docs/errors.rst rows for fix8f (tester8f's defects); tests/test_errors_table.py counts them."""

import importlib

from conftest import make_spec, write_spec

TESTED_ELSEWHERE = {
    # tests/test_agents_fix8f.py
    "an agent calling the policy gym_loop.policies.base_policy:BasePolicy (the original's default)",
    # tests/test_envs_fix8f.py (the last line: Gymnasium's env checker warns before it)
    "an env whose reset takes no seed (old gym API: ``def reset(self)``)",
    "``max_episodes: null`` without ``max_steps``",  # tests/test_budget_fix8f.py
}


def _loop_key(name):
    def scenario(tmp_path):
        spec = make_spec(max_episodes=1)
        spec["loop"]["parameters"][name] = 1
        write_spec(tmp_path / "run.yaml", spec)
        return ["train", "-c", "run.yaml"]
    return scenario


def _from(module, function):
    """The scenario ``function`` of the test file ``module``, which writes its files and returns the command."""
    return lambda tmp_path: getattr(importlib.import_module(module), function)(tmp_path)


SCENARIOS = {
    "a sweep of a loop of the original's kind (its own train(), no training_episodes())":
        _from("test_sweep_fix8f", "seed_loop_sweep"),
    "a parameter of the agent, policy or loop at the top level (RL Zoo's flat hyperparameters)":
        _from("test_spec_fix8f", "flat_key_spec"),
    "a file with none of the sections agent, env, loop (an RL Zoo hyperparameter file)":
        _from("test_spec_fix8f", "rl_zoo_file"),
    "a NumPy value in a spec written by the original's create-default (``!!python/object/apply:numpy...``)":
        _from("test_yaml_fix8f", "numpy_scalar_spec"),
    "a module of the original gym-loop this one does not ship": _from("test_resolve_fix8f", "original_ppo_spec"),
    "a loop of the original's kind unpacking the old gym API's four-value env.step":
        _from("test_loops_fix8f", "old_api_loop"),
    "a loop key under its Stable-Baselines3/Tianshou name (``total_timesteps``, ``eval_freq``, ``n_eval_episodes``, "
    "``tensorboard_log``, ``save_freq``, ``stop_reward``, ``n_envs``)": _loop_key("eval_freq"),
    "``num_envs`` (or ``n_envs``) for a loop of one env": _loop_key("n_envs"),
}
