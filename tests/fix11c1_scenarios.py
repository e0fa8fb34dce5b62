"""The docs/errors.rst rows added for tester11c's defects 7, 8 and 13; tests/test_errors_table.py counts them."""

# tests/test_files_fix11c1.py checks them (the first two as a user that file permissions bind: root without its
# override capabilities)
TESTED_ELSEWHERE = {
    "a file of a run this user may not read (a checkpoint's state.json, run.json, episodes.csv, a sweep's "
    "manifest.json: another user's, or its mode)",
    "a run folder this user may not read, under the folder of runs ls, plot or aggregate (another user's run made "
    "under umask 077)",
    # test_a_journal_record_joined_onto_a_cut_one_is_one_line_with_the_way_on
    "a tune journal record cut short (a full disk) that the next append was joined onto while the tune ran (<run>: "
    "its path)",
}
