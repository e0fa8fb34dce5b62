"""Advice of the CLI followed literally works (tester7a)."""

from conftest import run_cli


def test_the_empty_spec_advice_runs_as_written_and_a_spec_of_comments_is_kept(tmp_path):
    (tmp_path / "run.yaml").write_text(" \n")
    refused = run_cli("train", "-c", "run.yaml", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip().endswith("run.yaml is empty; write a spec with: gym-loop create-default -c run.yaml")
    made = run_cli("create-default", "-c", "run.yaml", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "agent:" in (tmp_path / "run.yaml").read_text()

    (tmp_path / "notes.yaml").write_text("# my spec, to be written\n")
    refused = run_cli("train", "-c", "notes.yaml", cwd=tmp_path)
    assert refused.stderr.strip().endswith(
        "notes.yaml is empty; write a spec with: gym-loop create-default --force -c notes.yaml")
    kept = run_cli("create-default", "-c", "notes.yaml", cwd=tmp_path)
    assert kept.returncode == 2 and "notes.yaml exists; pass --force to overwrite it" in kept.stderr
    assert (tmp_path / "notes.yaml").read_text() == "# my spec, to be written\n"
