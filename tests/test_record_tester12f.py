"""Mutation-testing kills (tester12f): the resume's check of episodes.csv and evals.csv (gym_loop.run_record)."""

from gym_loop import run_record

EVALS_HEADER = "episode,global_step,mean_return,std_return,min_return,max_return,mean_length\n"


def _state(episodes, best=None, evaluations=None):
    return {"run": {"summary": {"episodes": episodes}, "best_eval_return": best, "evaluations": evaluations}}


def _episodes(path, numbers):
    path.write_text("episode,global_step,return,length,seconds\n"
                    + "".join(f"{n},{(n + 1) * 10},1.0,10,0.1\n" for n in numbers))
    return path


def _evals(path, rows):
    path.write_text(EVALS_HEADER + "".join(f"{episode},{episode * 10},{mean!r},0.0,0.0,0.0,10.0\n"
                                           for episode, mean in rows))
    return path


def test_every_episode_before_the_checkpoint_is_there(tmp_path):
    path = _episodes(tmp_path / "episodes.csv", range(10))
    assert run_record._lack({"episodes_csv": str(path)}, _state(10), "agent-000010") is None


def test_a_missing_episode_is_named_even_when_later_rows_follow(tmp_path):
    path = _episodes(tmp_path / "episodes.csv", [0, 1, 2, 4, 5, 6, 7, 8, 9, 10])  # 3 lost, 10 written after it
    lack = run_record._lack({"episodes_csv": str(path)}, _state(10), "agent-000010")
    assert lack is not None and "has 9 of the 10 episodes" in lack and "episodes 3 out" in lack


def test_spans_name_each_run_of_missing_episodes():
    assert run_record._spans([0, 3, 4, 5, 6, 7, 9]) == "0, 3-7, 9"
    assert run_record._spans([2, 3]) == "2-3"


def test_an_evaluation_at_the_checkpoints_episode_counts(tmp_path):
    path = _evals(tmp_path / "evals.csv", [(5, 1.0), (10, 2.5)])
    parameters = {"evals_csv": str(path)}
    assert run_record._lack(parameters, _state(10, best=2.5, evaluations=2), "agent-000010") is None


def test_the_best_evaluation_must_be_there(tmp_path):
    path = _evals(tmp_path / "evals.csv", [(5, 1.0), (10, 2.0)])
    lack = run_record._lack({"evals_csv": str(path)}, _state(10, best=2.5), "agent-000010")
    assert lack is not None and "its best (mean return 2.5)" in lack


def test_one_lost_evaluation_is_noticed(tmp_path):
    path = _evals(tmp_path / "evals.csv", [(5, 3.0), (15, 1.0)])  # 10's row lost; 15 is after the checkpoint
    lack = run_record._lack({"evals_csv": str(path)}, _state(10, best=3.0, evaluations=2), "agent-000010")
    assert lack is not None and "has 1 of the 2 evaluations" in lack
