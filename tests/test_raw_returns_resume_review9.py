"""A run under NormalizeReward resumed equals the run not stopped (review9: the RawReturn put beneath NormalizeReward
while DefaultLoop plays is in the env's chain when checkpoints save the wrappers' running statistics)."""

import csv
import textwrap

import yaml

from conftest import make_spec, run_cli

NORM = textwrap.dedent('''
    import gymnasium
    from gymnasium.wrappers import NormalizeObservation, NormalizeReward

    def norm_cartpole(**kwargs):
        return NormalizeReward(NormalizeObservation(gymnasium.make("CartPole-v1", **kwargs)))

    gymnasium.register("NormCartPole-v1", entry_point=norm_cartpole)
''')


def rows(path, *columns):
    with open(path, newline="") as file:
        return [tuple(row[column] for column in columns) for row in csv.DictReader(file)]


def test_a_resumed_run_under_normalize_reward_records_the_raw_returns_of_the_run_not_stopped(tmp_path):
    (tmp_path / "normenv.py").write_text(NORM)
    spec = make_spec("NormCartPole-v1", max_episodes=8, episodes_per_checkpoint=4, episodes_per_eval=4,
                     eval_episodes=2, max_episode_len=None)
    spec["env"]["imports"] = ["normenv"]
    spec["seed"] = 3
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec))
    whole = run_cli("train", "-c", "s.yaml", "--run-dir", "whole", cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    half = run_cli("train", "-c", "s.yaml", "--run-dir", "half", "--set", "loop.parameters.max_episodes=4",
                   cwd=tmp_path)
    assert half.returncode == 0, half.stderr
    resumed = run_cli("train", "--resume", "half", "--set", "loop.parameters.max_episodes=8", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    for name, columns in (("episodes.csv", ("return", "length")), ("evals.csv", ("mean_return", "mean_length"))):
        assert rows(tmp_path / "half" / name, *columns) == rows(tmp_path / "whole" / name, *columns), name
        assert all(float(value) == float(length) for value, length in rows(tmp_path / "half" / name, *columns))
