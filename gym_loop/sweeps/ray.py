"""The Ray backend: each run is a Ray core task wrapping the same ``gym-loop train`` process as the local backend.

Ray adds placement across machines, not a second way of training. Ctrl-C and SIGTERM (SIGHUP as SIGTERM) reach
the runs through a stop file in the shared sweep folder, which every task watches (it works on every node
and does not depend on how Ray interrupts a task). Without ``--address`` a Ray is
started on this machine and shut down at the end; with it, gym-loop joins that cluster and leaves it
running (it never runs ``ray stop``). Every node must see the sweep folder at the same path.
"""

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any, Iterator, List, Optional, Tuple

from gym_loop.errors import GymLoopError, Terminated, install_extra, same_stop, terminate
from gym_loop.files import write_atomically
from gym_loop.sweeps.launch import NOT_STARTED, Job

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.2
TERM_SIGNALS = (signal.SIGTERM, signal.SIGHUP)  # a closed terminal stops a command as SIGTERM does (cli.main)
STOP_SIGNALS = (signal.SIGINT, *TERM_SIGNALS)
STOP_FILE = ".stop"  # in the sweep folder: "<signal number> <count>" while the driver stops the runs
BEGUN_DIR = ".begun"  # in the sweep folder: an empty file per task that has begun (queued ones have not)
CONNECT_SECONDS = 5  # to reach a cluster's address; ray.init itself retries for minutes, printing its C++ logs


class NeedsRay(GymLoopError):
    """Ray is not installed (exit code 2)."""

    exit_code = 2


class StorageNotShared(GymLoopError):
    """A Ray node cannot see the sweep folder (exit code 2)."""

    exit_code = 2


class RayUnreachable(GymLoopError):
    """No Ray cluster answers at the address given (exit code 2)."""

    exit_code = 2


def require_ray() -> Any:
    """The ``ray`` module.

    Raises:
        NeedsRay: It is not installed; the message says how to install it.
    """
    try:
        import ray
    except ImportError:
        raise NeedsRay(f"gym-loop sweep --backend ray needs Ray: {install_extra('ray')}") from None
    return ray


def check_reachable(address: str, seconds: float = CONNECT_SECONDS) -> None:
    """Raise unless a TCP connection to the Ray cluster at ``address`` opens within ``seconds``.

    ``ray.init`` has no connection timeout: given an address nobody listens at, it retries for
    minutes and prints Ray's own multi-line logs. The address is resolved as Ray resolves it
    (``auto``: the cluster ``ray start`` recorded on this machine; ``localhost``: this node's address);
    a ``ray://`` (Ray Client) address is tried as given.

    Raises:
        RayUnreachable: The address is not one Ray takes, nothing answers there in time, or the cluster refuses
            this machine's token (none, or another than the head's).
    """
    try:
        if address.startswith("ray://"):  # a Ray Client server: it answers gRPC of its own
            host, _, port = address[len("ray://"):].rpartition(":")
            socket.create_connection((host, int(port)), timeout=seconds).close()
        else:
            from ray._private.services import canonicalize_bootstrap_address

            _ask_for_cluster_id(canonicalize_bootstrap_address(address) or address, seconds)
    except PermissionError as refused:  # else ray.init would retry for ~20 s, then fail
        raise RayUnreachable(f"the Ray cluster at {address} refused this machine's token ({refused}); give it the "
                             "head's: RAY_AUTH_MODE=token RAY_AUTH_TOKEN=<the head's ~/.ray/auth_token>") from None
    except (OSError, ValueError) as error:  # ConnectionError (no recorded cluster) is an OSError
        why = str(error).splitlines()[0].rstrip(". ") if str(error) else type(error).__name__
        raise RayUnreachable(f"cannot reach a Ray cluster at {address}: {why}; start one with ray start --head, "
                             "or check --address") from None


def _ask_for_cluster_id(address: str, seconds: float) -> None:
    """Ask the Ray GCS at ``host:port`` for its cluster id over gRPC, as ``ray.init`` does first, with a deadline.

    Raises:
        ConnectionError: No answer within ``seconds``, or an answer that is not a Ray GCS's.
        PermissionError: The GCS refuses the token ``ray.init`` would give: ``none``, or ``another than the head's``.
    """
    import grpc
    from ray.core.generated import gcs_service_pb2, gcs_service_pb2_grpc

    token = _token_metadata()
    with grpc.insecure_channel(address) as channel:
        try:
            gcs_service_pb2_grpc.NodeInfoGcsServiceStub(channel).GetClusterId(
                gcs_service_pb2.GetClusterIdRequest(), timeout=seconds, metadata=token or ())
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.UNAUTHENTICATED:
                if token is None:  # what ray.init would give is unknown: let it try
                    return
                raise PermissionError("another than the head's" if token else "none") from None
            if error.code() == grpc.StatusCode.DEADLINE_EXCEEDED:
                raise ConnectionError(f"no answer within {seconds:g} s") from None
            if error.code() == grpc.StatusCode.UNAVAILABLE:  # refused, no route, unknown host
                raise ConnectionError(error.details().rsplit(": ", 1)[-1].rstrip("]")) from None
            raise ConnectionError(f"not a Ray cluster's address ({error.code().name.lower()})") from None


def _token_metadata() -> Optional[Tuple[Tuple[str, str], ...]]:
    """The gRPC metadata with which ``ray.init`` authenticates: empty unless RAY_AUTH_MODE is token and this machine
    has a token; None when this Ray cannot tell (its private modules, those of Ray 2.60, are not where they were)."""
    try:
        from ray._private.authentication import authentication_utils
        from ray._private.authentication.grpc_authentication_client_interceptor import (
            _get_authentication_metadata_tuple)
    except ImportError:
        return None
    if not authentication_utils.is_token_auth_enabled():
        return ()
    try:
        return _get_authentication_metadata_tuple()
    except Exception:  # Ray's AuthenticationError: token mode, but no token on this machine
        return ()


def init_ray(ray: Any, address: Optional[str], **options: Any) -> None:
    """``ray.init(address, **options)``, shut down again if Ctrl-C, SIGTERM or SIGHUP comes while it starts; Ray's
    own warnings (its "ray" logger) are written as gym-loop's lines (``WARNING: ...``).

    A first signal is held until ``ray.init`` returns (a local Ray takes a few seconds to start, and
    stopping it half-way leaves its processes running); then the Ray is shut down and the signal raised.
    A second signal is raised at once. An ignored signal (``nohup``) stays ignored. The signal handlers are as
    before on return.

    Raises:
        KeyboardInterrupt: Ctrl-C came (:class:`Terminated` for SIGTERM or SIGHUP); no Ray is left initialized.
    """
    received: List[Tuple[int, float]] = []  # the first signal and its time.monotonic()

    def hold(number: int, frame: Any) -> None:
        if received and not same_stop(*received[0], number):  # a second one, not a repeat of the same stop
            raise _stop(number)
        received[:] = received or [(number, time.monotonic())]

    handlers = {number: signal.signal(number, hold) for number in STOP_SIGNALS
                if signal.getsignal(number) != signal.SIG_IGN}
    try:
        ray.init(address=address, logging_level=logging.WARNING, logging_format="%(levelname)s: %(message)s",
                 **options)
        if received:
            raise _stop(received[0][0])
    except BaseException as error:
        if ray.is_initialized():
            ray.shutdown()
        if isinstance(error, SystemExit) and error.code == signal.SIGTERM:  # ray.init's own SIGTERM handler
            raise Terminated() from None
        raise
    finally:
        for number, handler in handlers.items():  # Ray replaces SIGTERM's; the stop signals are the caller's
            signal.signal(number, handler)


def _stop(number: int) -> KeyboardInterrupt:
    """What signal ``number`` raises: :class:`Terminated` for SIGTERM and SIGHUP, KeyboardInterrupt for Ctrl-C."""
    return Terminated() if number in TERM_SIGNALS else KeyboardInterrupt()


def run_job(job: Job, stop_file: str, begun: Optional[str] = None) -> int:
    """Run ``job`` as a ``gym-loop`` process on this node and return its exit code (runs inside a Ray task).

    The driver asks runs to stop by writing ``stop_file`` (on the shared sweep folder) with a signal
    number and a count; each new count is passed on to the run as that signal: the first makes the
    run save a checkpoint and stop, a second stops it at once. A task that begins after a stop (it was queued
    in Ray) starts nothing and returns :data:`NOT_STARTED`. ``begun``: a file made first, telling the driver the
    task began (:meth:`RayBackend.begun`); a task the driver has not seen begin is cancelled at a stop, and then
    reads the stop.
    """
    from gym_loop.sweeps.launch import gym_loop_command, run_environment, start_process

    if begun:
        Path(begun).touch()
    if stop_requested(stop_file) is not None:
        return NOT_STARTED
    with stop_signals_unblocked():
        process = start_process(gym_loop_command(), job, run_environment())
    return watch(process, stop_file)


@contextlib.contextmanager
def stop_signals_unblocked() -> Iterator[None]:
    """Unblock the stop signals while a process starts in a Ray task: a Ray worker blocks SIGINT in the thread
    running the task, and a child inherits the mask, so the stop passed on would not reach it."""
    blocked = signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def watch(process: subprocess.Popen, stop_file: str) -> int:
    """Wait for ``process`` (started in a session of its own), passing on each stop request the driver writes in
    ``stop_file`` (see :meth:`RayBackend.signal`) as its signal, one already there too; its exit code."""
    from gym_loop.sweeps.launch import send

    seen = None
    while process.poll() is None:
        time.sleep(POLL_SECONDS)
        request = _read_text(stop_file)
        if request and request != seen:
            seen = request
            send(process, int(request.split()[0]))
    return process.returncode


def stop_requested(stop_file: str) -> Optional[int]:
    """The signal the driver asked the runs to stop with (the first of its stop file), or None."""
    request = _read_text(stop_file)
    return int(request.split()[0]) if request else None


def _read_text(path: str) -> Optional[str]:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return None


class RayBackend:
    """Runs jobs as Ray tasks, one CPU each.

    Args:
        address: The cluster to join; None starts a Ray on this machine (and shuts it down in :meth:`close`), whatever
            ``RAY_ADDRESS`` says.
        sweep_path: The sweep (or tune) folder, checked to be visible from every node; it holds the stop file.
        log_to_driver: Whether the tasks' output reaches this terminal.
        kind: What the folder is, and the option that places it: for the message of a node that cannot see it.

    Raises:
        NeedsRay: Ray is not installed.
        StorageNotShared: A node cannot read the sweep folder.
    """

    name = "ray"

    def __init__(self, address: Optional[str], sweep_path: Path, log_to_driver: bool = False,
                 kind: Tuple[str, str] = ("sweep", "--sweeps-dir")):
        self.ray = require_ray()
        self.own_ray = address is None
        self.stop_file = Path(sweep_path).resolve() / STOP_FILE
        self.kind = kind
        logger.info("starting a Ray on this machine" if self.own_ray else f"joining the Ray at {address}")
        init_ray(self.ray, "local" if self.own_ray else address, include_dashboard=False, log_to_driver=log_to_driver)
        try:
            self.terminated = False
            for number in TERM_SIGNALS:  # SIGHUP as SIGTERM (cli.main), unless ignored (nohup)
                if number == signal.SIGTERM or signal.getsignal(number) != signal.SIG_IGN:
                    signal.signal(number, self._on_sigterm)
            self.remote = self.ray.remote(num_cpus=1, max_retries=0)(run_job)
            self.stops = 0
            self._check_storage(Path(sweep_path).resolve())
            self.stop_file.unlink(missing_ok=True)
            self.begun_dir, self.markers = self.stop_file.with_name(BEGUN_DIR), {}  # handle -> its task's file
            shutil.rmtree(self.begun_dir, ignore_errors=True)
            self.begun_dir.mkdir()
        except BaseException:
            self.close()
            raise

    def default_jobs(self) -> int:
        """The cluster's CPUs."""
        return max(1, int(self.ray.cluster_resources().get("CPU", 1)))

    def start(self, job: Job) -> Any:
        """Submit ``job``'s task; it may wait in Ray's queue for a CPU (see :meth:`begun`)."""
        return self.submit(self.remote, job, str(self.stop_file))

    def submit(self, remote: Any, *args: Any) -> Any:
        """Submit a task of the remote function ``remote`` with ``args`` and, last, the file it makes when it begins
        (see :meth:`begun`): at a stop, :meth:`signal` cancels it if it has not."""
        marker = uuid.uuid4().hex
        handle = remote.remote(*args, str(self.begun_dir / marker))
        self.markers[handle] = marker
        return handle

    def begun(self, handles: List[Any]) -> List[Any]:
        """Those of ``handles`` (of :meth:`start`) whose task has begun: not queued in Ray."""
        try:
            begun = set(os.listdir(self.begun_dir))
        except OSError:
            begun = set()
        return [handle for handle in handles if self.markers.get(handle) in begun]

    def wait(self, handles: List[Any], timeout: float) -> List[Tuple[Any, Optional[int]]]:
        """The tasks that ended within ``timeout`` seconds, with their exit codes (None: the task itself failed)."""
        try:
            ready, _ = self.ray.wait(handles, num_returns=1, timeout=timeout)
        except KeyboardInterrupt:  # Ray turns any exception of a signal handler into a plain KeyboardInterrupt
            if self.terminated:
                raise Terminated() from None
            raise
        ended = []
        for handle in ready:
            self.markers.pop(handle, None)
            try:
                ended.append((handle, self.ray.get(handle)))
            except self.ray.exceptions.TaskCancelledError:  # queued when the driver stopped (signal)
                ended.append((handle, NOT_STARTED))
            except Exception as error:  # the task died with its worker or its node: that run only
                logger.warning("a Ray task ended without an exit code: %s", str(error).splitlines()[0])
                ended.append((handle, None))
        return ended

    def signal(self, handles: List[Any], number: int) -> None:
        """Ask every running task to pass signal ``number`` on to its run (through the stop file); cancel those of
        ``handles`` that have not begun (a task that begins after the stop starts nothing anyway)."""
        self.stops += 1
        write_atomically(self.stop_file, f"{number} {self.stops}")
        begun = set(self.begun(handles))  # after the stop file: a task not seen here reads it (run_job)
        for handle in handles:
            if handle in self.markers and handle not in begun:
                self.ray.cancel(handle)

    def _on_sigterm(self, number: int, frame: Any) -> None:
        self.terminated = True
        terminate(number, frame)  # (not again for the same stop: errors.same_stop)

    def close(self) -> None:
        """Shut down the Ray this backend started; a joined cluster is left as it was."""
        self.stop_file.unlink(missing_ok=True)
        if hasattr(self, "begun_dir"):
            shutil.rmtree(self.begun_dir, ignore_errors=True)
        if self.own_ray and self.ray.is_initialized():
            self.ray.shutdown()

    def _check_storage(self, sweep_path: Path) -> None:
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        sweep_path.mkdir(parents=True, exist_ok=True)
        probe = sweep_path / f".ray-probe-{uuid.uuid4().hex}"
        token = uuid.uuid4().hex
        probe.write_text(token, encoding="utf-8")
        try:
            read = self.ray.remote(num_cpus=0, max_retries=0)(_read_text)
            nodes = [node for node in self.ray.nodes() if node.get("Alive")]
            answers = self.ray.get([
                read.options(scheduling_strategy=NodeAffinitySchedulingStrategy(node["NodeID"], soft=False))
                .remote(str(probe)) for node in nodes])
        finally:
            probe.unlink()
        blind = [node.get("NodeManagerAddress", node["NodeID"]) for node, answer in zip(nodes, answers)
                 if answer != token]
        if blind:
            raise StorageNotShared(f"Ray node(s) {', '.join(blind)} cannot see {sweep_path}: put the {self.kind[0]} "
                                   f"folder on storage every node mounts at the same path ({self.kind[1]})")
