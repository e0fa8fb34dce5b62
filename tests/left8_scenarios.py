"""The docs/errors.rst rows added by left8; tests/test_errors_table.py counts them."""

# tests/test_spec_left8.py: gymnasium.make's keywords and a boolean for a numeric env parameter
TESTED_ELSEWHERE = {"gymnasium.make's max_episode_steps (or disable_env_checker) of the wrong kind",
                    "true or false for an env parameter whose default is a number"}
