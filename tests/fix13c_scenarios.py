"""Rows fix13c added to docs/errors.rst; tests/test_errors_table.py counts them."""

TESTED_ELSEWHERE = {
    # test_resume_torch_fix13c
    "resuming a torch agent with ``--set`` of a parameter its optimizer restored from the checkpoint holds (the old "
    "value is in its param_groups)",
    "resuming a torch agent with ``--set`` of a number among its parameters that no optimizer restored from the "
    "checkpoint holds",
    # test_state_torch_fix13c
    "a checkpoint of an agent holding a sparse tensor",
    "a checkpoint of an agent that builds its network or optimizer lazily (``None`` after ``__init__``, made at the "
    "first update)",
    "a checkpoint holding a tensor saved on a device this machine lacks (a GPU run evaluated on a CPU), where the "
    "fresh agent has no tensor",
    "a checkpoint holding a ``torch.Generator`` saved on another device than the fresh agent's there (a GPU run "
    "evaluated on a CPU)",
    "a checkpoint of an agent holding a view of another array or tensor it holds (``self.obs = self.storage[:, :4]``)",
}
