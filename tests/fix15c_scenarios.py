"""docs/errors.rst rows for fix15c (tester15c's defects); tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # tests/test_record_full_disk_fix15c.py
    "disk full during training, and run.json's record of the end longer than the disk the run kept for it (run.json "
    "is never rewritten in place: it stays whole, as the run's start or resume wrote it, and the run is reported "
    "``died``); the error line follows",
}
TESTED_ELSEWHERE |= {
    # tests/test_run_dir_busy_fix15c.py
    "``train --run-dir`` of a run that another process trains or makes (two jobs given one folder), not advised to "
    "resume it",
}
TESTED_ELSEWHERE |= {
    # tests/test_record_damaged_fix15c.py
    "a run whose run.json is damaged while it trains (an editor's half save, a sync tool): its end is recorded from "
    "what the run wrote itself",
}
