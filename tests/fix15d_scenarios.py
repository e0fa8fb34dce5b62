"""docs/errors.rst rows of tester15d's defects, checked by tests/test_platform_fix15d.py."""

TESTED_ELSEWHERE = {"any command on Windows (the Python API: this ``ImportError``)"}
