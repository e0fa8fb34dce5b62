"""fix8a: small spec and command-line messages (tester8a-1, ...)."""

from conftest import run_cli


def test_an_empty_spec_that_is_no_regular_file_gets_advice_that_works(tmp_path):
    refused = run_cli("train", "-c", "/dev/null", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1] == (
        "Error: /dev/null is empty and not a regular file; give a spec file, e.g. one written with: gym-loop "
        "create-default -c run.yaml")
    assert run_cli("create-default", "-c", "run.yaml", cwd=tmp_path).returncode == 0  # the advice works
