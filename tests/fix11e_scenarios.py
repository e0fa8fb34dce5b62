"""The docs/errors.rst rows added for tester11e's defects; tests/test_errors_table.py counts them."""

# tests/test_cli_fix11e.py checks these in full
TESTED_ELSEWHERE = {
    "a file or folder name longer than the file system takes (255 bytes), given with -c of create-default, -o of "
    "plot or eval, --run-dir, --runs-dir, --sweeps-dir, --tunes-dir or --name",
    "a run folder given as the spec (-c RUN) of train, eval, sweep or tune (a sweep folder alike)",
    "runs_dir given by --set of a tune",  # its <n> and <s> are no placeholders of digits
    "GYM_LOOP_DEBUG set to a value that is neither true (1, true, yes, on) nor false (0, false, no, off, empty)",
    "a sweep's or tune's seed of 2**64 or more (--seeds, --add-seeds), which no run could take",
    "a key set on the command line after a key inside it (--set loop.parameters={...} after --set "
    "loop.parameters.max_episodes=2), which would drop it",
    "a sweep key given with --set inside a key on a --grid or --zip axis, or an axis after one of a key inside it",
    "eval -o into the folder of another run than the one evaluated (or a folder inside it, its checkpoints)",
    "create-default onto another file of a run (run.json, episodes.csv, spec-before-resume-N.yaml, a file under its "
    "checkpoints) or of a sweep or tune folder (scores.csv, trials.csv), with --force too",
    "plotting onto a file of a run, sweep or tune folder (a run's episodes.csv, a sweep's scores.csv, a tune's "
    "trials.csv), with --force too",
}


def _tune(tmp_path, setting):
    """A tune of a tiny spec with ``--set setting``; refused before any trial."""
    (tmp_path / "s.yaml").write_text("agent: {class: gym_loop.agents.random_agent:RandomAgent}\n"
                                     "env: {name: CartPole-v1}\n"
                                     "loop: {parameters: {episodes_per_eval: 1, max_episodes: 1}}\n")
    (tmp_path / "space.yaml").write_text("loop.parameters.max_episode_len: {categorical: [5, 6]}\n")
    return ["tune", "-c", "s.yaml", "--space", "space.yaml", "--trials", "1", "--set", setting]


# tester11e-11: tune --set seed=3 / runs_dir=xx were recorded in the tune's spec.yaml and did nothing
SCENARIOS = {
    "seed given by --set of a tune": lambda tmp_path: _tune(tmp_path, "seed=3"),
}
SCENARIOS["eval --checkpoint '' (an unset shell variable)"] = lambda tmp_path: [
    "eval", "-c", _tune(tmp_path, "x=1")[2], "--checkpoint", ""]
