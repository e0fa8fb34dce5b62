"""eval under a file size limit names the file it could not write (tester4a #16)."""

import re
import resource
import subprocess

from conftest import GYM_LOOP, make_spec, run_cli, write_spec


def test_eval_names_the_file_that_reached_the_size_limit(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=2, episodes_per_checkpoint=1))
    assert run_cli("-q", "train", "-c", "run.yaml", "--run-dir", "run", cwd=tmp_path).returncode == 0
    result = subprocess.run([GYM_LOOP, "-q", "eval", "--run", "run", "-s", "loop.parameters.eval_episodes=100"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300,  # like ulimit -f 2
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048)))
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.splitlines()
    assert re.fullmatch(r"Error: File too large: run/eval_logs/agent-000002-[0-9-]+/events\.out\.tfevents\.\S+; a file "
                        r"reached the largest size this process may write \(ulimit -f\) or the file system allows: "
                        r"raise that limit or choose another place \(--debug shows the traceback\)", line), line
