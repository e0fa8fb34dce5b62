"""Sinks and schedule rules of your own, given to train_agent (tester9b-1, -2, -3, -4, -9, -13, -18, -20)."""

import csv
import json
import logging

import pytest

from conftest import make_spec
from gym_loop.errors import GymLoopError, RunStopped, SpecError
from gym_loop.gym_loop import train_agent
from gym_loop.schedule import Stop
from gym_loop.sinks import Sink


def _spec(**loop):
    return make_spec(**{"max_episodes": 6, "episodes_per_eval": None, **loop})


def _record(run):
    record = json.loads((run / "run.json").read_text())
    return record["status"], record["reason"]


class FailsAt3(Sink):
    def episodes(self, first, group, metrics):
        if first >= 3:
            raise ConnectionError("tracker: network down")


class FailsTwice(FailsAt3):
    def close(self):
        raise ConnectionError("cannot finish upload: network down")


def test_a_sink_failing_in_episodes_leaves_each_episode_once_in_episodes_csv(tmp_path):
    """tester9b-1: the failure path handed the failing group on again, episodes.csv included."""
    with pytest.raises(GymLoopError, match=r"^FailsAt3.episodes\(\) failed at episode 3: ConnectionError"):
        train_agent(_spec(max_episodes=8, episodes_per_checkpoint=4), run_dir=tmp_path / "r", sinks=[FailsAt3()])
    with open(tmp_path / "r" / "episodes.csv") as rows:
        episodes = [row["episode"] for row in csv.DictReader(rows)]
    assert episodes == ["0", "1", "2", "3"]


def test_a_failing_close_does_not_replace_the_failure_it_follows(tmp_path, caplog):
    """tester9b-2 (2): close() raising after episodes() raised: the reason is the first failure, close() a warning."""
    with pytest.raises(GymLoopError) as raised:
        train_agent(_spec(), run_dir=tmp_path / "r", sinks=[FailsTwice()])
    assert str(raised.value).startswith("FailsTwice.episodes() failed at episode 3: ConnectionError")
    assert _record(tmp_path / "r") == ("failed", str(raised.value))
    assert ("FailsTwice.close() failed: ConnectionError: cannot finish upload: network down; what ran is kept "
            "(fix FailsTwice.close())") in caplog.text


class Duck:
    def episodes(self, first, group, metrics):
        pass

    def close(self):
        pass


class Duck2:
    def episodes(self, first, group, metrics):
        pass


class ShortSink(Sink):
    def episodes(self, first, group):
        pass


class NoHooks:
    pass


class Rule:
    def after_episode(self, progress):
        return None


class WrongSignature:
    def after_evaluation(self, episode, mean_return):
        return None


@pytest.mark.parametrize("given, message", [
    ({"sinks": [Duck()]}, "sinks[0]: Duck has no evaluation(), flush(), summary(); subclass gym_loop.sinks.Sink (its "
                          "methods do nothing) or define them"),
    ({"sinks": [Duck2()]}, "sinks[0]: Duck2 has no evaluation(), flush(), summary(), close(); subclass "
                           "gym_loop.sinks.Sink (its methods do nothing) or define them"),
    ({"sinks": [FailsAt3]}, "sinks[0]: FailsAt3 is a class; give an instance, FailsAt3()"),
    ({"sinks": FailsAt3()}, "sinks: give a list of sinks, [FailsAt3()]"),
    ({"sinks": [ShortSink()]}, "sinks[0]: ShortSink.episodes() cannot be called as episodes(first, group, "
                               "metrics): too many positional arguments"),
    ({"extra_rules": [Rule]}, "extra_rules[0]: Rule is a class; give an instance, Rule()"),
    ({"extra_rules": Rule()}, "extra_rules: give a list of rules, [Rule()]"),
    ({"extra_rules": [Rule(), NoHooks()]}, "extra_rules[1]: NoHooks has none of after_episode, after_evaluation, "
                                           "during_evaluation, after_checkpoint (gym_loop.schedule)"),
    ({"extra_rules": [WrongSignature()]}, "extra_rules[0]: WrongSignature.after_evaluation() cannot be called as "
                                          "after_evaluation(episode, global_step, mean_return): too many positional "
                                          "arguments"),
], ids=["duck", "duck2", "sink-class", "bare-sink", "sink-signature", "rule-class", "bare-rule", "no-hooks",
        "rule-signature"])
def test_sinks_and_rules_of_the_wrong_shape_are_refused_before_the_run_folder(tmp_path, given, message):
    """tester9b-2 (1, 3), tester9b-13, tester9b-3's signatures: one line naming the extension, no run folder."""
    with pytest.raises(SpecError) as raised:
        train_agent(_spec(), run_dir=tmp_path / "r", **given)
    assert str(raised.value) == message
    assert not (tmp_path / "r").exists()


class Plateau:
    def __init__(self, hook):
        self.hook = hook

    def after_episode(self, progress):
        if self.hook == "after_episode" and progress.episodes == 3:
            raise ValueError("rule bug")
        return "evaluate" if self.hook == "after_evaluation" and progress.episodes == 2 else None

    def after_evaluation(self, episode, global_step, mean_return):
        if self.hook == "after_evaluation":
            raise ZeroDivisionError("x")

    def after_checkpoint(self, progress):
        if self.hook == "after_checkpoint":
            raise KeyError("oops")


class QuietFails(Rule):
    def quiet(self, progress, episodes, global_step):
        raise RuntimeError("no idea")


class NoSaving(Rule):
    def saving(self):
        return None


@pytest.mark.parametrize("rule, message", [
    (Plateau("after_episode"), "Plateau.after_episode() failed after 3 episodes: ValueError: rule bug"),
    (Plateau("after_evaluation"), "Plateau.after_evaluation() failed in the evaluation after 2 episodes: "
                                  "ZeroDivisionError: x"),
    (Plateau("after_checkpoint"), "Plateau.after_checkpoint() failed after the checkpoint after 2 episodes: "
                                  "KeyError: 'oops'"),
    (NoSaving(), "NoSaving.saving() returned None; it must return a context manager (e.g. "
                 "contextlib.nullcontext())"),
    (QuietFails(), "QuietFails.quiet() failed after 0 episodes: RuntimeError: no idea"),
], ids=["after_episode", "after_evaluation", "after_checkpoint", "saving", "quiet"])
def test_a_failing_rule_of_your_own_is_named_with_where_the_run_was(tmp_path, rule, message):
    """tester9b-3."""
    with pytest.raises(GymLoopError) as raised:
        train_agent(_spec(episodes_per_checkpoint=2), run_dir=tmp_path / "r", extra_rules=[rule])
    assert str(raised.value) == message
    assert _record(tmp_path / "r") == ("failed", message)


class StopAt2:
    def after_episode(self, progress):
        return True if progress.episodes >= 2 else None


class PruneEval:
    def after_evaluation(self, episode, global_step, mean_return):
        return "pruned"


@pytest.mark.parametrize("rule, message", [
    (StopAt2(), "StopAt2.after_episode() returned True after 2 episodes; return None, EVALUATE, CHECKPOINT or "
                "Stop(status, reason) (gym_loop.schedule)"),
    (PruneEval(), "PruneEval.after_evaluation() returned 'pruned' in the evaluation after 2 episodes; return None "
                  "or Stop(status, reason) (gym_loop.schedule)"),
], ids=["after_episode", "after_evaluation"])
def test_a_rule_returning_a_wrong_value_fails_the_run_in_one_line(tmp_path, rule, message):
    """tester9b-4: a wrong value was dropped (after_episode) or crashed gym-loop (after_evaluation)."""
    with pytest.raises(GymLoopError) as raised:
        train_agent(_spec(episodes_per_eval=2, eval_episodes=1), run_dir=tmp_path / "r", extra_rules=[rule])
    assert str(raised.value) == message
    assert _record(tmp_path / "r") == ("failed", message)


class Interrupts:
    def after_episode(self, progress):
        return Stop("interrupted", "my interrupt") if progress.episodes == 4 else None


def test_a_rules_interrupt_names_the_episode_and_keeps_its_reason_whole(tmp_path):
    """tester9b-9: ' of 10' was glued to the rule's own reason."""
    with pytest.raises(RunStopped) as raised:
        train_agent(_spec(max_episodes=10), run_dir=tmp_path / "r", extra_rules=[Interrupts()])
    assert str(raised.value) == (f"interrupted after 4 episodes of 10 (my interrupt); resume with: train_agent(None, "
                                 f"resume='{tmp_path / 'r'}')")


class SeedLoop:
    @staticmethod
    def get_default_parameters():
        return {"max_episodes": 2}

    def __init__(self, agent, env, **params):
        self.agent, self.env, self.parameters = agent, env, {**self.get_default_parameters(), **params}

    def train(self):
        for episode in range(self.parameters["max_episodes"]):
            self.env.reset()
            done = False
            while not done:
                _, _, terminated, truncated, _ = self.env.step(self.env.action_space.sample())
                done = terminated or truncated

    def evaluate(self):
        pass


def test_rules_given_to_a_loop_with_its_own_train_are_warned_of(tmp_path, caplog):
    """tester9b-18."""
    spec = {"agent": {"class": "gym_loop.agents:RandomAgent"}, "env": {"name": "CartPole-v1"},
            "loop": {"class": "test_extensions_fix9b2:SeedLoop"}, "seed": 3}
    with caplog.at_level(logging.WARNING):
        train_agent(spec, run_dir=tmp_path / "r", extra_rules=[Rule()])
    assert ("SeedLoop has its own train() and no training_episodes(): the rules given to train_agent are never "
            "asked") in caplog.text


class CloseFails(Sink):
    def close(self):
        raise RuntimeError("close down")


class SummaryFails(Sink):
    def summary(self, scores):
        raise RuntimeError("summary down")


@pytest.mark.parametrize("sink, method, error", [(CloseFails(), "close", "close down"),
                                                 (SummaryFails(), "summary", "summary down")])
def test_a_sinks_cleanup_failing_after_the_last_checkpoint_is_a_warning(tmp_path, caplog, sink, method, error):
    """tester9b-20: every episode trained and the last checkpoint committed; the run is finished."""
    name = type(sink).__name__
    summary = train_agent(_spec(), run_dir=tmp_path / "r", sinks=[sink])
    assert (summary.episodes, summary.status) == (6, "finished")
    assert _record(tmp_path / "r")[0] == "finished"
    assert (f"{name}.{method}() failed: RuntimeError: {error}; what ran is kept (fix {name}.{method}())"
            in caplog.text)


def test_a_failing_progress_callable_is_named(tmp_path):
    """tester9b-13: train_agent(progress=f) with an f that raised gave the bare 'ValueError: progress bug'."""
    def progress(summary):
        if summary.episodes == 2:
            raise ValueError("progress bug")

    message = "the progress callable failed after episode 1: ValueError: progress bug"
    with pytest.raises(GymLoopError) as raised:
        train_agent(_spec(), progress=progress, run_dir=tmp_path / "r")
    assert str(raised.value) == message
    assert _record(tmp_path / "r") == ("failed", message)
