"""Rows fix12g added to docs/errors.rst; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    "a schedule rule of your own whose quiet_until() returns no pair of numbers, from Python",  # test_rules_fix12g
    "resuming a run whose spec.yaml was edited by hand (its checksum line deleted)",  # test_hand_edit_fix12g
}
