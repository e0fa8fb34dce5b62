"""docs/errors.rst rows of sweep and tune defects fixed for tester4b, tested in tests/test_sweep_fixc.py;
tests/test_errors_table.py checks that every row is tested somewhere."""

TESTED_ELSEWHERE = {
    "a sweep continued after its spec.yaml was edited",
    "runs_dir swept by --grid, --zip or --set of a sweep",
    "runs_dir in a tune's space",
}
