"""docs/errors.rst rows added for tester6b's resume and checkpoint defects; tests/test_resume_fix6c.py
reproduces each through the console script (a trained run, then damaged)."""

TESTED_ELSEWHERE = {
    "resuming (or eval --run of) a run folder that lost its run.json or its spec.yaml",
    "resuming from a checkpoint whose state.json is JSON without a part the run needs",
    "resuming from a checkpoint whose agent.ckpt is cut short (an earlier checkpoint is complete)",
    "resuming or evaluating a run whose checkpoints/latest names a deleted folder, with no other checkpoint",
    "evaluating a run still training, before its first checkpoint",
    "eval --run RUN --checkpoint best whose folder was deleted",
    "evaluating a checkpoint folder that lost its agent.ckpt or state.json",
    "resuming a run whose episodes.csv lacks rows before its checkpoint (cut short or deleted)",
    "resuming a run whose evals.csv lacks the checkpoint's best evaluation (cut short or deleted)",
}
