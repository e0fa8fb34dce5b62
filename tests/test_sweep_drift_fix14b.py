"""fix14b: an edit of a sweep's spec.yaml inside a key that every config sets (an axis over a whole mapping) is not
refused as drift: no run gets the base's value there (tester14b-10)."""

from conftest import make_spec, run_cli, write_spec


def test_an_edit_under_an_axis_over_a_whole_mapping_is_no_drift(tmp_path):
    spec = make_spec("FrozenLake-v1", "gym_loop.agents.q_learning:QLearningAgent", max_episodes=1, logdir=None,
                     max_episode_len=5, episodes_per_eval=1, eval_episodes=1)
    spec["agent"]["parameters"]["discount"] = 0.99
    write_spec(tmp_path / "s.yaml", spec)
    made = run_cli("-q", "sweep", "-c", "s.yaml", "--seeds", "0", "--name", "dax", "--grid",
                   "agent.parameters=[{learning_rate: 0.1}, {learning_rate: 0.5}]", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    base = tmp_path / "sweeps" / "dax" / "spec.yaml"
    base.write_text(base.read_text().replace("discount: 0.99", "discount: 0.9"))
    added = run_cli("-q", "sweep", "sweeps/dax", "--add-seeds", "1", "--dry-run", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    base.write_text(base.read_text().replace("max_episode_len: 5", "max_episode_len: 6"))  # outside: refused
    refused = run_cli("-q", "sweep", "sweeps/dax", "--add-seeds", "1", "--dry-run", cwd=tmp_path)
    assert refused.returncode == 2 and "loop.parameters.max_episode_len 6, was 5" in refused.stderr, refused.stderr
