"""Rows of docs/errors.rst added by fix14d; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_sweep_paths_fix14d.py
    "continuing a sweep whose manifest.json is JSON but not a sweep's: a seed that is not an integer, no spec, axes "
    "not ``{kind, keys, rows}`` or making a config id that is no folder name (also ``aggregate``, ``plot``)",
    "continuing a sweep whose state.json names a config that is not one folder name (``../x``, an absolute path: "
    "damaged or crafted)",
    "continuing a sweep whose run folder to start, restart, resume or recover is a symlink (or its "
    "``runs/<config>``; a ``runs`` only when linked to nothing)",
    "continuing a sweep whose run folder to start is a symlink to nothing (received without the folder it points to)",
    # tests/test_sweep_received_code_fix14d.py
    "continuing a sweep (made on another machine, or in a folder since moved) whose file class is not where its "
    "runs start",
    "continuing a sweep whose local env module (``env.imports``, the ``myenvs`` of ``env.name: myenvs:MyEnv-v0``) is "
    "not where its runs start",
    # tests/test_tune_received_code_fix14d.py
    "continuing a tune (received from another machine, or started in another folder) whose file class or local env "
    "module is not in the working directory",
    # tests/test_run_links_fix14d.py
    "resuming or evaluating a run whose ``checkpoints`` (or ``episodes.csv``...) is a symbolic link out of the run "
    "folder (moved to scratch; received so by ``rsync -a``)",
    "evaluating or resuming a run whose ``checkpoints`` is a symbolic link to nothing (received without what it links "
    "to; 2 for ``episodes.csv``...)",
    # tests/test_lfs_pointers_fix14d.py
    "evaluating or resuming a run whose checkpoint files are Git LFS pointers (a clone made without git-lfs; also "
    "state.json, loop.npz)",
}
