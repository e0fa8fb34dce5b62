"""docs/errors.rst rows for fix7g (VectorLoop's autoreset refusals); tests/test_errors_table.py counts them."""

# tests/test_vector_training_fix7g.py checks both messages
TESTED_ELSEWHERE = {
    "``vector_kwargs.autoreset_mode`` under ``vectorization_mode: vector_entry_point`` (which takes no vector_kwargs), "
    "in training",
    "the env's vector entry point autoresets otherwise than NextStep",
    "``vector_kwargs`` under ``vectorization_mode: vector_entry_point``, in training",
    # test_spec_yaml_fix7g
    "a value given from Python that spec.yaml cannot hold (an enum, an object), before any run folder",
    "a policy on BasePolicy without act",  # test_policy_fix7g
}
