"""A plot of many configs says each thing once, not once per config, and leaves out a legend taller than the figure
with a line naming the --height that holds it, instead of matplotlib squashing the axes (tester12c-3)."""

import shutil

import yaml

from conftest import make_spec, only_run, run_cli, write_spec

CONFIGS = 40


def _many_configs(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=3, episodes_per_checkpoint=None))
    assert run_cli("-q", "train", "-c", "run.yaml", cwd=tmp_path).returncode == 0
    run = only_run(tmp_path)
    for number in range(1, CONFIGS):  # copies that differ in one parameter: a config each
        copy = tmp_path / "runs" / f"copy-{number}"
        shutil.copytree(run, copy)
        spec = yaml.safe_load((copy / "spec.yaml").read_text())
        spec["loop"]["parameters"]["max_episode_len"] = 100 + number
        (copy / "spec.yaml").write_text(yaml.safe_dump(spec))
    return tmp_path / "runs"


def test_many_configs_get_one_line_each_thing_and_a_legend_height(tmp_path):
    runs = _many_configs(tmp_path)
    result = run_cli("plot", runs, "-o", "many.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) < 10, result.stderr
    band = [line for line in lines if "no band at" in line]
    assert len(band) == 1 and f"and {CONFIGS - 5} more ({CONFIGS} configs): no band at" in band[0]
    assert sum("cover their full length" in line for line in lines) == 1
    assert "UserWarning" not in result.stderr
    legend = [line for line in lines if "legend of" in line]
    assert len(legend) == 1 and legend[0].startswith(f"WARNING: the legend of {CONFIGS} configs is "), legend
    height = legend[0].rsplit("--height ", 1)[1]
    tall = run_cli("plot", runs, "-o", "tall.png", "--height", height, cwd=tmp_path)
    assert tall.returncode == 0 and "legend of" not in tall.stderr and "UserWarning" not in tall.stderr, tall.stderr
    for kind in ("intervals", "profile"):
        scores = run_cli("plot", runs, "--kind", kind, "-o", f"{kind}.png", "--score", "last-100", cwd=tmp_path)
        assert scores.returncode == 0, scores.stderr
        assert max(map(len, scores.stderr.splitlines())) < 400 and "UserWarning" not in scores.stderr, scores.stderr


def test_a_few_configs_keep_their_own_lines(tmp_path):
    runs = _many_configs(tmp_path)
    for copy in sorted(runs.glob("copy-*"))[2:]:
        shutil.rmtree(copy)
    result = run_cli("plot", runs, "-o", "few.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no band at 3 of its 3 points") == 3
    assert result.stderr.count("1 of 1 runs cover its full length") == 3 and "legend of" not in result.stderr
