"""docs/errors.rst rows of fix12a (tester12a's defects), each checked by tests/test_compat_fix12a.py."""

TESTED_ELSEWHERE = {
    "resuming from a damaged checkpoint when only later checkpoints are complete (checkpoints/latest set back by hand)",
    "resuming a run of a loop other than DefaultLoop written by gym-loop 0.3.0 (its checkpoints hold no generators)",
    "continuing a sweep written by a newer gym-loop (the ``format`` of its manifest.json or state.json; also "
    "``aggregate``, ``plot``; nothing is written)",
    "``--checkpoint`` naming a checkpoint file of the first gym-loop (``checkpoints/agent-<n>.ckpt``, a file, not a "
    "folder)",
}
