"""docs/errors.rst rows for fix8a (tester8a's defects); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    "an empty spec that is not a regular file (/dev/null, an empty pipe)",  # test_spec_fix8a
}
