"""docs/errors.rst rows for fix9e (tester9e's defects); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_tune_storage_fix9e.py
    "a tune --storage that is a folder",
    "a spec run from another folder whose module (``pkg.agents:A``, an env module) is beside the spec",
    "rendering with DISPLAY set but no X server answering (a stale ssh -X, a closed VNC)",  # test_display_fix9e.py
    # tests/test_outputs_fix9e.py
    "an output under a regular file (create-default -c, sweep --sweeps-dir, tune --tunes-dir, plot and eval -o)",
    "a runs_dir (or another output folder) that is a symlink to nothing",
    "an option of one value given twice (``-c a.yaml -c b.yaml``, ``--seed 1 --seed 2``)",  # test_options_fix9e.py
    "a class file under ~ that is not there (HOME is another under sudo, cron, a Ray worker)",  # test_home_fix9e.py
    "an unquoted no, yes, on, off, number or date for a parameter whose default is a string",  # test_quote_fix9e.py
    "an empty tune --space file",  # tests/test_tune_space_fix9e.py
    "a spec indented with a tab (<run>: the spec)",  # tests/test_yaml_fix9e.py
    # tests/test_env_name_fix9e.py
    "env id of a well-known package (ALE, MiniGrid, BabyAI, highway-env) that is not imported",
    "env id without its version",
    "env.name with an empty module before ':'",
    # tests/test_runs_dir_fix9e.py, test_cli_left10.py (--sweeps-dir, --tunes-dir)
    "a runs_dir (--runs-dir), --run-dir, --sweeps-dir or --tunes-dir that is a run folder or inside one",
    "a tune --storage journal file in a folder that does not exist",
    "a tune --storage URL whose database driver is not installed",
    "a tune --storage URL that SQLAlchemy knows no dialect of",
    "a tune --storage database that cannot be opened (a sqlite file in a missing folder, a server that does not answer)",
}
