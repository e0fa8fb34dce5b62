"""docs/errors.rst rows for fix8f (tester8f's defects); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_agents_fix8f.py
    "an agent calling the policy gym_loop.policies.base_policy:BasePolicy (the original's default)",
}
TESTED_ELSEWHERE |= {
    # tests/test_envs_fix8f.py (the last line: Gymnasium's env checker warns before it)
    "an env whose reset takes no seed (old gym API: ``def reset(self)``)",
    "``max_episodes: null`` without ``max_steps``",  # tests/test_budget_fix8f.py
}

from conftest import make_spec, write_spec  # noqa: E402


def _loop_key(name):
    def scenario(tmp_path):
        spec = make_spec(max_episodes=1)
        spec["loop"]["parameters"][name] = 1
        write_spec(tmp_path / "run.yaml", spec)
        return ["train", "-c", "run.yaml"]
    return scenario


def _old_api_loop(tmp_path):
    from test_loops_fix8f import old_api_loop

    return old_api_loop(tmp_path)


def _original_ppo(tmp_path):
    from test_resolve_fix8f import original_ppo_spec

    return original_ppo_spec(tmp_path)


def _numpy_scalar(tmp_path):
    from test_yaml_fix8f import numpy_scalar_spec

    return numpy_scalar_spec(tmp_path)


def _flat_key(tmp_path):
    from test_spec_fix8f import flat_key_spec

    return flat_key_spec(tmp_path)


def _rl_zoo(tmp_path):
    from test_spec_fix8f import rl_zoo_file

    return rl_zoo_file(tmp_path)


def _seed_loop_sweep(tmp_path):
    from test_sweep_fix8f import seed_loop_sweep

    return seed_loop_sweep(tmp_path)


SCENARIOS = {
    "a sweep of a loop of the original's kind (its own train(), no training_episodes())": _seed_loop_sweep,
    "a parameter of the agent, policy or loop at the top level (RL Zoo's flat hyperparameters)": _flat_key,
    "a file with none of the sections agent, env, loop (an RL Zoo hyperparameter file)": _rl_zoo,
    "a NumPy value in a spec written by the original's create-default (``!!python/object/apply:numpy...``)":
        _numpy_scalar,
    "a module of the original gym-loop this one does not ship": _original_ppo,
    "a loop of the original's kind unpacking the old gym API's four-value env.step": _old_api_loop,
    "a loop key under its Stable-Baselines3/Tianshou name (``total_timesteps``, ``eval_freq``, ``n_eval_episodes``, "
    "``tensorboard_log``, ``save_freq``, ``stop_reward``, ``n_envs``)": _loop_key("eval_freq"),
    "``num_envs`` (or ``n_envs``) for a loop of one env": _loop_key("n_envs"),
}
