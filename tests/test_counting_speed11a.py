"""How the run counts VectorLoop's groups of episodes (at once when every rule stays quiet, else one by one): what
either way must give (every file as counting one by one writes it, the episode a loop's failure names, the summary
the progress display sees), pinned for speed changes (speed11a)."""

import csv
import json

import gymnasium
import pytest

from conftest import make_spec, read_scalars
from gym_loop.agents import RandomAgent
from gym_loop.errors import GymLoopError
from gym_loop.gym_loop import train_agent
from gym_loop.loops import BaseLoop
from gym_loop.loops.base_loop import Episode
from gym_loop.run import Run
from gym_loop.schedule import Stop
from gym_loop.sinks import Sink


class Asked:
    """A rule without ``quiet``: the run asks it after every episode, so it counts every group one by one."""

    def after_episode(self, progress):
        return None


class StopAt:
    """A rule of one's own that counts (``quiet_until``) and stops the run."""

    def __init__(self, episodes):
        self.episodes = episodes

    def after_episode(self, progress):
        return Stop("finished", "enough") if progress.episodes >= self.episodes else None

    def quiet_until(self, progress):
        return self.episodes, float("inf")


def _without_seconds(value):
    if isinstance(value, dict):
        return {key: _without_seconds(item) for key, item in value.items() if key != "seconds"}
    return [_without_seconds(item) for item in value] if isinstance(value, list) else value


def _written(run):
    """What a run wrote, but for its clock: rows of episodes.csv and evals.csv, checkpoints' names and state, the
    TensorBoard points."""
    def rows(name):
        if not (run / name).exists():
            return None
        with open(run / name, newline="") as file:
            return [{key: value for key, value in row.items() if key != "seconds"} for row in csv.DictReader(file)]

    checkpoints = sorted(path.name for path in (run / "checkpoints").iterdir())
    states = {name: _without_seconds(json.loads((run / "checkpoints" / name / "state.json").read_text()))
              for name in checkpoints if (run / "checkpoints" / name / "state.json").exists()}
    return rows("episodes.csv"), rows("evals.csv"), checkpoints, states, read_scalars(run / "logs")


@pytest.mark.parametrize("parameters, rules", [
    ({"max_episodes": None, "max_steps": 1500, "episodes_per_checkpoint": 7, "episodes_per_eval": 11}, []),
    ({"max_episodes": 60, "episodes_per_checkpoint": 10}, [StopAt(37)]),
], ids=["steps-checkpoints-evaluations", "rule-of-ones-own"])
def test_vector_runs_counted_per_batch_write_what_counting_one_by_one_writes(tmp_path, parameters, rules):
    written = []
    for name, more in (("batched", []), ("one-by-one", [Asked()])):
        spec = make_spec(**{"num_envs": 8, "vectorization_mode": "vector_entry_point", "keep_checkpoints": None,
                            "eval_episodes": 2, **parameters})
        spec["loop"]["class"] = "gym_loop.loops.vector_loop:VectorLoop"
        spec["seed"] = 3
        summary = train_agent(spec, run_dir=tmp_path / name, extra_rules=[*rules, *more])
        written.append((_written(tmp_path / name), summary.episodes, summary.global_step, list(summary.returns),
                        summary.best_mean_return, summary.status, summary.reason))
    assert written[0] == written[1]
    (episodes, evals, checkpoints, *_), count = written[0][0], written[0][1]
    assert len(episodes) == count > 30 and len(checkpoints) >= 4 and (evals or rules)


class Groups(BaseLoop):
    """Yields the groups it is given, as a loop of ``num_envs`` copies of the env would, then fails or ends."""

    num_envs = 64

    def __init__(self, agent, env, groups, fail=False, **params):
        super().__init__(**params)
        self.agent, self.env, self.groups, self.fail = agent, env, groups, fail

    def training_episodes(self):
        yield from self.groups
        if self.fail:
            raise RuntimeError("env died")


def _groups(count, size=2, length=5):
    return [[Episode(1.0, length, (number * size + index + 1) * length) for index in range(size)]
            for number in range(count)]


@pytest.fixture
def cartpole():
    env = gymnasium.make("CartPole-v1")
    yield RandomAgent(action_space=env.action_space, observation_space=env.observation_space), env
    env.close()


def _paths(tmp_path):
    return {"episodes_csv": str(tmp_path / "episodes.csv"), "evals_csv": None, "logdir": None,
            "checkpoint_dir": str(tmp_path / "checkpoints"), "episodes_per_checkpoint": None}


def test_a_loop_failing_before_its_batch_is_counted_names_every_episode_it_ended(tmp_path, cartpole):
    loop = Groups(*cartpole, _groups(5), fail=True, max_episodes=1000, **_paths(tmp_path))
    with pytest.raises(GymLoopError) as raised:
        loop.train()
    assert str(raised.value) == "Groups.training_episodes() failed at episode 10: RuntimeError: env died"
    with open(tmp_path / "episodes.csv", newline="") as file:
        assert [row["episode"] for row in csv.DictReader(file)] == [str(number) for number in range(10)]


def test_an_episode_refused_in_a_waiting_batch_is_named_as_before(tmp_path, cartpole):
    groups = _groups(5)
    groups[3][1] = Episode(float("inf"), 5, groups[3][1].global_step)
    with pytest.raises(GymLoopError) as raised:
        Groups(*cartpole, groups, max_episodes=1000, **_paths(tmp_path)).train()
    assert str(raised.value) == ("episode 7 ended at env step 40 with return inf (a reward was infinite, or the "
                                 "finite rewards' sum overflowed); rewards must be finite numbers")
    with open(tmp_path / "episodes.csv", newline="") as file:
        assert len(list(csv.DictReader(file))) == 7


class Seen(Sink):
    def __init__(self, seen):
        self.seen = seen

    def episodes(self, first, group, metrics):
        self.seen.append(("sink", first + len(group), group[-1].global_step))


def test_progress_sees_every_episode_handed_on_counted(tmp_path, cartpole):
    seen = []
    loop = Groups(*cartpole, _groups(100), max_episodes=1000, **_paths(tmp_path))
    summary = Run(loop, progress=lambda done: seen.append(("progress", done.episodes, done.global_step)),
                  sinks=[Seen(seen)]).train()
    assert summary.episodes == 200 and summary.global_step == 1000 and len(seen) == 2 * 4  # 3 batches of 64, the rest
    assert seen[0::2] == [("progress", *handed[1:]) for handed in seen[1::2]]
