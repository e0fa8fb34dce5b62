"""left15b's rows of docs/errors.rst, checked by a test file of their own."""

TESTED_ELSEWHERE = {"aggregate --vs of a config whose run refused its spec"}  # tests/test_sweep_aggregate_left15b.py
