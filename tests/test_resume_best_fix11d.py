"""fix11d: a resumed run keeps the best mean of 100 consecutive episodes its first part reached (tester11d-3)."""

from conftest import make_spec
from gym_loop.gym_loop import train_agent


def test_a_resumed_runs_best_100_episode_mean_is_the_uninterrupted_runs(tmp_path, monkeypatch):
    # tester11d-3: a restore that forgot best_mean_return passed every test; the closing summary then named the
    # best window of the resumed part only
    monkeypatch.chdir(tmp_path)
    spec = {**make_spec(max_episodes=130, episodes_per_checkpoint=10, logdir=None, max_episode_len=500), "seed": 3}
    whole = train_agent(spec, run_dir=tmp_path / "whole")
    spec["loop"]["parameters"]["max_episodes"] = 110
    train_agent(spec, run_dir=tmp_path / "part")
    spec["loop"]["parameters"]["max_episodes"] = 130
    resumed = train_agent(spec, resume=tmp_path / "part")
    returns = [float(row.split(",")[2]) for row in (tmp_path / "whole" / "episodes.csv").read_text().splitlines()[1:]]
    means = [sum(returns[end - 100:end]) / 100 for end in range(100, 131)]
    assert max(means[:11]) > max(means[11:]), "seed 3's best window must end in the first 110 episodes"
    assert resumed.best_mean_return == whole.best_mean_return
    assert abs(whole.best_mean_return - max(means)) < 1e-9
