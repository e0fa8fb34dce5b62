"""A run: drives a loop's episodes into the sinks, asks the schedule's rules, saves checkpoints, resumes.

The loop only plays (see :mod:`gym_loop.loops.base_loop`); everything around the episodes is here,
built from the loop's parameters: the sinks (TensorBoard, ``episodes.csv``, ``evals.csv``,
progress), the rules (evaluate every N, checkpoint by episodes and by time, ``max_episodes``,
``max_steps``, solved, plus any given) and the checkpoint folders.
"""

import contextlib
import inspect
import itertools
import logging
import math
import os
import signal
import time
from numbers import Integral, Real
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from gym_loop.agents.protocol import bind_agent
from gym_loop.agents.step_count import by_steps
from gym_loop.errors import (RAISED_IN, GymLoopError, RunStopped, SpecError, StoppedAtOnce, Terminated, error_text,
                             exited, of_gym_loop, one_line_failure, raised_in, raiser)
from gym_loop.loop_protocol import (LOOP_ARRAYS, check_group, ended_early, loop_episodes, loop_state, plain_state,
                                    seeded_generators, spaces_of, training_generators)
from gym_loop.loops.base_loop import BaseLoop, Episode
from gym_loop import numeric
from gym_loop.files import shown
from gym_loop.loops.summary import Summary
from gym_loop.loops.wrappers import (check_render_mode, learned_state, learning_wrappers, restore_learned,
                                     shorter_limit)
from gym_loop.resume import load_agent
from gym_loop.rules import inherited_defaults, inherited_rules
from gym_loop.run_paths import loop_path
from gym_loop.run_checkpoints import (POINTERS, STATE_FORMAT, Checkpoints, FolderGone, checkpoint_episodes,
                                      complete_checkpoints, read_state)
from gym_loop.schedule import CHECKPOINT, EVALUATE, Stop
from gym_loop.schedule.checkpoint_by_time import CheckpointByTime
from gym_loop.schedule.checkpoint_every import CheckpointEvery
from gym_loop.schedule.evaluate_every import EvaluateEvery
from gym_loop.schedule.max_episodes import PLANNED, MaxEpisodes
from gym_loop.schedule.max_steps import MaxSteps
from gym_loop.schedule.on_signal import OnSignal
from gym_loop.schedule.own import own_rules
from gym_loop.schedule.solved import WINDOW, Solved
from gym_loop.seeding import generator_states, restore_generator_states, seeded_run
from gym_loop.sinks import Evaluation, Sink
from gym_loop.sinks.episodes_csv import EpisodesCsv
from gym_loop.sinks.evals_csv import EvalsCsv
from gym_loop.sinks.progress import ProgressSink
from gym_loop.sinks.own import own_sinks
from gym_loop.sinks.tensorboard import BATCH_TAGS, EPISODE_TAGS, TensorBoard
from gym_loop.spec import _family, as_given, check_parameters, check_trainable, env_threshold

logger = logging.getLogger(__name__)

HAND_SECONDS = 0.25  # how long an episode waits for its batch (until the loop next yields after that)
FINAL_TAGS = ("final/mean_return", "final/eval_mean_return")
# The TensorBoard tags the run writes itself, and "": names an agent's metrics may not have (Run._metrics).
RUN_TAGS = frozenset({*EPISODE_TAGS, *BATCH_TAGS, *(f"eval/{name}" for name in Evaluation._fields[2:]),
                      *FINAL_TAGS, ""})


class Run:
    """Trains or evaluates ``loop`` with the sinks, rules and checkpoints its parameters ask for.

    Args:
        loop: A :class:`~gym_loop.loops.base_loop.BaseLoop`.
        progress: Called with the running :class:`Summary` after every batch of episodes (see :meth:`_take`).
        rules: More schedule rules, asked after the loop's own (e.g. :class:`~gym_loop.schedule.on_signal.OnSignal`).
        sinks: More sinks.
        state: A checkpoint's state (:func:`~gym_loop.run_checkpoints.read_state`) to continue from.
        hparams: The run's flattened spec and seed, for TensorBoard's HParams dashboard.
    """

    def __init__(self, loop: Any, progress: Optional[Callable[[Summary], None]] = None, rules: Iterable[Any] = (),
                 sinks: Iterable[Sink] = (), state: Optional[Dict[str, Any]] = None,
                 hparams: Optional[Dict[str, Any]] = None):
        if missing := next((name for name in ("agent", "env") if not hasattr(loop, name)), None):
            raise SpecError("loop.class", f"{type(loop).__name__} has no attribute {missing}: a loop keeps the agent "
                                          "and env it is built with as self.agent and self.env (docs/loops.rst)")
        _check_parameters(loop)
        self.loop = loop
        self.parameters = loop.parameters
        self.progress = progress
        if getattr(loop, "_bound", loop.agent) is not loop.agent:  # replaced since (a notebook's loop.agent = New())
            loop.calls, loop._bound = by_steps(bind_agent(loop.agent), loop), loop.agent
        self.calls = getattr(loop, "calls", None) or bind_agent(loop.agent)
        self.summary = Summary(self.parameters["max_episodes"], window=WINDOW)
        self.best_eval_return = float("-inf")
        self.last_evaluation: Optional[Evaluation] = None
        # The periodic evaluations done (evals.csv's rows, which a resume checks); None: a checkpoint without it
        self.evaluations: Optional[int] = 0
        self.stop: Optional[Stop] = None
        self.commit: Any = ...  # the git commit checkpoint names end with, as the run folder recorded it; ...: ask git
        # The spaces the agent was given (DefaultLoop keeps them, for envs that make new ones on reset).
        self._spaces = getattr(loop, "spaces", None) or spaces_of(loop.env)
        # The env whose wrappers' running statistics training learns (None: VectorLoop's, in its sub-envs), and those
        # wrappers, found once: walking the env's chain for them took 150,000 instructions of each CartPole checkpoint's
        # ~2,200,000 (none found).
        self._learning = getattr(loop, "learned_env", loop.env)
        self._learners = learning_wrappers(self._learning) if self._learning is not None else []
        # The episodes of a periodic evaluation that a signal cut short: the resumed run finishes it first.
        self._evaluated: List[Episode] = []
        # The episodes of a group after the last checkpoint within it (the loop's state() counts the whole group):
        # the resumed run counts them first, as the run would have.
        self._rest: List[Episode] = []
        # With _rest, the group's episodes counted before that checkpoint, all at its env step: TensorBoard's point of
        # the step holds them until the rest come, so a resume hides the step's points and writes them again.
        self._counted: List[Episode] = []
        # Training's generator states while a periodic evaluation draws from streams of its own (_own_streams).
        self._held: Optional[Dict[str, Any]] = None
        self._given_state = state is not None  # a checkpoint's run: its files are its own (train_agent's resume)
        self._trained_once = False
        self._where: Dict[str, Optional[Path]] = {}  # the run's files, absolute (train())
        self._over = False  # the run starts over after a failed train() (_go_back)
        if state is not None:
            self._restore(state)
        # Ctrl-C and SIGTERM stop the run after the episode, with a checkpoint, unless the caller handles them.
        rules = own_rules(rules, "rules")  # train_agent's checked them already, as extra_rules
        self._on_signal = None if any(isinstance(rule, OnSignal) for rule in rules) else OnSignal()
        rules = [*rules, *[self._on_signal] * (self._on_signal is not None)]
        self.rules = [*self._rules(), *rules]
        # Whether a given rule may ask for evaluations (tune's asks after the last episode); OnSignal only stops.
        self._rule_evaluates = any(hasattr(rule, "after_episode") and not isinstance(rule, OnSignal) for rule in rules)
        # A group is counted at once when every rule asked after each episode stays quiet (_counted_at_once): those
        # that count say up to which episode and env step (quiet_until, asked again after _take), the rest are asked.
        asked = [rule for rule in self.rules if hasattr(rule, "after_episode")]
        self._quiet_untils = [rule.quiet_until for rule in asked if hasattr(rule, "quiet_until")]
        asked = [rule for rule in asked if not hasattr(rule, "quiet_until")]
        self._quiet = [rule.quiet for rule in asked] if all(hasattr(rule, "quiet") for rule in asked) else None
        self._until: Optional[Tuple[float, float]] = None  # the rules' quiet_until, while it holds
        self._saving = [rule.saving for rule in self.rules if hasattr(rule, "saving")]  # held by _checkpoint
        self._extra_sinks, self._hparams, self._warned = own_sinks(sinks), hparams, set()
        # Episodes reach the sinks in batches of at least this many (VectorLoop: num_envs), so each
        # sink's per-call cost is paid once per batch; see _take.
        self.batch = getattr(loop, "num_envs", 1)
        self._unhanded: List[Episode] = []
        self._hand_by = math.inf
        # Whether the episodes last handed on end within a group, before an evaluation or checkpoint: the rest of
        # the group, ended at the same env step, follows (TensorBoard then makes one point of both).
        self.within_group = False

    def train(self) -> Summary:
        """Train until a rule stops the run; the reason is ``summary.stop_reason`` (None: every planned episode).

        Every way to train a loop comes here (``loop.train()``, ``Run(loop, sinks=[...]).train()``,
        ``train_agent``): a run of the loop's earlier calls is continued (episodes and env steps count on, the
        files are appended to), and a run that would overwrite an earlier run's files is refused.

        Raises:
            GymLoopError: ``episodes_csv`` or ``evals_csv`` holds rows, or ``checkpoint_dir`` checkpoints,
                from an earlier run (not this loop's); the run of earlier calls already played ``max_episodes``
                (``max_steps``); the agent or env failed, a return or evaluation was not finite, or a save failed.
            RunStopped: Ctrl-C or SIGTERM stopped training, after the episode in progress and a checkpoint
                (unless the caller gave its own :class:`~gym_loop.schedule.on_signal.OnSignal` rule).
        """
        from gym_loop.loops.default_loop import DefaultLoop

        if self._trained_once:  # its rules and summary were made for the loop's parameters of then
            raise GymLoopError("a Run trains once; to train on, call Run(loop, ...).train() again (it continues the "
                               "loop's run), or loop.train()")
        check_trainable(getattr(self.loop, "agent", None), type(self.loop), self.parameters)  # before any file
        _check_eval_env(self.loop, self.parameters)
        if isinstance(self.loop, DefaultLoop):  # before any file: a failed attempt leaves no "earlier run"
            check_render_mode(self.loop.env, self.parameters["render"], self.parameters["record"])
        if not self._given_state:
            self._continue_earlier()
        if not self._given_state and self.summary.episodes == 0:  # a fresh agent (a trained one may hold much)
            _check_default_save(getattr(self.loop, "agent", None), self.parameters)  # before the first episode
        self._trained_once = True
        # absolute, from where the loop's run began: an os.chdir since (a library's, %cd) moves no file
        self._where = _paths(self.parameters, self.loop.__dict__.get("_started_in"))
        start = None  # the run's state before its first episode: what a failure goes back to without a checkpoint
        try:
            with seeded_run(self.loop, training=True):  # DefaultLoop(..., seed=3), as gym-loop train seeds it
                with contextlib.suppress(Exception):  # a loop whose state() fails is told so at its first checkpoint
                    start = self.state()
                with self._on_signal or contextlib.nullcontext():
                    summary = self._train()
        except BaseException as error:
            way_on = None
            if start is not None:  # training began: a later train() goes back to a point the run was whole at
                way_on = self._after_failure(start)
            if isinstance(error, KeyboardInterrupt) and getattr(self._on_signal, "received", None) is not None:
                raise StoppedAtOnce(  # a second signal (a notebook's "interrupt kernel" twice): no traceback
                    f"stopped at once {self._on_signal.at_once} after {self.summary.episodes} episodes"
                    f"{self.summary.of_planned()}; to go on, call train() again on this loop"
                    f"{f': {way_on}' if way_on else ''}", isinstance(error, Terminated)) from None
            if isinstance(error, FolderGone) and way_on:  # nothing else to fix: say what train() again does
                raise FolderGone(f"{error}, and this run stopped; to go on, call train() again: {way_on}") from error
            if isinstance(error, SystemExit):  # sys.exit() in the agent's or the env's code: no success
                raise exited(error, "training", "the run failed") from error
            raise
        self.loop._trained = (self.state(), self._where)  # also when stopped: a later call resumes it
        received = self._on_signal.received if self._on_signal is not None else None
        if received is not None and (summary.stop_reason or "").startswith(("interrupted", "terminated")):
            raise RunStopped(f"{summary.stop_reason}{summary.of_planned()}; the checkpoint is in "
                             f"{self.parameters['checkpoint_dir']}; to go on, call train() again on this loop",
                             received == signal.SIGTERM)
        if self._on_signal is not None:  # a signal in the run's last episode: the caller learns of it
            self._on_signal.pass_on()
        return summary

    def _after_failure(self, start: Dict[str, Any]) -> str:
        """Leave the loop so that its next train() continues from the failed run's latest checkpoint, as ``--resume``
        does, or, with none, starts the run over from ``start`` (its files and counters, not the agent); say which."""
        paths = self._where
        saved = [path for path in complete_checkpoints(paths["checkpoint_dir"])
                 if (checkpoint_episodes(path.name) or 0) >= start["run"]["summary"]["episodes"]]
        try:
            state = read_state(saved[-1]) if saved else start
        except GymLoopError:  # damaged: go back to the start
            saved, state = [], start
        self.loop._trained = (state, paths, {"failed_at": self.summary.episodes,
                                             "checkpoint": saved[-1] if saved else None})
        return _WAY_ON[bool(saved)].format(saved[-1].name if saved else None, state["run"]["summary"]["episodes"])

    def _continue_earlier(self) -> None:
        """Continue the run of the loop's earlier calls, if any; refuse to overwrite another run's files."""
        state, own, *failed = self.loop.__dict__.get("_trained", (None, {}))  # the run of earlier calls, its paths
        if state is None or "_started_in" not in self.loop.__dict__:
            self.loop._started_in = os.getcwd()  # the folder its relative paths are taken from, for the whole run
        elif self.loop._started_in != os.getcwd():  # a notebook's %cd between two calls
            logger.warning("train(): the working directory is %s, not %s where this loop's run began: its files stay "
                           "there (its relative paths are taken from there); build a new loop to start a run here",
                           os.getcwd(), self.loop._started_in)
        if earlier := _earlier_run(self.parameters, own, self.loop._started_in):
            *names, last = [shown(path) for path in earlier]  # every file in the way: moved once, a clean run
            raise GymLoopError(f"train() would overwrite an earlier run's {', '.join(names)}{' and ' * bool(names)}"
                               f"{last}; move {'them' if names else 'it'} away, or give the loop other paths "
                               "(episodes_csv=..., evals_csv=..., checkpoint_dir=..., logdir=...)")
        if state is not None:
            _check_budget(self.parameters, state["run"]["summary"])
            if bool(state["run"].get("eval_env")) != self._evaluates():  # its generators in the checkpoints or not
                raise GymLoopError(_EVAL_ENV_CHANGED[self._evaluates()])
            if failed:
                self._go_back(state, **failed[0])
            self._restore(state)

    def _go_back(self, state: Dict[str, Any], failed_at: int, checkpoint: Optional[Path]) -> None:
        """After a failed train() (:meth:`_after_failure`): the agent loaded from the run's latest checkpoint, or, with
        none, the run started over from the episode the failed call began at (its files rewritten from there)."""
        way_on = _WAY_ON[checkpoint is not None].format(getattr(checkpoint, "name", None),
                                                         state["run"]["summary"]["episodes"])
        if checkpoint is not None:
            logger.warning("train(): this loop's earlier train() failed at episode %d; %s", failed_at, way_on)
            load_agent(self.loop.agent, checkpoint, evaluating=False)
        else:
            logger.warning("train(): this loop's earlier train() failed at episode %d, before any checkpoint; %s "
                           "(set loop.agent to a new agent for a clean start)", failed_at, way_on)
            self._over = True

    def _restore(self, state: Dict[str, Any]) -> None:
        """Continue from a checkpoint's (or an earlier call's) :meth:`state`.

        Raises:
            GymLoopError: The run now has other generators than the checkpoint (a changed env, agent or
                ``episodes_per_eval``).
        """
        run = state["run"]
        self.evaluations = run.get("evaluations")
        old = state["loop"] if isinstance(state["loop"], dict) else {}  # gym-loop 0.3.0's DefaultLoop state
        generators = run.get("generators") or old.get("generators")  # the run seeded them, for every loop
        if generators is not None:
            restore_generator_states(generators, seeded_generators(self.loop, self._spaces))
        else:  # gym-loop 0.3.0 saved them for DefaultLoop only
            logger.warning("the checkpoint holds no states of the random generators the run seeded (gym-loop 0.3.0 "
                           "saved them for DefaultLoop only): %s resumes with them seeded anew, so not exactly as the "
                           "run would have gone on", type(self.loop).__name__)
        if self._learning is not None:
            restore_learned(self._learning, loop_state(run.get("env_statistics")), "the checkpoint")
        self.summary.restore(run["summary"])
        best = run["best_eval_return"]
        self.best_eval_return = float("-inf") if best is None else best
        last = run.get("last_evaluation")  # None: none yet (or an older checkpoint)
        self.last_evaluation = None if last is None else Evaluation(*last)
        with one_line_failure(f"{type(self.loop).__name__}.restore() failed"):
            self.loop.restore(loop_state(state["loop"], state.get(LOOP_ARRAYS)))
        self._evaluated = [Episode(*played, self.summary.global_step) for played in run.get("evaluation", [])]
        self._held = run.get("training_generators") if self._evaluated else None
        self._rest = [Episode(*episode) for episode in run.get("rest", [])]
        self._counted = [Episode(*episode) for episode in run.get("counted", [])] if self._rest else []

    def _train(self) -> Summary:
        summary, parameters = self.summary, self.parameters
        self._warn_never_solved()
        self._warn_unbounded()
        self._steps_warned = self._warn_unreachable_steps()
        if not self._rule_evaluates:
            self._warn_never_evaluates()
        summary.restart_clock()
        # The files the sinks write: evals.csv only if a sink may (each commit's fsync of it, missing, took 33,000
        # instructions).
        names = ("episodes_csv", "evals_csv") if self._writes_evals() else ("episodes_csv",)
        records = [path for name in names if (path := self._where[name]) is not None]
        self.checkpoints = Checkpoints(self._where["checkpoint_dir"], self.calls.save,
                                       parameters.get("keep_checkpoints"), records, self.commit)
        on_episode = [rule.after_episode for rule in self.rules if hasattr(rule, "after_episode")]
        self._until = None  # counts restored since: the rules' quiet_until is asked anew
        with contextlib.ExitStack() as stack:
            stack.callback(self.checkpoints.close)  # last: waits until every checkpoint is on disk
            sinks = [stack.enter_context(_closed(sink)) for sink in self._training_sinks()]
            self.checkpoints.note_records()  # the sinks opened them
            stack.push(lambda kind, error, trace: self._hand_on_failure(sinks, error))
            # Closed after the run's last checkpoint: a failure of the generator's own cleanup is a warning.
            episodes = stack.enter_context(_closed(loop_episodes(
                self.loop, "training_episodes", lambda: f"at episode {summary.episodes}"), warns=True))
            if not self._finish_evaluation(sinks) and not self._ended_at_checkpoint():
                # First the episodes of the group that the checkpoint resumed from fell within (_rest).
                before = self._counted  # those of that group it counted
                for group in itertools.chain([self._rest], episodes):
                    try:
                        if self._counted_at_once(group):
                            self._hand_when_due(sinks)
                        elif self._take(group, sinks, on_episode, before):
                            break
                        before = []
                    except (TypeError, AttributeError, ValueError):  # a malformed group after the first: one line
                        check_group(self.loop, group)
                        raise
                else:  # the loop's generator returned before a rule stopped the run
                    self._ended(sinks)
            self._hand(sinks)
            scores = {FINAL_TAGS[0]: summary.mean_return}
            if self.last_evaluation is not None:
                scores[FINAL_TAGS[1]] = self.last_evaluation.mean_return
            _summarize(sinks, scores, (self.stop or Stop("finished", PLANNED)).status)
        summary.stop_clock()  # the last checkpoint is on disk: its save is part of the training time
        stop = self.stop or Stop("finished", PLANNED)
        summary.status, summary.reason = stop.status, stop.reason  # as run.json has them (train_agent's too)
        if stop.reason != PLANNED:
            summary.stop_reason = stop.reason
        elif not self._steps_warned and (steps := self.parameters.get("max_steps")) is not None and (
                summary.global_step < steps):  # both budgets ran out in the last episode: nothing to say
            logger.warning("loop.parameters.max_steps: %d was not reached (%d env steps): max_episodes (%s) ended the "
                           "run first; set max_episodes: null to train by env steps alone", steps, summary.global_step,
                           summary.planned)
        logger.info("trained: %s", summary.describe())
        return summary

    def evaluate(self, logdir: Optional[Path] = None) -> Summary:
        """Play ``eval_episodes`` episodes without learning, logged to ``logdir`` (default: ``eval_logdir``); the
        running summary is :attr:`evaluation` (what a signal leaves behind)."""
        try:
            with seeded_run(self.loop, training=False):
                return self._evaluate(_absolute(logdir or self.parameters["eval_logdir"]))  # as train()'s files
        except SystemExit as error:  # sys.exit() in the agent's or the env's code: no evaluation, not a success
            raise exited(error, "evaluation", "nothing was evaluated") from error

    def _evaluate(self, logdir: Path) -> Summary:
        self._warn_unbounded(evaluating=True)
        count = self.parameters["eval_episodes"]
        self.evaluation = summary = Summary(count)
        sinks = [TensorBoard(logdir, by_episode=True), *self._extra_sinks]
        if self.progress is not None:
            sinks.append(ProgressSink(self.progress, summary))
        with contextlib.ExitStack() as stack:
            for sink in sinks:
                stack.enter_context(_closed(sink))
            episodes = stack.enter_context(contextlib.closing(loop_episodes(
                self.loop, "evaluation_episodes", lambda: f"at episode {summary.episodes}", periodic=False)))
            for number, episode in zip(range(count), episodes):
                metrics = self._metrics(number)
                summary.add(episode.episode_return, episode.length)
                for sink in sinks:
                    sink.episodes(number, [episode], metrics)
            if summary.episodes < count:
                raise ended_early(self.loop, summary.episodes, count)
        logger.info("evaluated: %s", summary.describe())
        return summary

    def state(self) -> Dict[str, Any]:
        """What a checkpoint holds besides the agent: the run's and the loop's state, plain data."""
        best = None if math.isinf(self.best_eval_return) else self.best_eval_return
        evaluation = [[episode.episode_return, episode.length] for episode in self._evaluated]
        generators = generator_states(seeded_generators(self.loop, self._spaces))
        learned = learned_state(self._learning, self._learners) if self._learners else []
        arrays: Dict[str, Any] = {}  # the loop's large arrays, written as loop.npz beside state.json
        loop = plain_state(self.loop.state(), type(self.loop).__name__, arrays=arrays)
        return {"format": STATE_FORMAT, "run": {"summary": self.summary.state(), "best_eval_return": best,
                                                "evaluations": self.evaluations, "evaluation": evaluation,
                                                "last_evaluation": self.last_evaluation and list(self.last_evaluation),
                                                "generators": generators, "training_generators": self._held,
                                                "eval_env": self._evaluates(),
                                                "rest": [list(episode) for episode in self._rest],
                                                "counted": [list(episode) for episode in self._counted],
                                                **({"env_statistics": plain_state(learned, "env")} if learned else {})},
                "loop": loop, **({LOOP_ARRAYS: arrays} if arrays else {})}

    def _finish_evaluation(self, sinks: List[Sink]) -> bool:
        """Finish the evaluation a signal cut short before the checkpoint resumed from; returns whether to stop.

        The stop a rule gave with the episode before it (``max_episodes`` reached: the evaluation after the last
        episode) takes effect after it, as in a run the signal did not cut."""
        if not self._evaluated:
            return False
        ended = next((stop for rule in self.rules if hasattr(rule, "after_episode")
                      and isinstance(stop := rule.after_episode(self.summary), Stop)), None)
        best, self.stop = self._evaluate_periodically(sinks, ended, can_cut=True)
        if best or self.stop is not None:
            self._checkpoint(sinks, best, self._rest, self._counted)
            self.stop = self.stop or self._asked("after_checkpoint", self.summary)
        return self.stop is not None

    def _ended_at_checkpoint(self) -> bool:
        """Whether the checkpoint resumed from already meets a stop rule of the run (``max_episodes``, ``max_steps``,
        ``reward_threshold``; its last evaluation first, as a run asks): a run killed after the checkpoint that
        ended it, before ``run.json`` said so. It ends there, as it did, with no episode more."""
        summary, last = self.summary, self.last_evaluation
        if not summary.episodes:
            return False
        own = [rule for rule in self.rules if isinstance(rule, (MaxEpisodes, MaxSteps, Solved))]
        judged = last is not None and last.episode == summary.episodes
        asked = [rule.after_evaluation(*last[:3]) for rule in own if judged and isinstance(rule, Solved)]
        stop = next((stop for stop in [*asked, *(rule.after_episode(summary) for rule in own)] if stop), None)
        if stop is not None:
            self.stop = stop
            logger.info("the checkpoint resumed from already ends the run (%s): recording its end", stop.reason)
        return stop is not None

    def _take(self, group: Sequence[Episode], sinks: List[Sink], on_episode: List[Callable],
              before: Sequence[Episode] = ()) -> bool:
        """Count and schedule a group of episodes that ended together (``before``: those of it counted before a
        checkpoint resumed from); returns whether the run stops.

        Evaluations and checkpoints fall on exact episode counts; a stop (other than ``max_episodes``)
        takes effect after the last episode of the group, so every episode that ended is logged.
        The sinks get the episodes counted so far before every evaluation, checkpoint and stop, and
        otherwise once :attr:`batch` of them, or :data:`HAND_SECONDS` worth, are waiting.
        """
        summary, stop, best, decided = self.summary, None, False, 0  # decided: episodes counted when stop came
        first = summary.episodes  # a checkpoint within the group keeps those after it (_rest)
        self._until = None  # the rules' quiet_until is asked again after this group
        for episode in group:
            if not math.isfinite(episode.episode_return):
                overflow = (" (a reward was infinite, or the finite rewards' sum overflowed)"
                            if math.isinf(episode.episode_return) else "")
                raise GymLoopError(f"episode {summary.episodes} ended at env step {episode.global_step} with "
                                   f"return {episode.episode_return}{overflow}; rewards must be finite numbers")
            if not (type(episode.length) is type(episode.global_step) is int or _whole(*episode[1:3])):
                check_group(self.loop, group)  # a float length (17.0), step: named, as in the first group
            if episode.length < 0 or episode.global_step < summary.global_step:
                raise self._miscounted(episode)
            summary.add(episode.episode_return, episode.length)
            summary.global_step = episode.global_step
            self._unhanded.append(episode)
            decisions = [decision for rule in on_episode if (decision := rule(summary)) is not None]
            if not decisions:
                continue
            self._hand(sinks, within=episode is not group[-1])  # the episodes up to this one, before an evaluation
            # or checkpoint (within: more of the group, ended at the same env step, follow it)
            if stop is None:
                decided = summary.episodes
                stop = next((decision for decision in decisions if isinstance(decision, Stop)), None)
            if EVALUATE in decisions:  # also before a stop: a resumed run would never make up for it
                better, judged = self._evaluate_periodically(sinks, stop, can_cut=episode is group[-1])
                best = best or better  # until a checkpoint takes it: a later evaluation of the group may be worse
                if judged is not stop and decided == summary.episodes:  # the first stop decides; one an evaluation
                    stop, decided = judged, math.inf  # gave names its episode: not restated after the group
            if stop is not None and summary.planned is not None and summary.episodes >= summary.planned:
                break
            if stop is None and (best or (CHECKPOINT in decisions and not self._coalesced())):
                self._checkpoint(sinks, best, *_cut(group, summary.episodes - first, before))
                best = False
                if (stop := self._asked("after_checkpoint", summary)) is not None:  # a signal during the save
                    decided = summary.episodes
        if stop is not None:
            self._hand(sinks)
            self.stop = self._restated(stop, on_episode) if summary.episodes > decided else stop
            self._checkpoint(sinks, best, *_cut(group, summary.episodes - first, before))  # (max_episodes: within)
        else:
            self._hand_when_due(sinks)
        return stop is not None

    def _ended(self, sinks: List[Sink]) -> None:
        """The loop's ``training_episodes()`` ended before ``max_episodes``: a checkpoint, and a stop that says so."""
        summary = self.summary
        self._hand(sinks)
        self.stop = Stop("finished", f"{type(self.loop).__name__}.training_episodes() ended after {summary.episodes}"
                                     f"{summary.of_planned() + ' planned' if summary.planned else ''} episodes")
        logger.warning("%s", self.stop.reason)
        if summary.episodes:
            self._checkpoint(sinks, False)

    def _counted_at_once(self, group: Sequence[Episode]) -> bool:
        """Count ``group`` at once if no rule can decide anything within it (else :meth:`_take` does, one
        by one); returns whether it did. VectorLoop at 64 CartPole envs ends ~3 episodes per vector step:
        counting them one by one, each asking every rule, cost ~200 instructions per transition more (of ~8,000).
        """
        if not group:
            return True
        if self._quiet is None:
            return False
        summary, returns, lengths = self.summary, [], []
        global_step = summary.global_step
        # One pass: 6,200 instructions for a group of 3 against 10,300 with zip(*group), sum, min and sorted.
        for episode_return, length, step, _ in group:
            if length < 0 or step < global_step or not (type(length) is type(step) is int or _whole(length, step)):
                return False  # miscounted, or not integers: _take, one by one, names it
            returns.append(episode_return)
            lengths.append(length)
            global_step = step
        if not math.isfinite(sum(returns)):  # counted one by one, the first episode not finite fails the run
            return False
        episodes = summary.episodes + len(group)
        until = self._until or self._quiet_until()
        if episodes >= until[0] or global_step >= until[1]:
            return False
        for quiet in self._quiet:
            if not quiet(summary, episodes, global_step):
                return False
        summary.add_many(returns, lengths)
        summary.global_step = global_step
        self._unhanded.extend(group)
        return True

    def _quiet_until(self) -> Tuple[float, float]:
        """The episode count and env step below which every rule with ``quiet_until`` stays quiet, kept until
        :meth:`_take` counts a group: two comparisons a group instead of a call per rule (MaxEpisodes, MaxSteps,
        CheckpointEvery: ~2,800 instructions a vector step, ~45 a transition at 64 CartPole envs)."""
        episodes, global_step = math.inf, math.inf
        for quiet_until in self._quiet_untils:
            rule_episodes, rule_step = quiet_until(self.summary)
            episodes, global_step = min(episodes, rule_episodes), min(global_step, rule_step)
        self._until = (episodes, global_step)
        return self._until

    def _miscounted(self, episode: Episode) -> GymLoopError:
        """The error for an episode of a negative length, or ending at an env step before the last one's (after a
        resume of a loop without ``state()``, its cause)."""
        name = type(self.loop).__name__
        stateless = self._given_state and getattr(type(self.loop), "state", None) is BaseLoop.state and (
            episode.global_step < self.summary.global_step)
        cause = (f"; {name} does not define state() and restore(), so its counters started over on resume: return "
                 "them from state() and set them back in restore(state) (docs/loops.rst, The loop protocol)")
        return GymLoopError(f"{name}.training_episodes() yielded episode {self.summary.episodes} "
                            f"of length {episode.length} ending at global_step {episode.global_step}, the run at "
                            f"{self.summary.global_step}; a length must be 0 or more and global_step (env steps done) "
                            f"must not go back{cause if stateless else ''}")

    def _restated(self, stop: Stop, on_episode: List[Callable]) -> Stop:
        """``stop`` in the words of the episodes counted now: one decided within a group takes effect after it."""
        return next((again for rule in on_episode if isinstance(again := rule(self.summary), Stop)
                     and again.status == stop.status), stop)

    def _hand_when_due(self, sinks: List[Sink]) -> None:
        """Hand the waiting episodes on once :attr:`batch` of them wait, or the first waited :data:`HAND_SECONDS`."""
        if len(self._unhanded) >= self.batch:
            self._hand(sinks)
        elif self._unhanded:
            now = time.monotonic()
            if self._hand_by == math.inf:
                self._hand_by = now + HAND_SECONDS
            if now >= self._hand_by:
                self._hand(sinks)

    def _hand(self, sinks: List[Sink], metrics: Optional[Dict[str, float]] = None, within: bool = False) -> None:
        """Give the sinks the episodes counted since the last time, with the agent's metrics (asked now); ``within``:
        more of their group follow (:attr:`within_group`)."""
        unhanded = self._unhanded
        if not unhanded:
            return
        last = self.summary.episodes - 1
        metrics = self._metrics(last) if metrics is None else metrics
        self._unhanded, self._hand_by = [], math.inf  # handed on once: a sink failing here fails the run
        self.within_group = within
        for sink in sinks:
            sink.episodes(last + 1 - len(unhanded), unhanded, metrics)

    def _hand_on_failure(self, sinks: List[Sink], error: Optional[BaseException] = None) -> None:
        """However training ended, the sinks get every counted episode (without metrics: the agent may be broken);
        after an ``error``, the sinks whose ``summary`` takes a ``status`` get it, with no scores."""
        with contextlib.suppress(Exception):  # the run's own error, if any, is the one to report
            self._hand(sinks, metrics={})
            if error is not None:
                status = "interrupted" if isinstance(error, KeyboardInterrupt) else "failed"
                _summarize([sink for sink in sinks if _takes_status(sink)], {}, status)

    def _checkpoint(self, sinks: List[Sink], best: bool, rest: Sequence[Episode] = (),
                    counted: Sequence[Episode] = ()) -> None:
        """Save a checkpoint; a rule's ``saving()`` context (``OnSignal``'s grace stands still) is held meanwhile.
        ``rest``: the episodes of the group that the run has not counted yet (:attr:`_rest`); ``counted``: those it
        has (:attr:`_counted`)."""
        self._rest, self._counted = list(rest), list(counted) if rest else []
        with contextlib.ExitStack() as saving:
            for rule_saving in self._saving:
                saving.enter_context(rule_saving())
            for sink in sinks:
                sink.flush()
            self.checkpoints.save(self.summary.episodes, self.state(), best=best)

    def _coalesced(self) -> bool:
        """Whether to skip a due checkpoint because the previous one is still being written.

        Only a checkpoint that retention would delete by the end of the run anyway is skipped:
        ``keep_checkpoints`` more fall due before ``max_episodes``, and no rule can end the run
        before it (``max_steps``, ``reward_threshold``, a given rule such as a pruner: a signal's
        run is resumed). So the last ones (and every one when all are kept) are always written,
        and the latest on disk lags by at most one write.
        """
        every, keep = self.parameters.get("episodes_per_checkpoint"), self.checkpoints.keep
        planned = self.summary.planned
        if not every or keep is None or planned is None or planned - self.summary.episodes < keep * every:
            return False
        certain = (MaxEpisodes, EvaluateEvery, CheckpointEvery, CheckpointByTime, OnSignal)  # end only at max_episodes
        if not all(isinstance(rule, certain) for rule in self.rules):
            return False
        return self.checkpoints.busy()

    def _evaluate_periodically(self, sinks: List[Sink], stop: Optional[Stop],
                               can_cut: bool) -> Tuple[bool, Optional[Stop]]:
        """Play ``eval_episodes`` without learning and hand the result to the sinks and rules.

        If ``can_cut`` (no episode of the group is left to count), a rule's ``during_evaluation`` may
        cut it short after any of its episodes: those played are kept for the checkpoint, and the
        resumed run plays the rest (:meth:`_finish_evaluation`), as the run would have.

        Returns:
            Whether it is the best evaluation so far, and the first rule's stop, or else ``stop``.
        """
        done, count, played = self.summary, self.parameters["eval_episodes"], self._evaluated
        at = lambda: f"in the evaluation after {done.episodes} episodes"  # noqa: E731 (asked only on a failure)
        if len(played) > count:  # eval_episodes lowered on resume: the first of them, as a run with it would play
            logger.warning("the evaluation after %d episodes that a stop cut short had played %d episodes; it counts "
                           "the first %d (eval_episodes is now %d)", done.episodes, len(played), count, count)
            del played[count:]
        if self._held is None:  # not the rest of one a signal cut short, which the checkpoint holds
            self._held = self._own_streams()
        eval_env = getattr(self.loop, "eval_env", None)
        learned = learned_state(self._learning, self._learners) if self._learners and eval_env is not None else []
        if learned and [state["wrapper"] for state in learned] == [type(wrapper).__name__ for wrapper in
                                                                  learning_wrappers(eval_env)]:
            restore_learned(eval_env, learned, "the training env", frozen=True)  # evaluated as trained, as SB3 does
        try:
            with contextlib.closing(loop_episodes(self.loop, "evaluation_episodes", at, periodic=True)) as episodes:
                for episode in itertools.islice(episodes, count - len(played)):
                    played.append(episode)
                    cut = can_cut and len(played) < count and self._asked("during_evaluation", done)
                    if cut:
                        return False, cut
        except (SystemExit, KeyboardInterrupt) as error:  # raised_in placed it in training: place it in this evaluation
            method, where = raiser(error)
            given = f", at episode {getattr(self.loop, 'episodes_done', done.episodes) - 1}, step "
            if where.startswith(given):
                setattr(error, RAISED_IN, (method, f" {at()}, at its episode {len(played)}, step {where[len(given):]}"))
            raise
        except GymLoopError as error:  # the agent's or env's failure, as the loop words it for training
            given = getattr(self.loop, "episodes_done", done.episodes) - 1  # the episode_num act was given
            where = f" at episode {given}, step "
            if at() in str(error) or where not in str(error):  # said already, or not of an episode (no eval_env)
                raise
            raise GymLoopError(f"{at()}, at its episode {len(played)}: {str(error).replace(where, ' at step ')}"
                               ) from error
        if len(played) < count:
            raise ended_early(self.loop, len(played), count)
        self._evaluated = []
        self._give_back()
        returns = [episode.episode_return for episode in played]
        mean = numeric.mean(returns)
        if not math.isfinite(mean):
            raise GymLoopError(f"the evaluation after {done.episodes} episodes (env step {done.global_step}) "
                               f"has mean return {mean}; rewards must be finite numbers")
        std = numeric.std(returns, mean)
        result = Evaluation(done.episodes, done.global_step, mean, std, min(returns), max(returns),
                            math.fsum(episode.length for episode in played) / len(played), len(played))
        for sink in sinks:
            sink.evaluation(result)
        self.last_evaluation = result
        if self.evaluations is not None:
            self.evaluations += 1
        logger.info("evaluation after %d episodes: mean return %s ± %s (min %s, max %s)", done.episodes,
                    *map(numeric.show, (mean, std, result.min_return, result.max_return)))
        best = mean > self.best_eval_return
        self.best_eval_return = max(self.best_eval_return, mean)
        return best, self._asked("after_evaluation", *result[:3]) or stop  # it names the last episode's end better

    def _own_streams(self) -> Dict[str, Any]:
        """Before a periodic evaluation: the states of the generators training draws from, to put back after it
        (:meth:`_give_back`), so that evaluating never changes training. The agent's ``rng`` and its spaces'
        move meanwhile to streams of their own (a jump of ~2**127 draws): the evaluation does not replay
        the draws training makes next.
        """
        generators = list(training_generators(self.loop, self._spaces))
        held = generator_states(generators)
        for generator in generators:  # (a torch.Generator is not moved: it has no jump)
            jumped = getattr(getattr(generator, "bit_generator", None), "jumped", None)  # PCG64's, MT19937's, Philox's
            if jumped is not None:
                generator.bit_generator.state = jumped().state
        return held

    def _give_back(self) -> None:
        """After a periodic evaluation: training's generators as they were before it (:meth:`_own_streams`)."""
        restore_generator_states(self._held, training_generators(self.loop, self._spaces))
        self._held = None

    def _asked(self, hook: str, *args: Any) -> Optional[Stop]:
        """The first stop a rule with ``hook`` returns when asked with ``args``, or None; every rule with ``hook`` is
        asked (one that reports evaluations hears of the one a stop comes with)."""
        answers = [getattr(rule, hook)(*args) for rule in self.rules if hasattr(rule, hook)]  # every rule hears it
        return next((asked for asked in answers if asked is not None), None)

    def _metrics(self, episode: int) -> Dict[str, float]:
        """The agent's metrics as floats; a metric whose value is None is left out.

        Raises:
            GymLoopError: ``metrics`` failed, or returned something other than names and single numbers.
        """
        try:
            metrics = getattr(self.loop, "calls", self.calls).metrics(episode)  # rebound if the agent assigned it
        except (SystemExit, KeyboardInterrupt) as error:  # a failure of the run, told naming where
            raised_in(error, "agent.metrics", f", at episode {episode}")
            raise
        except BaseException as error:  # also GeneratorExit, a library's BaseException (gevent.Timeout)
            raise GymLoopError(f"agent.metrics failed at episode {episode}: {error_text(error)}") from error
        if metrics is None:  # no metrics this episode, as {}
            return {}
        if not isinstance(metrics, dict):
            raise GymLoopError(f"metrics() returned {type(metrics).__name__}; "
                               "it must return a dict of names to numbers")
        numbers = {}
        for name, value in metrics.items():
            if not isinstance(name, str):
                raise GymLoopError(f"metrics() returned the key {name!r}; metric names must be strings")
            if name in RUN_TAGS:  # one set lookup per metric, the empty name included
                raise GymLoopError(f"metrics() returned '{name}', a name the run logs itself; rename it, e.g. "
                                   f"'agent/{name}'" if name else "metrics() returned the empty name ''; "
                                   "give each metric a name")
            if value is None:  # no value yet (a loss before learning starts): none logged this episode
                continue
            try:
                numbers[name] = self._single_number(value)
            except (TypeError, ValueError, OverflowError) as error:
                too_large = " too large for a float" if isinstance(error, OverflowError) else ""  # 10 ** 400
                raise GymLoopError(f"metrics() returned {type(value).__name__}{too_large} for '{name}'; "
                                   "each metric must be a single number") from error
            if not math.isfinite(numbers[name]) and name not in self._warned:
                self._warned.add(name)
                logger.warning("metric '%s' is %s (warned once per metric)", name, numbers[name])
        return numbers

    @staticmethod
    def _single_number(value: Any) -> float:
        """A metric's value as a float: a real number (Python, NumPy scalar) or an array or tensor of one of them.

        Raises:
            TypeError: Anything else: a string (even ``"1.0"``), a collection, several numbers, a complex number.
            OverflowError: An integer too large for a float.
        """
        if isinstance(value, (float, int)):  # most metrics (NumPy's float64 too), without the probes below: _metrics
            # of RandomAgent's one metric, 7,200 instructions instead of 17,400 (docs/performance.rst)
            return float(value)
        size = value.numel() if callable(getattr(value, "numel", None)) else getattr(value, "size", 1)  # torch, NumPy
        if isinstance(size, int) and size != 1:
            raise TypeError(f"{size} values")
        number = value.item() if callable(getattr(value, "item", None)) else value
        if not isinstance(number, Real):  # a bool is 0 or 1
            raise TypeError(type(number).__name__)
        return float(number)

    def _training_sinks(self) -> List[Sink]:
        parameters, summary = self.parameters, self.summary
        first = summary.episodes
        # Batches of many episodes (VectorLoop's) get one TensorBoard point each.
        # Earlier points hidden: from the checkpoint's step on if it fell within a group (_counted: written again)
        purge_step = summary.global_step + (0 if self._counted else 1) if first or self._over else None
        again = (first - len(self._counted), self._counted, [self.last_evaluation] if self.last_evaluation else [])
        where = self._where
        sinks: List[Sink] = [TensorBoard(where["logdir"], purge_step=purge_step, hparams=self._hparams,
                                         point_per_batch=self.batch > 1, step_open=lambda: self.within_group,
                                         again=again if purge_step else (0, (), ()))
                             ] if where["logdir"] else []
        if parameters.get("episodes_csv"):
            sinks.append(EpisodesCsv(where["episodes_csv"], first, lambda: summary.seconds))
        if parameters.get("evals_csv") and self._writes_evals():
            sinks.append(EvalsCsv(where["evals_csv"], first))
        if self.progress is not None:
            sinks.append(ProgressSink(self.progress, summary))
        return sinks + self._extra_sinks

    def _writes_evals(self) -> bool:
        """Whether the run may evaluate periodically, and so write ``evals.csv`` if it is on."""
        return bool(self.parameters.get("episodes_per_eval") or self._evaluates())

    def _evaluates(self) -> bool:
        """Whether a rule may ask for a periodic evaluation: the loop has the env for it."""
        return getattr(self.loop, "eval_env", None) is not None

    def _rules(self) -> List[Any]:
        """The rules the loop's parameters ask for."""
        parameters = self.parameters
        rules: List[Any] = [MaxEpisodes(parameters["max_episodes"])]
        for key, rule in (("max_steps", MaxSteps), ("episodes_per_eval", EvaluateEvery),
                          ("episodes_per_checkpoint", CheckpointEvery), ("time_per_checkpoint", CheckpointByTime)):
            if parameters.get(key):
                rules.append(rule(parameters[key]))
        threshold = parameters.get("reward_threshold")
        target = env_threshold(self.loop.env) if threshold == "env" else threshold
        if target is not None:
            rules.append(Solved(target, by_evaluation=bool(parameters.get("episodes_per_eval"))))
        return rules

    def _warn_never_solved(self) -> None:
        """Warn when ``reward_threshold`` judges training episodes but the run plays fewer than a window of them
        (at training's start: an evaluation, which builds a Run too, never stops early)."""
        parameters = self.parameters
        if (not parameters.get("episodes_per_eval") and (parameters["max_episodes"] or WINDOW) < WINDOW
                and any(isinstance(rule, Solved) for rule in self.rules)):
            logger.warning("loop.parameters.reward_threshold: judged by the mean return of the last %d training "
                           "episodes, but max_episodes is %d, so the run never stops early; set episodes_per_eval "
                           "to judge by periodic evaluations", WINDOW, parameters["max_episodes"])

    def _warn_unbounded(self, evaluating: bool = False) -> None:
        """Warn, as training or an evaluation starts, when neither the env's time limit nor ``max_episode_len`` ends
        an episode: one that never terminates would run forever, silently (a greedy policy walking into a wall).
        ``max_steps`` does not stop it (it is checked as an episode ends), and an evaluation has none."""
        steps, length = self.parameters.get("max_steps"), self.parameters.get("max_episode_len")
        spec = getattr(self.loop.env, "spec", None)
        if length or spec is None or spec.max_episode_steps is not None:
            return
        if evaluating or steps is None:
            why = f"nothing stops {'an evaluation' if evaluating else 'an'} episode that never ends"
        else:
            why = f"max_steps {steps}, checked as each episode ends, stops no episode that never ends"
        logger.warning("loop.parameters.max_episode_len: null, and %s has no time limit, so %s; set max_episode_len to "
                       "bound an episode", spec.id, why)

    def _warn_unreachable_steps(self) -> bool:
        """Warn when ``max_episodes`` surely ends the run before ``max_steps``: its episodes, of at most
        ``max_episode_len`` steps or the env's time limit (plus VectorLoop's sub-envs' episodes in progress), cannot
        add up to it. Returns whether it warned (else a run that misses ``max_steps`` says so at its end)."""
        summary, steps, planned = self.summary, self.parameters.get("max_steps"), self.parameters.get("max_episodes")
        spec = getattr(getattr(self.loop, "env", None), "spec", None)
        longest = shorter_limit(spec, self.parameters.get("max_episode_len")) or getattr(spec, "max_episode_steps", 0)
        if steps is None or planned is None or not longest:
            return False
        most = summary.global_step + (planned - summary.episodes + 2 * (self.batch - 1)) * longest
        if most >= steps:
            return False
        logger.warning("loop.parameters.max_steps: %d cannot be reached: max_episodes (%d) ends the run first, after "
                       "%d env steps at most (episodes of at most %d steps); set max_episodes: null to train by env "
                       "steps alone", steps, planned, most, longest)
        return True

    def _warn_never_evaluates(self) -> None:
        """Warn when ``max_episodes`` or ``max_steps`` ends the run before its first periodic evaluation (a sweep
        refuses such a config: its runs would get no score; a run may still be resumed with a longer budget). A
        resumed run that has evaluated, or resumes in an evaluation, is not warned."""
        every, planned, steps = (self.parameters.get(name) for name in ("episodes_per_eval", "max_episodes",
                                                                        "max_steps"))
        if not every or self.last_evaluation is not None or self._evaluated:
            return
        if planned is not None and planned < every:
            key, budget = "max_episodes", f"max_episodes is {planned}"
        elif steps is not None and steps + self.batch - 1 < every:  # VectorLoop ends the vector step past it
            key, budget = "max_steps", f"max_steps {steps} ends the run before it (an episode takes one step or more)"
        else:
            return
        logger.warning("loop.parameters.episodes_per_eval: the first periodic evaluation is after %d episodes, but "
                       "%s, so the run never evaluates (no evals.csv row, no best checkpoint); lower episodes_per_eval "
                       "or raise %s", every, budget, key)


# What train() does after a failed train() (Run._go_back): {0} the latest checkpoint's name, {1} the episode it is at
_WAY_ON = {True: "the run continues from its latest checkpoint {0}, as --resume does (episodes.csv from episode {1} on "
                 "is rewritten)",
           False: "the run starts over from episode {1} (its files rewritten from there), with the agent as it is now"}


def _whole(length: Any, global_step: Any) -> bool:
    """Whether an episode's length and global_step are integers (NumPy's too; Python's are tested before)."""
    return isinstance(length, Integral) and isinstance(global_step, Integral)


def _takes_status(sink: Sink) -> bool:
    """Whether ``sink.summary`` takes the run's ``status`` (TensorBoardSink's does: its HParams session's)."""
    try:
        return "status" in inspect.signature(sink.summary).parameters
    except (TypeError, ValueError):  # no signature (a builtin)
        return False


def _summarize(sinks: Sequence[Sink], scores: Dict[str, float], status: str) -> None:
    """Hand the run's final ``scores`` to the ``sinks``, and its ``status`` to those that take it."""
    for sink in sinks:
        if _takes_status(sink):
            sink.summary(scores, status=status)
        else:
            sink.summary(scores)


@contextlib.contextmanager
def _closed(thing: Any, warns: bool = False) -> Iterator[Any]:
    """``thing``, closed on leaving the block. A failing ``close()`` is a warning while an exception leaves the block
    (that failure is the run's reason), and with ``warns`` (a cleanup after the run's last checkpoint) always. A sink
    of gym-loop's own (a user's is an :class:`~gym_loop.sinks.own.OwnSink`, which warns itself) that fails to close
    after a failure fails for its reason (a full disk, ``ulimit -f``), which the run's error names: said at debug."""
    try:
        yield thing
    except BaseException:
        _close_warned(thing, logging.DEBUG if of_gym_loop(thing) else logging.WARNING)
        raise
    if warns:
        _close_warned(thing)
    else:
        thing.close()


def _close_warned(thing: Any, level: int = logging.WARNING) -> None:
    try:
        thing.close()
    except Exception as error:
        failed = str(error) if isinstance(error, GymLoopError) else \
            f"{type(thing).__name__}.close() failed: {type(error).__name__}: {error}"
        logger.log(level, "%s; what ran is kept", failed)


def _paths(parameters: Dict[str, Any], base: Optional[str] = None) -> Dict[str, Optional[Path]]:
    """``episodes_csv``, ``evals_csv``, ``logdir`` and ``checkpoint_dir`` as absolute paths (None: not written),
    relative ones taken from ``base`` (the working directory if None)."""
    here = Path(base or os.getcwd())  # a key the loop's parameters lack is null, as run_paths.loop_path takes it
    return {key: None if (path := loop_path(here, {key: parameters.get(key)}, key)) is None else _absolute(path)
            for key in ("episodes_csv", "evals_csv", "logdir", "checkpoint_dir")}


def _absolute(path: Any) -> Path:
    return Path(os.path.abspath(Path(path).expanduser()))


# A continuing train() whose loop got an eval_env since the run began (True), or lost it (False)
_EVAL_ENV_CHANGED = {
    True: "loop.eval_env: a continuing train() cannot add an evaluation env to a run begun without one (its "
          "checkpoints hold no generators for it); set loop.eval_env = None and loop.parameters['episodes_per_eval'] "
          "= None, or build a new loop with other paths for a new run",
    False: "loop.eval_env: a continuing train() cannot drop the evaluation env of a run begun with one (its "
           "checkpoints hold its generators); give it back (loop.eval_env = gymnasium.make(...)), or build a new loop "
           "with other paths for a new run"}


def _earlier_run(parameters: Dict[str, Any], own: Dict[str, Optional[Path]], base: Optional[str]) -> List[Path]:
    """The files of an earlier run in the way: ``episodes_csv`` and ``evals_csv`` with rows, ``checkpoint_dir`` with
    checkpoints, and with any of them ``logdir`` holding event files (a new run's would join its curves); those of
    ``own``, where this loop's earlier calls wrote (a later call continues them), are not."""
    paths = {key: path for key, path in _paths(parameters, base).items() if path is not None and own.get(key) != path}
    found = [paths[key] for key in ("episodes_csv", "evals_csv")
             if key in paths and paths[key].exists() and not _no_rows(paths[key])]
    checkpoints = paths.get("checkpoint_dir")
    if checkpoints and (complete_checkpoints(checkpoints) or any((checkpoints / n).exists() for n in POINTERS)):
        found.append(checkpoints)
    logdir = paths.get("logdir")
    if found and logdir is not None and next(logdir.glob("events.out.tfevents.*"), None) is not None:
        found.append(logdir)
    return found


def _no_rows(path: Path) -> bool:
    """Whether the CSV file ``path`` holds no row but its header: a run that played no episode (it failed at its
    start), whose file a new run writes anew with nothing lost."""
    with contextlib.suppress(OSError), path.open("rb") as file:
        file.readline()
        return not file.read(1)
    return False


def _check_budget(parameters: Dict[str, Any], done: Dict[str, Any]) -> None:
    """Refuse a later train() whose run already played ``max_episodes`` (or ``max_steps``)."""
    for count, name, what in ((done["episodes"], "max_episodes", "episodes"),
                              (done["global_step"], "max_steps", "env steps")):
        if parameters.get(name) is not None and count >= parameters[name]:
            raise GymLoopError(f"train() continues this loop's run, which already played {count} of {name} "
                               f"{parameters[name]} {what}; to train longer, raise it first: "
                               f"loop.parameters['{name}'] = N")


def _check_parameters(loop: Any) -> None:
    """Check ``loop.parameters`` as its constructor did: they may have changed since (the way to train on is
    ``loop.parameters["max_episodes"] = N``)."""
    loop.parameters.update(as_given(loop.parameters, inherited_rules(type(loop))))  # a Path put there, as the
    check_parameters("loop", type(loop), loop.parameters, inherited_defaults(loop, _family(type(loop))))  # constructor


def _check_default_save(agent: Any, parameters: Dict[str, Any]) -> None:
    """Refuse an agent whose default save (BaseAgent's) cannot store an attribute it has now (a lambda, an open file
    set in ``__init__``): its first checkpoint would fail after the episodes before it, all of training with the
    default spec. Walked as a save encodes it, nothing written (a policy's own save is not called); an attribute set
    later is found at the first checkpoint.

    Raises:
        GymLoopError: ``agent.save (the default save) cannot store X as it was built, ...: <what to fix>``.
    """
    from gym_loop.state import CheckpointError, PlainState, check_saveable

    if agent is None or parameters.get("checkpoint_dir", "") is None or getattr(type(agent), "save", None) not in (
            None, PlainState.save):
        return
    try:
        check_saveable(agent)
    except CheckpointError as error:
        raise GymLoopError(f"agent.save (the default save) cannot store {type(agent).__name__} as it was built, so its "
                           f"first checkpoint would fail after the episodes before it: {error}") from error
    except Exception:  # noqa: BLE001 (not yet saveable, e.g. a torch LazyModule before its first forward)
        return  # the first checkpoint says what it is, if it still is


def _check_eval_env(loop: Any, parameters: Dict[str, Any]) -> None:
    """Refuse an ``eval_env`` that is the training env, and ``episodes_per_eval`` for a loop built in Python without
    ``eval_env`` (``build_loop`` sets it, or passes it to a constructor that takes it), before anything is written:
    its ``eval_env`` is None, or it has none and its constructor takes none. One that takes it and keeps it under
    another name gets the attribute ``eval_env`` (the run seeds, saves and freezes that env): the env among its
    attributes that is not the training env; with ``episodes_per_eval``, refused if there is none, or several."""
    eval_env, env = getattr(loop, "eval_env", None), getattr(loop, "env", None)
    if eval_env is not None and getattr(eval_env, "unwrapped", eval_env) is getattr(env, "unwrapped", env):
        raise GymLoopError("eval_env is the training env itself, and evaluating on it would change the training "
                           f"episodes; give a second instance: {type(loop).__name__}(..., "
                           "eval_env=gymnasium.make(...))")
    takes, name = "eval_env" in inspect.signature(type(loop)).parameters, type(loop).__name__
    if takes and not hasattr(loop, "eval_env"):  # kept under another name (build_loop sets the attribute)
        import gymnasium

        training = getattr(env, "unwrapped", env)
        kept = {id(getattr(value, "unwrapped", value)): (key, value)
                for key, value in getattr(loop, "__dict__", {}).items()
                if isinstance(value, gymnasium.Env) and getattr(value, "unwrapped", value) is not training}
        if len(kept) == 1:
            eval_env = loop.eval_env = next(iter(kept.values()))[1]  # the attribute the run seeds, saves and freezes
        elif kept and parameters.get("episodes_per_eval"):  # which one the loop evaluates on: not guessed
            raise GymLoopError(f"episodes_per_eval: {name} keeps several envs besides the training env ("
                               f"{', '.join(key for key, _ in kept.values())}) and which it evaluates on cannot be "
                               f"told; keep that one as self.eval_env in {name}.__init__")
        elif parameters.get("episodes_per_eval"):
            raise GymLoopError(f"episodes_per_eval needs a second env, and {name} keeps none: {name}(..., "
                               "eval_env=gymnasium.make(...)), kept as self.eval_env")
    if parameters.get("episodes_per_eval") and eval_env is None:
        raise GymLoopError(f"episodes_per_eval needs a second env: {name}(..., eval_env=...)" if takes
                           else "episodes_per_eval needs a second env: set loop.eval_env = gymnasium.make(...) before "
                           f"train() (or take eval_env in {name}.__init__)")


def _cut(group: Sequence[Episode], counted: int, before: Sequence[Episode]) -> Tuple[List[Episode], List[Episode]]:
    """A checkpoint's cut of ``group`` after its first ``counted`` episodes: those not counted yet, and those counted
    (``before``, of a group resumed within, first)."""
    return list(group[counted:]), [*before, *group[:counted]]
