"""docs/errors.rst rows for fix9c (tester9c's defects); tests/test_errors_table.py counts them."""

# tests/test_checkpoint_full_disk_fix9c.py checks it word for word, with `gym-loop train` (exit 1)
TESTED_ELSEWHERE = {
    "disk full during an agent's save that says otherwise (torch.save: ``RuntimeError: [enforce fail at "
    "inline_container.cc:672] . unexpected pos ...``), told by the free space left",
}
