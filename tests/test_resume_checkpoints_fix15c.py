"""tester15c-9: a resume from a checkpoint older than others in the folder (a crash while checkpoints lagged, or
``latest`` written back by hand) kept the discarded attempt's checkpoints: ``best`` named one of them, and retention
kept them over the resumed run's own, deleting the checkpoint ``latest`` names."""

import json

from conftest import make_spec, run_cli, write_spec

from gym_loop.run_checkpoints import checkpoint_episodes, complete_checkpoints, pointed_name


def test_a_resume_from_an_older_checkpoint_drops_the_later_ones_and_repoints_best(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=40, episodes_per_eval=2, keep_checkpoints=None,
                                                episodes_per_checkpoint=2))
    done = run_cli("-q", "train", "-c", "run.yaml", "--seed", "3", "--run-dir", "run", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    checkpoints = tmp_path / "run" / "checkpoints"
    best = checkpoint_episodes(pointed_name(checkpoints / "best"))
    earlier = [path.name for path in complete_checkpoints(checkpoints) if checkpoint_episodes(path.name) < best]
    assert earlier, f"seed 3's best evaluation is its first ({best}): pick another seed"
    (checkpoints / "latest").write_text(earlier[-1] + "\n")  # as run_record's advice has a user do
    end = checkpoint_episodes(earlier[-1]) + 1
    resumed = run_cli("-q", "train", "--resume", "run", "--set", f"loop.parameters.max_episodes={end}",
                      "--set", "loop.parameters.keep_checkpoints=1", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "of the attempt this resume discards" in resumed.stderr
    names = [path.name for path in complete_checkpoints(checkpoints)]
    assert max(map(checkpoint_episodes, names)) == end  # none of the discarded attempt's left
    assert (checkpoints / pointed_name(checkpoints / "latest")).is_dir()  # not pruned in favour of a later one
    now = pointed_name(checkpoints / "best")
    assert now is None or (checkpoint_episodes(now) <= end and (checkpoints / now).is_dir())
    if now is not None:  # the checkpoint saved after the resumed run's best evaluation
        state = json.loads((checkpoints / now / "state.json").read_text())
        final = json.loads((checkpoints / pointed_name(checkpoints / "latest") / "state.json").read_text())
        assert state["run"]["last_evaluation"][2] == final["run"]["best_eval_return"]
    again = run_cli("-q", "train", "--resume", "run", "--set", f"loop.parameters.max_episodes={end + 1}", cwd=tmp_path)
    assert again.returncode == 0, again.stderr  # continued from its own end, not from the discarded 40 episodes
