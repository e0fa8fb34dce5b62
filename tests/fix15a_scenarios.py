"""The docs/errors.rst rows and messages added for tester15a's defects; tests/test_errors_table.py counts them."""

# tests/test_checkpoints_fix15a.py checks them
TESTED_ELSEWHERE = {
    "resuming from a checkpoint whose loop.npz (a loop state's large arrays) is gone (a copy made without ``*.npz``)",
    "resuming from a checkpoint whose loop.npz lacks an array its state.json refers to",
    # tests/test_state_fix15a.py
    "a checkpoint of an agent holding a quantized tensor",
    "a checkpoint of an agent holding a structure nested deeper than Python's recursion limit lets the default save "
    "go (a trie of ~330 levels)",
    "``agent.load(path)`` from Python of a state file nested deeper than the caller's recursion limit lets it load",
    "loading a checkpoint holding a PyTorch dtype (a tensor's or a ``torch.float8_e4m3fn`` attribute) that this "
    "PyTorch lacks (saved with a newer one)",
}
