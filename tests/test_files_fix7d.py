"""tester7c-12 (fix7d): create-default -c writes through a symlink, and refuses a path that is no regular file."""

import os

import yaml

from conftest import run_cli
from gym_loop.files import write_atomically


def test_write_atomically_writes_a_symlinks_target(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "spec.yaml").write_text("old: 1\n")
    (tmp_path / "link.yaml").symlink_to("real/spec.yaml")
    write_atomically(tmp_path / "link.yaml", "new: 2\n")
    assert (tmp_path / "link.yaml").is_symlink()
    assert (tmp_path / "real" / "spec.yaml").read_text() == "new: 2\n"
    assert sorted(os.listdir(tmp_path / "real")) == ["spec.yaml"]


def test_create_default_force_onto_a_symlink_writes_its_target(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "spec.yaml").write_text("old: 1\n")
    (tmp_path / "link.yaml").symlink_to("real/spec.yaml")
    result = run_cli("create-default", "-c", "link.yaml", "-f", "-s", "env.name=CartPole-v1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "link.yaml").is_symlink()
    assert yaml.safe_load((tmp_path / "real" / "spec.yaml").read_text())["env"]["name"] == "CartPole-v1"


def test_create_default_refuses_a_path_that_is_no_regular_file(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    for force in ([], ["-f"]):
        result = run_cli("create-default", "-c", "fifo", *force, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [
            "Error: Invalid value for '-c' / '--run-config': fifo is not a regular file; give the path of a file "
            "to write the spec in (see gym-loop create-default --help)"]
    assert not (tmp_path / "fifo").is_file()
