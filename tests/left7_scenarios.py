"""docs/errors.rst rows added by left7; tests/test_errors_table.py counts them."""

# tests/test_spec_left7.py checks the message word for word
TESTED_ELSEWHERE = {"a module name with a NUL character (or another that cannot be a file's name)",
                    # tests/test_resume_left7.py (from Python: the advice is train_agent(run_params))
                    "resuming a run whose evals.csv lacks evaluations after the checkpoint's best (cut short)"}
