"""docs/errors.rst rows of fix14g (tester14g's defects), each checked by a test file of its own."""

TESTED_ELSEWHERE = {
    "a YAML string holding half of a surrogate pair (an escape of one half; both halves, as JSON writes a character "
    "outside the BMP, are the character)",  # tests/test_yaml_surrogates_fix14g.py
}
