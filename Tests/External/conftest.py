"""Shared fixtures for the tests that drive the real binary with tools we did not write."""
import os
import pathlib
import shutil
import stat
import subprocess
import tempfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under `make test` (ORCHESTRATOR_TESTS_REQUIRE_ALL=1), which installs everything the tests need, a skipped
    test is a failure: nothing is counted as passing because a prerequisite was missing."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("ORCHESTRATOR_TESTS_REQUIRE_ALL") == "1":
        report.outcome = "failed"
        report.longrepr = f"skipped under make test, which must run every test: {report.longrepr}"


@pytest.fixture(scope="session")
def orchestrator() -> str:
    """Path of the orchestrator binary under test (built by `make test-external`)."""
    path = os.environ.get("ORCHESTRATOR_BIN", str(ROOT / ".build/debug/orchestrator"))
    assert os.access(path, os.X_OK), f"orchestrator binary not found at {path}; run `swift build` first"
    return path


def run(binary: str, *args: str, cwd: pathlib.Path = ROOT, timeout: float = 30) -> subprocess.CompletedProcess:
    """Runs the binary; the timeout only guards against a hang, it is not a speed assertion."""
    return subprocess.run([binary, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def write_ci_coverage(workspace: pathlib.Path) -> None:
    """A coverage report as a CI job would leave it: the starter policy's coverage gate reads it when the
    model under test (a scripted one, which measures nothing) does not write one."""
    report = workspace / "coverage/lcov.info"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("TN:\nSF:src/app.py\nDA:1,1\nDA:2,1\nLF:2\nLH:2\nend_of_record\n")


@pytest.fixture
def example():
    """A scratch copy of the analytics example (examples/analytics), as `make demo` makes one."""
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-example-"))
    shutil.copytree(ROOT / "examples/analytics", directory, dirs_exist_ok=True)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


WAIVER = """  waivers:
    - gate: coverage.min
      reason: Legacy invoice export, covered by Acme QA until its rewrite.
      approver: lead@acme-corp.example
      expires: "{expires}"
"""


def set_waiver(workspace: pathlib.Path, expires: str) -> None:
    """Acme's coverage waiver in the example's client policy, as `make demo` adds it, replacing any earlier one."""
    policy = workspace / "governance/acme-corp.yaml"
    text = policy.read_text()
    text = text.split("  waivers:\n")[0]
    policy.write_text(text + WAIVER.format(expires=expires))


FAKE_CLAUDE = """#!/bin/sh
# Says it runs by writing its pid into the test's FIFO (opening it blocks until the test reads), then waits to be
# stopped, as a model call that takes long does: the run holds the workspace and is inside no store transaction.
echo $$ > "$ORCHESTRATOR_TEST_SYNC_FIFO"
exec sleep 300
"""


def held_claude(folder: pathlib.Path) -> dict:
    """A fake `claude` in `folder` that holds its run inside a model call (see FAKE_CLAUDE), and the environment that
    makes runs use it: `ORCHESTRATOR_TEST_SYNC_FIFO` names the FIFO the test reads the model process's pid from."""
    fifo = folder / "sync.fifo"
    os.mkfifo(fifo)
    fake = folder / "claude"
    fake.write_text(FAKE_CLAUDE)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return dict(os.environ, ORCHESTRATOR_CLAUDE_EXECUTABLE=str(fake), ORCHESTRATOR_TEST_SYNC_FIFO=str(fifo))
