"""left15b's rows of docs/errors.rst, checked by a test file of their own."""

TESTED_ELSEWHERE = {
    "aggregate --vs of a config whose run refused its spec",  # tests/test_sweep_aggregate_left15b.py
    # tests/test_interrupted_import_left15b.py
    "Ctrl-C during the first ``loop.train()`` of a Python session (a new Jupyter kernel), while it imports "
    "tensorboardX",
}
