"""Rows of docs/errors.rst added by fix13f; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_lock_fix13f.py
    "a run, sweep or tune folder on a file system without ``flock`` (NFS without lockd, Lustre mounted without "
    "``-o flock``); no folder is left behind",
    "``runs ls`` (``plot``, ``aggregate``, a sweep) of a ``running`` run on a mount without ``flock`` (a login "
    "node's), once per lock file; the status is then what the lock file says (``running`` while its writer's "
    "``pid N on HOST`` is in it, ``died`` when it is empty)",
}
