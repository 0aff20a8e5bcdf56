"""The shared tier as workers use it: a real redis-server (Debian's `redis-server`, started here on a socket in a
temporary folder, persistence off, killed in `finally`) shares document summaries between two workspaces that
share nothing else; a Redis that is not there costs nothing but the sharing, and is said once."""
import os
import pathlib
import re
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

from conftest import ROOT

REDIS = shutil.which("redis-server")


@pytest.fixture
def redis_url():
    if not REDIS:
        pytest.skip("redis-server is not installed (make deps installs it)")
    folder = pathlib.Path(tempfile.mkdtemp(prefix="orc-redis-"))
    os.chmod(folder, 0o700)
    path = folder / "redis.sock"
    server = subprocess.Popen([REDIS, "--port", "0", "--unixsocket", str(path), "--unixsocketperm", "700",
                               "--save", "", "--appendonly", "no", "--dir", str(folder),
                               "--logfile", str(folder / "redis.log")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:  # waiting for another process to listen: there is nothing of ours to wait on instead
            try:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.connect(str(path))
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.02)
        yield f"unix://{path}"
    finally:
        server.kill()
        server.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


def workspace() -> pathlib.Path:
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-redis-ws-"))
    shutil.copytree(ROOT / "examples/analytics", directory, dirs_exist_ok=True)
    return directory


def run_and_report(orchestrator: str, directory: pathlib.Path, redis: str | None) -> subprocess.CompletedProcess:
    """Runs the example's workflow (it stops at its coverage gate, as in `make demo`), then `budget context`, whose
    last line counts the summary cache's hits and misses."""
    env = {key: value for key, value in os.environ.items() if key != "ORCHESTRATOR_REDIS_URL"}
    if redis is not None:
        env["ORCHESTRATOR_REDIS_URL"] = redis
    started = subprocess.run([orchestrator, "run", "start", "--intake", "intake.yaml"], cwd=directory, env=env,
                             capture_output=True, text=True, timeout=300)
    assert started.returncode in (0, 1), started.stderr[-2000:]
    report = subprocess.run([orchestrator, "budget", "context"], cwd=directory, env=env, capture_output=True,
                            text=True, timeout=120)
    assert report.returncode == 0, report.stderr[-2000:]
    report.stderr = started.stderr + report.stderr
    return report


def cache_counts(report: subprocess.CompletedProcess) -> tuple[int, int]:
    found = re.search(r"summary cache: (\d+) hits, (\d+) misses", report.stdout)
    assert found, report.stdout
    return int(found.group(1)), int(found.group(2))


def test_summaries_outlined_in_one_workspace_are_read_by_another_through_redis(orchestrator, redis_url):
    first, second, alone = workspace(), workspace(), workspace()
    try:
        hits, misses = cache_counts(run_and_report(orchestrator, first, redis_url))
        assert hits == 0 and misses > 0
        # Another workspace (another machine, as far as the cache knows: its own state folder) outlines nothing.
        assert cache_counts(run_and_report(orchestrator, second, redis_url)) == (misses, 0)
        assert len(list((second / ".orchestrator/cache/summaries").glob("*.json"))) == misses
        # Without the variable, each workspace has only its own cache.
        assert cache_counts(run_and_report(orchestrator, alone, None)) == (0, misses)
    finally:
        for directory in (first, second, alone):
            shutil.rmtree(directory, ignore_errors=True)


def test_a_redis_that_is_not_there_costs_the_sharing_only_and_is_said_once(orchestrator, tmp_path):
    directory = workspace()
    try:
        report = run_and_report(orchestrator, directory, f"unix://{tmp_path}/nobody-listens.sock")
        hits, misses = cache_counts(report)
        assert hits == 0 and misses > 0
        said = [line for line in report.stderr.splitlines() if "this machine's own" in line]
        # Once, by the report's process, which looked for 25 summaries; the offline run before it had nothing to
        # share, so it never reached for Redis and said nothing (nothing connects until first use).
        assert len(said) == 1, report.stderr[-2000:]
        assert "nobody-listens.sock" in said[0]
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def test_a_redis_url_it_cannot_read_is_a_usage_error(orchestrator, tmp_path):
    done = subprocess.run([orchestrator, "run", "list"], cwd=tmp_path, capture_output=True, text=True, timeout=30,
                          env={**os.environ, "ORCHESTRATOR_REDIS_URL": "redis://user:hunter2@cache:notaport"})
    assert done.returncode == 2
    assert "ORCHESTRATOR_REDIS_URL" in done.stderr and "expected redis://" in done.stderr
    assert "hunter2" not in done.stderr
