"""docs/errors.rst rows of fix11g (tester11g's and tester11c's defects), each checked by a test file of its own."""

TESTED_ELSEWHERE = {
    "a sweep driver's own write failing (a full disk, a folder where it writes ``scores.csv``), its runs failed on "
    "that disk too",
    "a file where a sweep's run folder goes (a failed copy), met by its lock",
    "an env worker process of VectorLoop's ``async`` mode that dies before the run's first checkpoint",
}
