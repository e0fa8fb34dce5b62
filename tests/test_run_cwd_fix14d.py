"""eval --run of a downloaded run folder does not import a module shipped inside it through a relative (or the
run folder's own) run.json cwd, which gym-loop never writes (tester14d-14)."""

import hashlib
import json

import pytest

from conftest import run_cli

SPEC = ("agent: {class: gym_loop.agents.q_learning:QLearningAgent}\nenv: {name: FrozenLake-v1}\n"
        "loop: {parameters: {max_episodes: 2, eval_episodes: 2}}\n")


@pytest.mark.parametrize("cwd", ["r", "{run}"])
def test_a_module_of_the_run_folder_is_not_imported_through_its_cwd(tmp_path, cwd):
    (tmp_path / "lake.yaml").write_text(SPEC)
    assert run_cli("-q", "train", "-c", "lake.yaml", "--run-dir", "r", cwd=tmp_path).returncode == 0
    run = tmp_path / "r"
    (run / "lake_wrappers.py").write_text(f"open({str(tmp_path / 'PWNED')!r}, 'w').write('ran')\n")
    text = (run / "spec.yaml").read_text().split("\n", 1)[1].replace("imports: []", "imports: [lake_wrappers]")
    (run / "spec.yaml").write_text(f"# gym-loop sha256: {hashlib.sha256(text.encode()).hexdigest()}\n{text}")
    record = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps({**record, "cwd": cwd.format(run=run)}))
    result = run_cli("eval", "--run", "r", cwd=tmp_path)
    assert not (tmp_path / "PWNED").exists(), result.stderr
    assert result.returncode == 2 and "cannot import 'lake_wrappers'" in result.stderr, result.stderr
