"""The docs/errors.rst rows added for tester7c's defects 11-17 (fix7d); tests/test_errors_table.py counts them."""

BOOM_LOOP = """
from gym_loop.loops.default_loop import DefaultLoop


class BoomLoop(DefaultLoop):
    def __init__(self, *args, **kwargs):
        raise RuntimeError("no loop today")
"""

TESTED_ELSEWHERE = {
    "the loop's constructor raises",  # tests/test_construct_fix7d.py (BoomLoop; fix7b's scenario runs it too)
    "create-default onto a path that is no regular file",  # tests/test_files_fix7d.py: a FIFO, with and without -f
    "resuming a run whose run.json has a resumed that is no list",  # tests/test_run_record_fix7d.py
    "a class set by --set and by -a or -l of create-default",  # tests/test_create_default_fix7d.py
}
