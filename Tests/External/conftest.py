"""Shared fixtures for the tests that drive the real binary with tools we did not write."""
import os
import pathlib
import subprocess

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
