"""The docs/errors.rst rows added by the lead in session 12; tests/test_errors_table.py counts them."""

# tests/test_ray_token_lead10.py: a GCS that refuses the token (none, another) answered by a stand-in gRPC server
TESTED_ELSEWHERE = {"a sweep or tune joining a Ray cluster that refuses this machine's token"}
