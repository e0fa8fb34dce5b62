"""docs/errors.rst rows of fix13a's messages: scenarios, and rows a test file of its own checks."""

from conftest import make_spec, write_spec
from test_eval_env_fix13a import other_spaces


def _flat(name):
    def scenario(tmp_path):
        spec = make_spec(max_episodes=1)
        spec[name] = 1
        write_spec(tmp_path / "run.yaml", spec)
        return ["train", "-c", "run.yaml"]
    return scenario


SCENARIOS = {
    "a loop key at the top level under its RL Zoo/Stable-Baselines3 name (``n_timesteps``, ``total_timesteps``, "
    "``eval_freq``, ``n_eval_episodes``, ``n_envs``, ``tensorboard_log``, ``save_freq``)": _flat("eval_freq"),
    "RL Zoo's ``env_kwargs`` at the top level": _flat("env_kwargs"),
    "eval --run RUN --set env.name=... (or env.parameters) of an env whose spaces are not the run's (another env "
    "config of the same spaces is warned of, and the summary's ``env_changed`` records it)": other_spaces,
}
