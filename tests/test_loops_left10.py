"""left10: fix9b2's and left9's leftovers. A later group's episode with a float length (or global_step) is named in
one line as a first group's is (it was taken: 15.0 in episodes.csv and a checkpoint no resume could read);
eval_agent names a failing progress callable as train_agent does; runs ls lists a folder a train left with its
.lock alone."""

import pytest

from conftest import make_spec, run_cli
from gym_loop.errors import GymLoopError


LOOPS = """
import numpy as np
from gym_loop.loops.default_loop import DefaultLoop
class FloatLater(DefaultLoop):
    field = "length"
    def training_episodes(self):
        for number, group in enumerate(super().training_episodes()):
            yield group if number < 2 else [episode._replace(**{self.field: float(getattr(episode, self.field))})
                                            for episode in group]
class StepLater(FloatLater):
    field = "global_step"
class NumPyLater(DefaultLoop):
    def training_episodes(self):
        for group in super().training_episodes():
            yield [episode._replace(length=np.int64(episode.length), global_step=np.int32(episode.global_step))
                   for episode in group]
"""


def _spec(tmp_path, monkeypatch, loop, episodes):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loops.py").write_text(LOOPS)
    spec = make_spec(max_episodes=episodes, logdir=None)
    spec["loop"]["class"] = f"loops.py:{loop}"
    return spec


@pytest.mark.parametrize("loop", ["FloatLater", "StepLater"])
def test_a_float_length_or_step_in_a_later_group_is_named(tmp_path, monkeypatch, loop):
    from gym_loop.gym_loop import train_agent

    with pytest.raises(GymLoopError, match=rf"{loop}.training_episodes\(\) yielded Episode\(.*\); "
                                           "episode_return must be a real number, length and global_step integers"):
        train_agent(_spec(tmp_path, monkeypatch, loop, 6), run_dir=tmp_path / "run")
    assert len((tmp_path / "run" / "episodes.csv").read_text().splitlines()) == 3  # the header, two episodes


def test_numpy_integers_in_later_groups_still_count(tmp_path, monkeypatch):
    from gym_loop.gym_loop import train_agent

    assert train_agent(_spec(tmp_path, monkeypatch, "NumPyLater", 4), run_dir=tmp_path / "run").episodes == 4


def test_eval_agent_names_a_failing_progress_callable(tmp_path, monkeypatch):
    from gym_loop.gym_loop import eval_agent

    def progress(summary):
        raise ValueError("my display broke")

    monkeypatch.chdir(tmp_path)
    with pytest.raises(GymLoopError, match="the progress callable failed after episode 0: ValueError: my display"):
        eval_agent(make_spec(), progress=progress)


def test_runs_ls_lists_a_folder_left_with_its_lock_alone(tmp_path):
    (tmp_path / "runs" / "a").mkdir(parents=True)
    (tmp_path / "runs" / "a" / ".lock").write_text("")
    done = run_cli("runs", "ls", cwd=tmp_path)
    assert done.returncode == 0 and "WARNING" not in done.stderr, done.stderr
    assert "killed while it was being made, before its spec.yaml: nothing ran; remove the folder" in done.stdout
