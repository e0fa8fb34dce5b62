"""record / eval_record on an env that cannot render rgb_array: refused at the loop's flag (tester8b-8)."""

from conftest import run_cli, run_folders
from fix8b_scenarios import render_env


def test_record_on_an_env_taking_no_render_mode_names_the_flag(tmp_path):
    for command, flag in (("train", "record"), ("eval", "eval_record")):
        result = run_cli(*render_env(tmp_path, "NoRender-v0", command, **{flag: True}), cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines()[-1] == (
            f"Error: loop.parameters.{flag}: NoRender-v0 takes no render_mode argument, which {flag} needs "
            f"('rgb_array'); set {flag}: false, or give the env's constructor a render_mode argument")
        assert "env.parameters" not in result.stderr and not run_folders(tmp_path)


def test_record_on_an_env_listing_other_modes_leaves_no_run_folder(tmp_path):
    result = run_cli(*render_env(tmp_path, "AnsiOnly-v0", record=True), cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr  # before Gymnasium's warning
    assert "loop.parameters.record: AnsiOnly-v0 cannot render rgb_array frames" in result.stderr
    assert not run_folders(tmp_path)
