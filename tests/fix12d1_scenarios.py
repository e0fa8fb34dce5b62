"""The docs/errors.rst rows added by fix12d1; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_cli_fix12d1.py: a continued folder on a read-only file system (tester12d-7, tester12b-6)
    "a run folder to resume (``train --resume``) or a sweep folder to continue (``sweep SWEEP_DIR``) on a read-only "
    "file system",
}
TESTED_ELSEWHERE |= {
    # tests/test_cli_fix12d1.py: a deleted working directory (tester12d-4)
    "a working directory deleted under the shell (another shell's ``rm -rf``, a cleaned scratch folder): every "
    "command",
}
