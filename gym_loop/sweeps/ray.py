"""The Ray backend: each run is a Ray core task wrapping the same ``gym-loop train`` process as the local backend.

Ray adds placement across machines, not a second way of training. Without ``--address`` a Ray is
started on this machine and shut down at the end; with it, gym-loop joins that cluster and leaves it
running (it never runs ``ray stop``). Every node must see the sweep folder at the same path.
"""

import logging
import signal
import time
import uuid
from pathlib import Path
from typing import Any, List, Optional, Tuple

from gym_loop.errors import GymLoopError
from gym_loop.sweeps.launch import Job

logger = logging.getLogger(__name__)

INSTALL_HINT = "gym-loop sweep --backend ray needs Ray: pip install 'gym-loop[ray]'"
POLL_SECONDS = 0.1


class NeedsRay(GymLoopError):
    """Ray is not installed (exit code 2)."""

    exit_code = 2


class StorageNotShared(GymLoopError):
    """A Ray node cannot see the sweep folder (exit code 2)."""

    exit_code = 2


def require_ray() -> Any:
    """The ``ray`` module.

    Raises:
        NeedsRay: It is not installed; the message says how to install it.
    """
    try:
        import ray
    except ImportError:
        raise NeedsRay(INSTALL_HINT) from None
    return ray


def run_job(job: Job) -> int:
    """Run ``job`` as a ``gym-loop`` process on this node and return its exit code (runs inside a Ray task).

    A cancel from the driver (a ``KeyboardInterrupt`` here) is passed to the run as SIGINT: the run
    saves a checkpoint and stops, and this task waits for it.
    """
    from gym_loop.sweeps.launch import gym_loop_command, run_environment, start_process

    process = start_process(gym_loop_command(), job, run_environment())
    while True:
        try:
            while process.poll() is None:
                time.sleep(POLL_SECONDS)
            return process.returncode
        except KeyboardInterrupt:
            process.send_signal(signal.SIGINT)


def _read_token(path: str) -> Optional[str]:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return None


class RayBackend:
    """Runs jobs as Ray tasks, one CPU each.

    Args:
        address: The cluster to join; None starts a Ray on this machine (and shuts it down in :meth:`close`).
        sweep_path: The sweep folder, checked to be visible from every node.

    Raises:
        NeedsRay: Ray is not installed.
        StorageNotShared: A node cannot read the sweep folder.
    """

    name = "ray"

    def __init__(self, address: Optional[str], sweep_path: Path):
        self.ray = require_ray()
        handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
        self.started = address is None
        logger.info("starting a Ray on this machine" if self.started else "joining the Ray at %s", address)
        self.ray.init(address="local" if self.started else address, include_dashboard=False,
                      log_to_driver=False, configure_logging=False)
        for number, handler in handlers.items():  # Ray replaces them; Ctrl-C and SIGTERM are the driver's to pass on
            signal.signal(number, handler)
        self.remote = self.ray.remote(num_cpus=1, max_retries=0)(run_job)
        self._check_storage(Path(sweep_path).resolve())

    def default_jobs(self) -> int:
        """The cluster's CPUs."""
        return max(1, int(self.ray.cluster_resources().get("CPU", 1)))

    def start(self, job: Job) -> Any:
        return self.remote.remote(job)

    def wait(self, handles: List[Any], timeout: float) -> List[Tuple[Any, Optional[int]]]:
        """The tasks that ended within ``timeout`` seconds, with their exit codes (None: the task itself failed)."""
        ready, _ = self.ray.wait(handles, num_returns=1, timeout=timeout)
        ended = []
        for handle in ready:
            try:
                ended.append((handle, self.ray.get(handle)))
            except Exception as error:  # the task died with its worker or its node: that run only
                logger.warning("a Ray task ended without an exit code: %s", str(error).splitlines()[0])
                ended.append((handle, None))
        return ended

    def signal(self, handles: List[Any], number: int) -> None:
        """Cancel the tasks; each passes SIGINT to its run and waits for it to checkpoint and stop."""
        for handle in handles:
            self.ray.cancel(handle, force=False)

    def close(self) -> None:
        """Shut down the Ray this backend started; a joined cluster is left as it was."""
        if self.started and self.ray.is_initialized():
            self.ray.shutdown()

    def _check_storage(self, sweep_path: Path) -> None:
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        sweep_path.mkdir(parents=True, exist_ok=True)
        probe = sweep_path / f".ray-probe-{uuid.uuid4().hex}"
        token = uuid.uuid4().hex
        probe.write_text(token, encoding="utf-8")
        try:
            read = self.ray.remote(num_cpus=0, max_retries=0)(_read_token)
            nodes = [node for node in self.ray.nodes() if node.get("Alive")]
            answers = self.ray.get([
                read.options(scheduling_strategy=NodeAffinitySchedulingStrategy(node["NodeID"], soft=False))
                .remote(str(probe)) for node in nodes])
        finally:
            probe.unlink()
        blind = [node.get("NodeManagerAddress", node["NodeID"]) for node, answer in zip(nodes, answers)
                 if answer != token]
        if blind:
            raise StorageNotShared(f"Ray node(s) {', '.join(blind)} cannot see {sweep_path}: put the sweep folder "
                                   f"on storage every node mounts at the same path (--sweeps-dir)")
