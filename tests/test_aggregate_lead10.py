from conftest import make_spec, run_cli, write_spec


def test_aggregate_of_configs_of_two_envs_warns_that_their_returns_have_scales_of_their_own(tmp_path):
    write_spec(tmp_path / "two.yaml", make_spec(max_episodes=2, episodes_per_eval=2, eval_episodes=1,
                                                max_episode_len=20))
    sweep = run_cli("sweep", "-c", "two.yaml", "--seeds", "0", "--grid", "env.name=[CartPole-v1,Acrobot-v1]",
                    cwd=tmp_path)
    assert sweep.returncode == 0, sweep.stderr
    plain = run_cli("aggregate", "sweeps/two", cwd=tmp_path)
    assert ("WARNING: the runs are of 2 envs (Acrobot-v1, CartPole-v1): their scores are aggregated side by side, "
            "though each env has its own scale") in plain.stderr.splitlines()
    config = next(line.split(",")[0] for line in (tmp_path / "sweeps/two/configs.csv").read_text().splitlines()
                  if "CartPole" in line)
    versus = run_cli("aggregate", "sweeps/two", "--vs", config, cwd=tmp_path)
    assert versus.returncode == 0, versus.stderr
    assert "the probability of improvement compares their returns, though each env has its own scale" in versus.stderr


def test_aggregate_of_one_env_says_nothing_of_envs(tmp_path):
    write_spec(tmp_path / "one.yaml", make_spec(max_episodes=2, episodes_per_eval=2, eval_episodes=1,
                                                max_episode_len=20))
    assert run_cli("sweep", "-c", "one.yaml", "--seeds", "0", "--grid", "loop.parameters.eval_episodes=[1,2]",
                   cwd=tmp_path).returncode == 0
    assert "envs" not in run_cli("aggregate", "sweeps/one", cwd=tmp_path).stderr


def test_aggregate_and_plot_of_a_sweep_whose_driver_runs_say_so_instead_of_advising_to_continue_it(tmp_path):
    import os
    import shutil
    import socket

    from gym_loop.lock import held

    write_spec(tmp_path / "busy.yaml", make_spec(max_episodes=2, episodes_per_eval=2, eval_episodes=1,
                                                 max_episode_len=20))
    assert run_cli("sweep", "-c", "busy.yaml", "--seeds", "0-1", cwd=tmp_path).returncode == 0
    shutil.rmtree(tmp_path / "sweeps/busy/runs")  # as if the driver had not started them yet
    driver = f"pid {os.getpid()} on {socket.gethostname()}"
    with held(tmp_path / "sweeps/busy/lock", "sweep"):
        aggregate = run_cli("aggregate", "sweeps/busy", cwd=tmp_path)
        plot = run_cli("plot", "sweeps/busy", "-o", "busy.png", cwd=tmp_path)
    assert f"the sweep is running ({driver}): run this again when it ends" in aggregate.stderr
    assert f"sweep sweeps/busy is running ({driver}): plot again when it ends" in plot.stderr
    assert "gym-loop sweep sweeps/busy" not in aggregate.stderr + plot.stderr
    idle = run_cli("aggregate", "sweeps/busy", cwd=tmp_path)  # the driver ended: continue the sweep
    assert "continue the sweep to train and score them: gym-loop sweep sweeps/busy" in idle.stderr
