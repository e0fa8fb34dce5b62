"""The docs/errors.rst rows added for tester9d's defects; tests/test_errors_table.py counts them."""

# tests/test_tune_fix9d.py: a continued tune's storage
TESTED_ELSEWHERE = {"a continued tune given another --storage than its tune.json records (<run>: the storages)",
                    "a continued tune whose journal was deleted or moved away (<run>: its path)",
                    # a killed driver's live workers
                    "a tune re-run while the workers of its killed driver still run their trials (<n>: the pids)",
                    # the space's checks
                    "a tune's float range on an integer parameter",
                    "a tune's space key through a value that is not a mapping",
                    "a tune's class choice that takes no parameter the base spec sets"}
