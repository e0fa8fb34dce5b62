"""A requeued job repeats its --seed and --run-dir on the resume: the run's own are accepted, as -s seed= is
(tester13f-2); another seed or folder is still refused."""

import yaml

from conftest import make_spec, run_cli

REFUSED = ("Error: --resume keeps the run's own seed and folder; leave out --seed, --runs-dir and --run-dir "
           "(see gym-loop train --help)")


def test_resume_accepts_the_runs_own_seed_and_folder(tmp_path):
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(make_spec(max_episodes=1)))
    assert run_cli("train", "-c", "run.yaml", "--seed", "3", "--run-dir", "r", "-q", cwd=tmp_path).returncode == 0
    again = run_cli("train", "--resume", "r", "--seed", "3", "--run-dir", "./r", "-q",
                    "-s", "loop.parameters.max_episodes=2", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    for other in (["--seed", "4"], ["--run-dir", "elsewhere"], ["--runs-dir", "runs"]):
        refused = run_cli("train", "--resume", "r", *other, "-q", "-s", "loop.parameters.max_episodes=3", cwd=tmp_path)
        assert (refused.returncode, refused.stderr.splitlines()[-1]) == (2, REFUSED)
