"""docs/errors.rst rows added for the defects fix6l fixed; tests/test_resume_fix6l.py reproduces each through the
console script (a torch agent's trained run, its agent.ckpt then cut short)."""

TESTED_ELSEWHERE = {
    "resuming from a checkpoint whose agent.ckpt, written by the agent's own torch.save, is cut short (an earlier "
    "checkpoint is complete; eval --run: ``evaluate another checkpoint: --checkpoint agent-<n>``)",
}
