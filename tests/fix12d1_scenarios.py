"""The docs/errors.rst rows added by fix12d1; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_cli_fix12d1.py: a deleted working directory (tester12d-4)
    "a working directory deleted under the shell (another shell's ``rm -rf``, a cleaned scratch folder): every "
    "command",
}
TESTED_ELSEWHERE |= {
    # tests/test_errors_fix12d1.py: the limits of the process's surroundings an async VectorLoop meets (tester12d-19)
    "an async VectorLoop past the process's limit of open files (``ulimit -n 24``); any other command meeting it says "
    "the same after its own words",
    "a TMPDIR too long for a socket's path (over 107 bytes with what is added): an async VectorLoop with "
    "``vector_kwargs: {context: forkserver}``, or ``sweep``/``tune --backend ray`` (whose message is Ray's "
    "``validate_socket_filename failed: AF_UNIX path length cannot exceed 107 bytes: ...``)",
}
