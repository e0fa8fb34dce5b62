"""What a loop of one's own hands on, as the run checks and keeps it (tester9b-6, -14, -15, -19, -20)."""

import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest

from conftest import make_spec, run_cli, write_spec
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import eval_agent, train_agent
from gym_loop.loops import BaseLoop
from gym_loop.loops.base_loop import Episode

HERE = Path(__file__)


class MyLoop(BaseLoop):
    """A loop on BaseLoop as docs/loops.rst shows it."""

    def __init__(self, agent, env, **params):
        super().__init__(**params)
        self.agent, self.env, self.episodes, self.steps = agent, env, 0, 0

    def training_episodes(self):
        while True:
            self.env.reset()
            total, length = 0.0, 0
            while True:
                _, reward, terminated, truncated, _ = self.env.step(self.agent.act(None, self.episodes))
                total += float(reward)
                length += 1
                self.steps += 1
                if terminated or truncated:
                    break
            self.episodes += 1
            yield [Episode(total, length, self.steps)]

    def evaluation_episodes(self, periodic):
        env = self.eval_env if periodic else self.env
        while True:
            env.reset()
            total, length = 0.0, 0
            while True:
                _, reward, terminated, truncated, _ = env.step(self.agent.act(None, self.episodes))
                total += float(reward)
                length += 1
                if terminated or truncated:
                    break
            yield Episode(total, length, self.steps)

    def state(self):
        return {"episodes": self.episodes, "steps": self.steps}

    def restore(self, state):
        self.episodes, self.steps = state["episodes"], state["steps"]


class NpTypes(MyLoop):
    def training_episodes(self):
        for [episode] in super().training_episodes():
            yield [Episode(np.float32(episode.episode_return), np.int64(episode.length), np.int64(episode.global_step))]

    def evaluation_episodes(self, periodic):
        for episode in super().evaluation_episodes(periodic):
            yield Episode(np.float32(episode.episode_return), np.int64(episode.length), np.int64(episode.global_step))


class StrReturn(MyLoop):
    def training_episodes(self):
        for [episode] in super().training_episodes():
            yield [episode._replace(episode_return=str(episode.episode_return))]


class NoneStep(MyLoop):
    def training_episodes(self):
        for [episode] in super().training_episodes():
            yield [episode._replace(global_step=None)]


class YieldsLater(MyLoop):
    def training_episodes(self):
        for number, group in enumerate(super().training_episodes()):
            yield group if number < 2 else [group[0].episode_return]  # a float, not an Episode, from the 3rd on


class LaterNoneStep(MyLoop):
    def training_episodes(self):
        for number, group in enumerate(super().training_episodes()):
            yield group if number < 2 else [group[0]._replace(global_step=None)]


class EvalLater(MyLoop):
    def evaluation_episodes(self, periodic):
        for number, episode in enumerate(super().evaluation_episodes(periodic)):
            yield episode if number < 1 else (episode.episode_return, episode.length)


class ShortEval(MyLoop):
    def evaluation_episodes(self, periodic):
        yield next(super().evaluation_episodes(periodic))  # one episode, then the generator ends


class NoEvalEpisodes(MyLoop):
    def evaluation_episodes(self, periodic):
        return iter(())


class FinRaises(MyLoop):
    def training_episodes(self):
        try:
            yield from super().training_episodes()
        finally:
            raise RuntimeError("cleanup failed")


class PairLoop(MyLoop):
    num_envs = 2

    def training_episodes(self):
        episodes = super().training_episodes()
        while True:
            yield [*next(episodes), *next(episodes)]  # two episodes ended together


def _spec(loop, **parameters):
    spec = make_spec(**{"max_episodes": 4, "episodes_per_eval": 2, "eval_episodes": 2, "max_episode_len": None,
                        **parameters})
    spec["loop"]["class"] = f"{HERE}:{loop}"
    spec["loop"]["parameters"] = {key: value for key, value in spec["loop"]["parameters"].items()
                                  if key in BaseLoop.get_default_parameters()}
    spec["seed"] = 3
    return spec


def _reason(run):
    record = json.loads((run / "run.json").read_text())
    return record["status"], record["reason"]


def _rows(path):
    with open(path) as rows:
        return [(row["episode"], row["global_step"], row["return"]) for row in csv.DictReader(rows)]


def test_numpy_numbers_in_episodes_are_taken_as_the_numbers_they_are(tmp_path):
    """tester9b-15: NumPy scalars failed the first checkpoint (state.json) and eval's summary JSON."""
    summary = train_agent(_spec("NpTypes", episodes_per_checkpoint=2), run_dir=tmp_path / "r")
    assert (summary.episodes, summary.status) == (4, "finished")
    last = next((tmp_path / "r" / "checkpoints").glob("agent-000004*"))
    state = json.loads((last / "state.json").read_text())
    assert state["run"]["summary"]["episodes"] == 4
    assert eval_agent(None, run_dir=tmp_path / "r", checkpoint="latest").episodes == 2


def wrong_field_spec(tmp_path):
    write_spec(tmp_path / "run.yaml", _spec("StrReturn", episodes_per_eval=None))
    return ["train", "-c", "run.yaml", "--run-dir", "r"]


@pytest.mark.parametrize("loop, message", [
    ("StrReturn", "StrReturn.training_episodes() yielded Episode(episode_return='9.0', length=9, global_step=9, "
                  "sub_env=None); episode_return must be a real number, length and global_step integers"),
    ("NoneStep", "NoneStep.training_episodes() yielded Episode(episode_return=9.0, length=9, global_step=None, "
                 "sub_env=None); episode_return must be a real number, length and global_step integers"),
    ("YieldsLater", "YieldsLater.training_episodes() must yield lists of Episode(episode_return, length, "
                    "global_step, sub_env); got [18.0]"),
    ("LaterNoneStep", "LaterNoneStep.training_episodes() yielded Episode(episode_return=18.0, length=18, "
                      "global_step=None, sub_env=None); episode_return must be a real number, length and "
                      "global_step integers"),
    ("EvalLater", "EvalLater.evaluation_episodes() must yield Episode(episode_return, length, global_step, sub_env) "
                  "objects; got (15.0, 15)"),
], ids=["str-return", "none-step", "later-float", "later-none-step", "later-eval-tuple"])
def test_an_episode_of_the_wrong_shape_is_one_line_whenever_it_comes(tmp_path, loop, message):
    """tester9b-15 (a field of the wrong type), tester9b-6 (a malformed group after the first)."""
    with pytest.raises(GymLoopError) as raised:
        train_agent(_spec(loop), run_dir=tmp_path / "r")
    assert _numbered(str(raised.value)) == _numbered(message)
    assert _reason(tmp_path / "r") == ("failed", str(raised.value))


def _numbered(message):
    """``message`` with each number as N (the returns and steps played)."""
    return re.sub(r"\d+(\.\d+)?", "N", message)


def test_a_wrong_field_is_one_line_from_the_cli(tmp_path):
    result = run_cli("train", "-c", *wrong_field_spec(tmp_path)[2:], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: StrReturn.training_episodes() yielded Episode(")


@pytest.mark.parametrize("loop, played", [("ShortEval", 1), ("NoEvalEpisodes", 0)])
def test_an_evaluation_generator_that_ends_early_fails_training(tmp_path, loop, played):
    """tester9b-19: fewer episodes were averaged silently, or a NaN mean was blamed on the rewards."""
    message = (f"{loop}.evaluation_episodes() ended after {played} of eval_episodes 2 episodes; it must yield "
               "episodes until the run closes it (docs/loops.rst)")
    with pytest.raises(GymLoopError) as raised:
        train_agent(_spec(loop), run_dir=tmp_path / "r")
    assert str(raised.value) == message
    assert _reason(tmp_path / "r") == ("failed", message)


def short_eval_run(tmp_path):
    """A run of ShortEval without periodic evaluations, evaluated by `eval --run`: it ends after 1 of 2 episodes."""
    write_spec(tmp_path / "run.yaml", _spec("ShortEval", episodes_per_eval=None, max_episodes=1))
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    return ["eval", "--run", "r"]


def test_an_evaluation_that_ends_early_fails_eval(tmp_path):
    result = run_cli(*short_eval_run(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: ShortEval.evaluation_episodes() ended after 1 of eval_episodes 2 episodes; it must yield episodes "
        "until the run closes it (docs/loops.rst)")


def test_a_loops_cleanup_failing_after_the_last_checkpoint_is_a_warning(tmp_path, caplog):
    """tester9b-20: the run trained every episode and committed its checkpoint; it is finished."""
    summary = train_agent(_spec("FinRaises", episodes_per_eval=None), run_dir=tmp_path / "r")
    assert (summary.episodes, summary.status) == (4, "finished")
    assert _reason(tmp_path / "r")[0] == "finished"
    assert "FinRaises.training_episodes() failed at episode 4: RuntimeError: cleanup failed; what ran is kept" \
        in caplog.text


def test_a_checkpoint_within_a_group_resumes_the_groups_later_episodes(tmp_path):
    """tester9b-14: the episodes of a group after a checkpoint within it were lost on resume."""
    spec = _spec("PairLoop", episodes_per_eval=None, episodes_per_checkpoint=3, max_episodes=8)
    train_agent(spec, run_dir=tmp_path / "whole")
    train_agent({**spec, "loop": {**spec["loop"], "parameters": {**spec["loop"]["parameters"], "max_episodes": 3}}},
                run_dir=tmp_path / "cut")
    assert train_agent(spec, resume=tmp_path / "cut").episodes == 8
    assert _rows(tmp_path / "cut" / "episodes.csv") == _rows(tmp_path / "whole" / "episodes.csv")


BIG = np.arange(250_000, dtype=np.float64).reshape(-1, 5)


class BigState(MyLoop):
    """A loop with its own buffer in state(), as loops.rst invites."""

    def __init__(self, agent, env, **params):
        super().__init__(agent, env, **params)
        self.buffer, self.small = BIG.copy(), np.arange(3)

    def training_episodes(self):
        for group in super().training_episodes():
            self.buffer[self.episodes % len(self.buffer)] = self.episodes
            yield group

    def state(self):
        return {**super().state(), "buffer": self.buffer, "small": self.small}

    restored = []  # the states restore() was given

    def restore(self, state):
        super().restore(state)
        self.buffer, self.small = state["buffer"], state["small"]
        self.restored.append({**state, "buffer": state["buffer"].copy()})  # as given: it is played on


def test_a_large_array_in_a_loops_state_is_written_as_binary_beside_state_json(tmp_path):
    """tester9b-23: an 8 MB array was written as JSON text at every checkpoint (~0.9 s each)."""
    spec = _spec("BigState", episodes_per_eval=None, episodes_per_checkpoint=2, max_episodes=2)
    spec["loop"]["class"] = "test_loops_fix9b2:BigState"  # this module's class, whose restored list is read below
    train_agent(spec, run_dir=tmp_path / "r")
    checkpoint = next((tmp_path / "r" / "checkpoints").glob("agent-000002*"))
    state = json.loads((checkpoint / "state.json").read_text())
    assert state["loop"]["buffer"] == {"npz": "a0"}  # the small one stays in the JSON
    assert state["loop"]["small"] == {"array": [0, 1, 2], "dtype": "int64", "shape": [3]}
    assert (checkpoint / "state.json").stat().st_size < 100_000  # not 8 MB of text
    with np.load(checkpoint / "loop.npz") as stored:
        assert stored["a0"].shape == (50_000, 5) and stored["a0"][2, 0] == 2

    train_agent({**spec, "loop": {**spec["loop"], "parameters": {**spec["loop"]["parameters"], "max_episodes": 3}}},
                resume=tmp_path / "r")
    restored = BigState.restored
    expected = BIG.copy()
    expected[1], expected[2] = 1, 2  # the rows the two episodes wrote
    assert restored[0]["buffer"].dtype == np.float64 and np.array_equal(restored[0]["buffer"], expected)
    assert np.array_equal(restored[0]["small"], np.arange(3))
