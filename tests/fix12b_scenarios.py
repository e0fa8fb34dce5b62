"""docs/errors.rst rows of fix12b (tester12b's defects), each checked by a test file of its own."""

TESTED_ELSEWHERE = {
    "train --resume of a run on a read-only file system",  # tests/test_read_only_fix12b.py
}
