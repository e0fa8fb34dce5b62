"""tester13g-2: `gym-loop runs` (a group given no command) shows its help with a deleted working directory too."""

import subprocess

from conftest import GYM_LOOP


def test_a_group_without_a_command_shows_its_help_in_a_deleted_working_directory(tmp_path):
    (tmp_path / "gone").mkdir()
    result = subprocess.run(["sh", "-c", 'cd gone && rmdir ../gone && exec "$0" runs', GYM_LOOP], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    here = subprocess.run([GYM_LOOP, "runs"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (here.returncode, here.stdout, here.stderr)
    assert "Usage: gym-loop runs [OPTIONS] COMMAND" in result.stdout + result.stderr
