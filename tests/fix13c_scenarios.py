"""Rows fix13c added to docs/errors.rst; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # test_resume_torch_fix13c
    "resuming a torch agent with ``--set`` of a parameter its optimizer restored from the checkpoint holds (the old "
    "value is in its param_groups)",
    "resuming a torch agent with ``--set`` of a number among its parameters that no optimizer restored from the "
    "checkpoint holds",
}
