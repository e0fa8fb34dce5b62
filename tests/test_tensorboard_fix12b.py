"""tester12b-5: train's last line points TensorBoard at the training's own logs (RUN/logs, or the logdir given),
not at the run folder, where each eval --run adds its runs with the same tags (issue 15 keeps the tag names) on
their own axis; eval --run points at its eval_logs."""

from conftest import make_spec, only_run, run_cli, write_spec


def test_train_and_eval_point_tensorboard_at_what_they_wrote(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2, episodes_per_eval=None))
    trained = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    run = f"runs/{only_run(tmp_path).name}"
    assert trained.stderr.splitlines()[-1] == f"INFO: results in {run}; to see them: tensorboard --logdir {run}/logs"
    evaluated = run_cli("eval", "--run", run, cwd=tmp_path)
    assert evaluated.stderr.splitlines()[-1].endswith(f"to see them: tensorboard --logdir {run}/eval_logs")


def test_a_logdir_outside_the_run_folder_is_the_one_named(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1, episodes_per_eval=None, logdir=str(tmp_path / "tb")))
    trained = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert trained.stderr.splitlines()[-1].endswith(f"to see them: tensorboard --logdir {tmp_path / 'tb'}")
    assert any((tmp_path / "tb").iterdir())
