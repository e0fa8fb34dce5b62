"""docs/errors.rst rows fix6d added, tested in their own files (tests/test_plot_fix6d.py)."""

TESTED_ELSEWHERE = {"plotting final scores (--kind intervals/profile, --table) of a tune whose every trial was pruned"}
