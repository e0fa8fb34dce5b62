"""The docs/errors.rst rows added by left11; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_errors_left11.py: a folder, a file in the way of what gym-loop writes (tester10g-13)
    "a folder where gym-loop writes a file of the run (here a resume's copy of its spec), so that running the same "
    "command again would fail the same way",
    "a file where gym-loop makes a folder of the run (``logs`` replaced by a file while the run trains)",
    "a file where a path gym-loop writes needs a folder (the file is named; here ``episodes_csv: ./t/ep.csv`` and "
    "``t`` replaced by a file while the run trains)",
    # tests/test_actions_left11.py: the first-action check's Box rule at every level; a MultiDiscrete's reason
    "a part of a Tuple or Dict action that is not one of its space (a float64 array for a float32 Box is taken, at "
    "every level)",
    "a float array for a MultiDiscrete action space",
    # tests/test_sweep_left11.py: a run that refuses its spec stops the sweep (fix10a's leftover)
    "a sweep's run that refuses its spec once it builds the agent or the loop (an agent constructor's SpecError, "
    "vector_kwargs that gymnasium.make_vec refuses): no more runs of its config start (of the sweep, when no axis "
    "sets the key refused)",
}
