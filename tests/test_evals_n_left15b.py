"""left15b: evals.csv has an ``n`` column at the end of each row: how many episodes the evaluation averaged. An
evals.csv written before it (no ``n``) is read as before, and a resumed run keeps its rows, ``n`` empty there."""

import csv

from gym_loop.sinks import Evaluation
from gym_loop.sinks.evals_csv import EvalsCsv
from tests.conftest import make_spec, run_cli, write_spec

RANDOM = "gym_loop.agents.random_agent:RandomAgent"
OLD_HEADER = "episode,global_step,mean_return,std_return,min_return,max_return,mean_length"


def rows(path):
    with open(path, newline="") as file:
        return list(csv.reader(file))


def test_each_row_says_how_many_episodes_it_averaged(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(agent=RANDOM, max_episodes=4, episodes_per_eval=2, eval_episodes=3))
    done = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    header, *evaluations = rows(tmp_path / "r" / "evals.csv")
    assert header == OLD_HEADER.split(",") + ["n"]
    assert [row[0] for row in evaluations] == ["2", "4"] and {row[-1] for row in evaluations} == {"3"}


def test_an_older_evals_csv_is_resumed_with_its_rows(tmp_path):
    path = tmp_path / "evals.csv"
    path.write_text(f"{OLD_HEADER}\n2,20,1.0,0.0,1.0,1.0,10.0\n4,40,2.0,0.0,2.0,2.0,10.0\n")
    sink = EvalsCsv(path, 4)
    sink.evaluation(Evaluation(6, 60, 3.0, 0.0, 3.0, 3.0, 10.0, 5))
    sink.evaluation(Evaluation(8, 80, 4.0, 0.0, 4.0, 4.0, 10.0))  # from an older checkpoint: n unknown
    sink.close()
    assert rows(path) == [OLD_HEADER.split(",") + ["n"], ["2", "20", "1.0", "0.0", "1.0", "1.0", "10.0", ""],
                          ["4", "40", "2.0", "0.0", "2.0", "2.0", "10.0", ""],
                          ["6", "60", "3.0", "0.0", "3.0", "3.0", "10.0", "5"],
                          ["8", "80", "4.0", "0.0", "4.0", "4.0", "10.0", ""]]


def test_a_run_of_an_older_gym_loop_resumes(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(agent=RANDOM, max_episodes=4, episodes_per_eval=2, eval_episodes=3))
    done = run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "r", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    evals = tmp_path / "r" / "evals.csv"
    evals.write_text("".join(",".join(row[:7]) + "\n" for row in rows(evals)))  # as written before n
    resumed = run_cli("-q", "train", "--resume", "r", "--set", "loop.parameters.max_episodes=6", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert [(row[0], row[-1]) for row in rows(evals)] == [("episode", "n"), ("2", ""), ("4", ""), ("6", "3")]
    shown = run_cli("plot", "r", "--y", "eval", "-o", "p.png", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
