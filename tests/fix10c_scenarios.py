"""docs/errors.rst rows for fix10c (tester10c's defects); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_resume_fix10c.py
    "a resume whose ``--set`` fails on a file it cannot write before it begins (spec.yaml not rewritten: a plain "
    "``--resume`` would drop the ``--set``)",
}
