"""docs/errors.rst rows for fix8c (tester8c); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_resume_fix8c.py
    "resuming from a checkpoint whose state.json is of a newer gym-loop (its ``format``)",
    "resuming from a checkpoint whose loop state gym-loop's own loop cannot restore (a key missing)",
}
TESTED_ELSEWHERE |= {
    # tests/test_faults_fix8c.py
    "a run folder's ``.lock`` that is a folder, or a file this user cannot read (``runs ls`` shows the run "
    "``unknown``)",
}
TESTED_ELSEWHERE |= {
    # tests/test_faults_fix8c.py
    "resuming or ``eval --run`` of a run whose spec.yaml was edited by hand (checksum line deleted) to another seed "
    "than run.json's",
}
TESTED_ELSEWHERE |= {
    # tests/test_faults_fix8c.py
    "resuming (or ``eval --run``) a folder with spec.yaml but no run.json and no checkpoint: a train killed while it "
    "made the folder",
}
TESTED_ELSEWHERE |= {
    # tests/test_resume_fix8c.py
    "Ctrl-C (or SIGTERM, 143) during a resume's checks, before it began (its episodes.csv read whole)",
}
TESTED_ELSEWHERE |= {
    # tests/test_faults_fix8c.py (run ids are hex: the table's <n> stands for digits)
    "resuming a run whose checkpoint folder another run claimed",
}
TESTED_ELSEWHERE |= {
    # tests/test_sweep_fix8c.py
    "continuing a sweep whose manifest.json is damaged (also ``aggregate``, ``plot``)",
    "continuing a sweep whose spec.yaml is not YAML (damaged) when new runs start from it",
    "continuing a sweep whose spec.yaml was deleted",
}
