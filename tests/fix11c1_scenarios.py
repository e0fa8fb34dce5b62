"""The docs/errors.rst rows added for tester11c's defects 7 and 8; tests/test_errors_table.py counts them."""

# tests/test_files_fix11c1.py runs them as a user that file permissions bind (root drops its override capabilities)
TESTED_ELSEWHERE = {
    "a file of a run this user may not read (a checkpoint's state.json, run.json, episodes.csv, a sweep's "
    "manifest.json: another user's, or its mode)",
    "a run folder this user may not read, under the folder of runs ls, plot or aggregate (another user's run made "
    "under umask 077)",
}
