"""docs/errors.rst rows for tester7e (VectorLoop's refusals); tests/test_errors_table.py counts them."""

# tests/test_vector_agents_fix7e.py checks both messages word for word (and the CLI's exit 2, no run folder)
TESTED_ELSEWHERE = {
    "an autoreset mode VectorLoop does not play (``vector_kwargs.autoreset_mode``), in training (evaluation plays one env)",
    "an agent that sets SINGLE_ENV, under VectorLoop with num_envs above 1 and without act_batch and memorize_batch "
    "(train and create-default; not eval)",
}
