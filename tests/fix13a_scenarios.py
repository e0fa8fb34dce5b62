"""docs/errors.rst rows of fix13a's messages: scenarios, and rows a test file of its own checks."""

from conftest import make_spec, write_spec


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
}
