"""fix8a: the "no such file ... but ... is" check sees --set, and train, eval, sweep and tune share it
(tester8a-4)."""

import shutil
from pathlib import Path

from conftest import run_cli

LINE = ("Error: agent.class: no such file: examples/hill_climbing.py from the working directory, but "
        "../repo/examples/hill_climbing.py is; run from ../repo (a class's file path is taken from the working "
        "directory), or give that path: --set agent.class=../repo/examples/hill_climbing.py:HillClimbingAgent")
SPEC = "../repo/examples/hill_climbing.yaml"


def _beside(tmp_path):
    shutil.copytree(Path(__file__).parent.parent / "examples", tmp_path / "repo" / "examples")
    (tmp_path / "fx").mkdir()
    (tmp_path / "fx" / "space.yaml").write_text("agent.parameters.noise_scale: {float: [0.01, 0.1]}\n")
    return tmp_path / "fx"


def test_every_command_says_how_to_give_the_path_and_takes_it_from_set(tmp_path):
    here = _beside(tmp_path)
    for command in (["train", "-c", SPEC], ["eval", "-c", SPEC], ["sweep", "-c", SPEC, "--dry-run"],
                    ["tune", "-c", SPEC, "--space", "space.yaml", "--trials", "1"]):
        refused = run_cli(*command, cwd=here)
        assert refused.returncode == 2 and refused.stderr.strip().splitlines()[-1] == LINE, (command, refused.stderr)
    given = ["-s", "agent.class=../repo/examples/hill_climbing.py:HillClimbingAgent"]
    trained = run_cli("train", "-c", SPEC, "-q", *given, "-s", "loop.parameters.max_episodes=2",
                      "-s", "loop.parameters.episodes_per_eval=null", cwd=here)
    assert trained.returncode == 0, trained.stderr
    evaluated = run_cli("eval", "-c", SPEC, "-q", *given, "-s", "loop.parameters.eval_episodes=1", cwd=here)
    assert evaluated.returncode == 0, evaluated.stderr
    planned = run_cli("sweep", "-c", SPEC, "--dry-run", *given, cwd=here)
    assert planned.returncode == 0, planned.stderr
