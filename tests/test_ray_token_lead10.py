"""The Ray address check before a sweep or tune joins a cluster that protects itself with token authentication."""
from concurrent import futures

import pytest

grpc = pytest.importorskip("grpc")
pytest.importorskip("ray")

from ray.core.generated import gcs_service_pb2, gcs_service_pb2_grpc  # noqa: E402

from gym_loop.sweeps import ray as ray_backend  # noqa: E402

HEADS = (("authorization", "Bearer head-token"),)


class TokenGcs(gcs_service_pb2_grpc.NodeInfoGcsServiceServicer):
    """Answers GetClusterId as a Ray GCS with token authentication does: only to the head's token."""

    def GetClusterId(self, request, context):
        if ("authorization", "Bearer head-token") not in tuple(context.invocation_metadata()):
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "InvalidAuthToken: Authentication token is missing")
        return gcs_service_pb2.GetClusterIdReply()


@pytest.fixture
def head():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=1))
    gcs_service_pb2_grpc.add_NodeInfoGcsServiceServicer_to_server(TokenGcs(), server)
    port = server.add_insecure_port("0.0.0.0:0")
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(None)


@pytest.mark.parametrize("token, given", [((), "none"), ((("authorization", "Bearer mine"),), "another than the head's")])
def test_a_cluster_that_refuses_this_machines_token_is_named_at_once_with_the_fix(head, monkeypatch, token, given):
    monkeypatch.setattr(ray_backend, "_token_metadata", lambda: token)
    with pytest.raises(ray_backend.RayUnreachable) as refused:
        ray_backend.check_reachable(head)
    assert str(refused.value) == (f"the Ray cluster at {head} refused this machine's token ({given}); give it the "
                                  "head's: RAY_AUTH_MODE=token RAY_AUTH_TOKEN=<the head's ~/.ray/auth_token>")


def test_the_heads_token_passes_the_check(head, monkeypatch):
    monkeypatch.setattr(ray_backend, "_token_metadata", lambda: HEADS)
    ray_backend.check_reachable(head)


def _token_metadata_in_a_process(tmp_path, **environ):
    """``_token_metadata()`` in a new Python (Ray reads the token once a process), with HOME empty (no
    ~/.ray/auth_token) and ``environ`` set."""
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if not key.startswith("RAY_AUTH")}
    code = "from gym_loop.sweeps.ray import _token_metadata; print(_token_metadata())"
    done = subprocess.run([sys.executable, "-c", code], env={**env, "HOME": str(tmp_path), **environ},
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_token_is_the_one_ray_init_sends(tmp_path):  # fails the day Ray moves what it reads from
    assert _token_metadata_in_a_process(tmp_path, RAY_AUTH_MODE="token", RAY_AUTH_TOKEN="abc") == \
        "(('authorization', 'Bearer abc'),)"
    assert _token_metadata_in_a_process(tmp_path, RAY_AUTH_TOKEN="abc") == "()"  # ray.init sends none either
    assert _token_metadata_in_a_process(tmp_path, RAY_AUTH_MODE="token") == "()"  # no token here: no traceback


def test_a_ray_that_cannot_tell_its_token_is_let_through(head, monkeypatch):
    monkeypatch.setattr(ray_backend, "_token_metadata", lambda: None)
    ray_backend.check_reachable(head)  # ray.init decides, as before the check knew of tokens
