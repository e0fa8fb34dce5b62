"""docs/errors.rst rows of fix11b (tester11b's defects), each checked by a test file of its own."""

TESTED_ELSEWHERE = {
    "an env worker process of VectorLoop's ``async`` mode that dies (a segfault in native code, the OOM killer)",
}
