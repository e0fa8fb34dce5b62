"""The docs/errors.rst rows added for tester11e's defects; tests/test_errors_table.py counts them."""

# tests/test_cli_fix11e.py checks these in full
TESTED_ELSEWHERE = {
    "GYM_LOOP_DEBUG set to a value that is neither true (1, true, yes, on) nor false (0, false, no, off, empty)",
    "a sweep's or tune's seed of 2**64 or more (--seeds, --add-seeds), which no run could take",
    "a key and a key inside it set on the command line (two --set, or two sweep axes, in either order)",
    "a sweep key given with --set inside a key on a --grid or --zip axis, or two axes one inside the other",
    "eval -o into the folder of another run than the one evaluated (or a folder inside it, its checkpoints)",
    "create-default onto another file of a run (run.json, episodes.csv, spec-before-resume-N.yaml, a file under its "
    "checkpoints) or of a sweep or tune folder (scores.csv, trials.csv), with --force too",
    "plotting onto a file of a run, sweep or tune folder (a run's episodes.csv, a sweep's scores.csv, a tune's "
    "trials.csv), with --force too",
}
