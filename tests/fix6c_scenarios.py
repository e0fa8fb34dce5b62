"""docs/errors.rst rows added for tester6b's resume and checkpoint defects; tests/test_resume_fix6c.py
reproduces each through the console script (a trained run, then damaged)."""

TESTED_ELSEWHERE = {
    "resuming (or eval --run of) a run folder that lost its run.json or its spec.yaml",
}
