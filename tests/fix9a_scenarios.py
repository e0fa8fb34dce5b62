"""docs/errors.rst rows for fix9a (tester9a's defects); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {  # test_resume_history_fix9a
    "train --resume whose agent cannot load the checkpoint after its file changed (a network resized)",
}
