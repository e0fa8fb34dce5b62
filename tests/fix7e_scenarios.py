"""docs/errors.rst rows for tester7e (VectorLoop's refusals); tests/test_errors_table.py counts them."""

# tests/test_vector_agents_fix7e.py checks both messages word for word (and the CLI's exit 2, no run folder)
TESTED_ELSEWHERE = {
    "an autoreset mode VectorLoop does not play (``vector_kwargs.autoreset_mode``, or the env's vector entry point's)",
    "an agent that sets SINGLE_ENV, under VectorLoop with num_envs above 1 and without act_batch and memorize_batch",
}
