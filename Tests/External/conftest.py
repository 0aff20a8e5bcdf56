"""Shared fixtures for the tests that drive the real binary with tools we did not write."""
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def orchestrator() -> str:
    """Path of the orchestrator binary under test (built by `make test-external`)."""
    path = os.environ.get("ORCHESTRATOR_BIN", str(ROOT / ".build/debug/orchestrator"))
    assert os.access(path, os.X_OK), f"orchestrator binary not found at {path}; run `swift build` first"
    return path


def run(binary: str, *args: str, cwd: pathlib.Path = ROOT, timeout: float = 30) -> subprocess.CompletedProcess:
    """Runs the binary; the timeout only guards against a hang, it is not a speed assertion."""
    return subprocess.run([binary, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
