"""docs/errors.rst rows of fix11g (tester11g's and tester11c's defects), each checked by a test file of its own."""

TESTED_ELSEWHERE = {
    "an env worker process of VectorLoop's ``async`` mode that dies before the run's first checkpoint",
}
