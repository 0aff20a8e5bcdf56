"""Reliability from outside (issue 20): prune beside a run, one writer per workspace, rollback with a read-only store
and killed halfway, and a read-only workspace. Kills at every rename are in test_kill_points.py, signed audit heads in
test_audit_heads.py; both use the helpers here.

The oracles are independent of the engine: trees are read with os.walk, snapshot manifests parsed from the object
store's own files, the store read and edited with Python's sqlite3, audit hashes recomputed with Python's json and
hashlib, and read-only mounts made with bubblewrap (chmod does not stop root; a read-only bind mount does). Kill
points come from the engine's documented test hooks (ORCHESTRATOR_TEST_KILL_BEFORE_RENAME, ..._AFTER_COMMIT) or from
a seeded random delay, never from sleeping to synchronise.
"""
import json
import os
import pathlib
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import tempfile

import pytest

from conftest import held_claude, run
from test_socket import Peer, Server

TEMPORARY = re.compile(r"(^|/)\.orchestrator-(restore|write)-")


@pytest.fixture
def workspace(orchestrator):
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-rel-"))
    assert run(orchestrator, "init", cwd=directory).returncode == 0
    yield directory
    unmount_under(directory)
    shutil.rmtree(directory, ignore_errors=True)


def unmount_under(path: pathlib.Path) -> None:
    """A killed run leaves its working copies mounted until its next attempt (ADR 0011); a test that ends there
    unmounts them, deepest first, so no fuse-overlayfs daemon outlives it."""
    root = str(path)
    with open("/proc/self/mountinfo", encoding="utf-8") as mounts:
        points = [re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), line.split(" ")[4]) for line in mounts]
    for point in sorted((p for p in points if p == root or p.startswith(root + "/")), key=len, reverse=True):
        subprocess.run(["fusermount3", "-u", "-z", point], capture_output=True, check=False)


def without_working_copies(folder, names):
    """For copying a killed run's workspace: its working copies may still be mounted, and their layers hold
    overlay whiteouts (character devices) a copy cannot read; the store questions never look at them."""
    return ["work"] if pathlib.Path(folder).name == ".orchestrator" else []


def cli(orchestrator, workspace, *args, env=None, timeout=120, prefix=()):
    return subprocess.run([*prefix, orchestrator, *args, "--workspace", str(workspace)], cwd=workspace, env=env,
                          capture_output=True, text=True, timeout=timeout)


def tree(root: pathlib.Path) -> dict:
    """path → (mode bits, bytes) of every file outside .orchestrator/."""
    files = {}
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if not (directory == str(root) and d == ".orchestrator")]
        for name in names:
            path = pathlib.Path(directory, name)
            files[str(path.relative_to(root))] = (stat.S_IMODE(path.lstat().st_mode), path.read_bytes())
    return files


def copy_tree(source: dict, destination: pathlib.Path) -> None:
    for name, (mode, body) in source.items():
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        (destination / name).write_bytes(body)
        os.chmod(destination / name, mode)


def store(workspace) -> sqlite3.Connection:
    return sqlite3.connect(workspace / ".orchestrator/state.db")


def object_path(workspace, digest: str) -> pathlib.Path:
    return workspace / ".orchestrator/objects" / digest[:2] / digest[2:]


def manifest_entries(workspace, digest: str) -> list:
    """(kind, hash, path) of each entry of a stored manifest, read from its object file."""
    lines = object_path(workspace, digest).read_text().split("\n")
    assert lines[0] == "snapshot-manifest 1", lines[:2]
    entries = []
    for line in lines[2:]:
        if line:
            kind, _mode, body, _size, _mtime, path = line.split(" ", 5)
            entries.append((kind, body, path.replace("\\n", "\n").replace("\\\\", "\\")))
    return entries


def kept_manifests(workspace) -> list:
    with store(workspace) as db:
        rows = db.execute("SELECT workflow_id, number, attempt, manifest_hash FROM checkpoints "
                          "WHERE manifest_hash IS NOT NULL AND pruned_at IS NULL").fetchall()
    return rows


def missing_objects(workspace) -> list:
    """Objects some kept checkpoint references that the store no longer has."""
    missing = []
    for workflow, number, attempt, digest in kept_manifests(workspace):
        if not object_path(workspace, digest).exists():
            missing.append((workflow, f"CP{number}", attempt, "manifest"))
            continue
        for _kind, body, path in manifest_entries(workspace, digest):
            if not object_path(workspace, body).exists():
                missing.append((workflow, f"CP{number}", attempt, path))
    return missing


def temporaries_in_checkpoints(workspace) -> list:
    return [(number, path) for _w, number, _a, digest in kept_manifests(workspace)
            for _k, _b, path in manifest_entries(workspace, digest) if TEMPORARY.search(path)]


def status(orchestrator, workspace, prefix=()) -> dict:
    result = cli(orchestrator, workspace, "run", "status", "--json", prefix=prefix)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# 1. Prune beside a run.

def test_prune_beside_run_start_20_times_never_loses_an_object_a_checkpoint_references(orchestrator, workspace):
    # History to prune: a run, a rollback to CP2 and a resume leave older attempts of CP3..CP6.
    assert cli(orchestrator, workspace, "run", "start", "--intake", "intake.yaml").returncode == 0
    assert cli(orchestrator, workspace, "checkpoint", "rollback", "CP2").returncode == 0
    assert cli(orchestrator, workspace, "run", "resume").returncode == 0
    pruned = 0
    refusals = []
    for iteration in range(20):
        starter = subprocess.Popen([orchestrator, "run", "start", "--intake", "intake.yaml", "--json"], cwd=workspace,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Prunes back to back for as long as the run goes: before it takes the workspace, while it holds it, after.
        while starter.poll() is None:
            result = cli(orchestrator, workspace, "checkpoint", "prune", "--keep-last", "1", "--json")
            if result.returncode == 0:
                pruned += 1
            else:
                assert result.returncode == 2, result.stderr
                refusals.append((starter.pid, result.stderr))
        output, errors = starter.communicate()
        assert starter.returncode == 0, (iteration, errors)
        started = json.loads(output)["id"]
        assert missing_objects(workspace) == [], iteration
        # Every checkpoint of the new run restores (newest first, so that each rollback has something to undo).
        for number in (5, 4, 3, 2, 1):
            rolled = cli(orchestrator, workspace, "checkpoint", "rollback", f"CP{number}", "--force",
                         "--workflow", started)
            assert rolled.returncode == 0, (iteration, number, rolled.stderr)
    assert pruned >= 20 and refusals, (pruned, len(refusals))
    assert missing_objects(workspace) == []
    for pid, message in refusals:
        assert f"is busy: process {pid} " in message and "running workflow" in message, message


# 2. One writer per workspace.

def test_a_second_run_start_in_a_busy_workspace_is_refused_naming_the_first(orchestrator, workspace, tmp_path):
    environment = held_claude(tmp_path)
    fifo = tmp_path / "sync.fifo"
    first = subprocess.Popen([orchestrator, "run", "start", "--intake", "intake.yaml", "--provider", "claude-code"],
                             cwd=workspace, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Opened for reading and writing, so the read waits for the fake's write instead of seeing an early EOF.
        with os.fdopen(os.open(fifo, os.O_RDWR), "r") as sync:
            assert int(sync.readline()) > 0, "the first run is inside a model call"
        workflow = status(orchestrator, workspace)["id"]
        for extra in ([], ["--detach"]):
            second = cli(orchestrator, workspace, "run", "start", "--intake", "intake.yaml", *extra)
            assert second.returncode == 2, second
            assert f"process {first.pid} " in second.stderr and f"running workflow {workflow}" in second.stderr
        resumed = cli(orchestrator, workspace, "run", "resume", "--workflow", workflow)
        assert resumed.returncode == 2 and f"process {first.pid} " in resumed.stderr
        with store(workspace) as db:
            assert db.execute("SELECT COUNT(*) FROM workflows").fetchone() == (1,), "a refused start records nothing"
        server = Server(orchestrator, workspace)
        try:
            peer = Peer(server.path)
            reply = peer.call("workflow/start", {"intake": "intake.yaml", "workspace": str(workspace)})
            error = reply["error"]
            assert error["code"] == -32031 and error["data"]["reason"] == "workspace-busy", reply
            assert error["data"]["holder"]["pid"] == first.pid and error["data"]["holder"]["workflow"] == workflow
            assert error["data"]["holder"]["activity"] == "run"
            peer.close()
        finally:
            assert server.stop() == 0
    finally:
        # Stopped as a user stops it: the run is interrupted, gives the workspace back, and resumes to the end.
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=120)
    assert status(orchestrator, workspace)["status"] == "interrupted"
    with store(workspace) as db:
        assert db.execute("SELECT COUNT(*) FROM workspace_lease").fetchone()[0] == 0
    finished = cli(orchestrator, workspace, "run", "resume", "--workflow", workflow, "--provider", "offline")
    assert finished.returncode == 0, finished.stderr
    assert status(orchestrator, workspace)["status"] == "completed"


def test_status_answers_while_another_process_holds_the_stores_write_lock(orchestrator, workspace):
    """A writer frozen inside a transaction (a stopped process, a debugger) must not stop anyone from reading."""
    assert cli(orchestrator, workspace, "run", "start", "--intake", "intake.yaml").returncode == 0
    writer = sqlite3.connect(workspace / ".orchestrator/state.db", isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE workflows SET status = status")
        # Shorter than the store's busy timeout (10 s), so a read that waited for the lock fails here.
        answered = cli(orchestrator, workspace, "run", "status", "--json", timeout=8)
        assert answered.returncode == 0, answered.stderr
        assert json.loads(answered.stdout)["status"] == "completed"
    finally:
        writer.execute("ROLLBACK")
        writer.close()


# 3. Rollback: a read-only store, a kill halfway; a read-only workspace.

def read_only(path) -> tuple:
    """A prefix that runs a command with `path` mounted read-only (EROFS, even for root)."""
    return ("bwrap", "--dev-bind", "/", "/", "--ro-bind", str(path), str(path), "--")


@pytest.mark.parametrize("read_only_part", [".orchestrator/state.db", ".orchestrator"])
def test_rollback_with_a_read_only_store_changes_nothing_in_the_tree(orchestrator, workspace, read_only_part):
    assert cli(orchestrator, workspace, "run", "start", "--intake", "intake.yaml").returncode == 0
    before = tree(workspace)
    # The database file alone read-only: SQLite opens it and reads, and only a write fails (what chmod 444 does for
    # anyone but root); or the whole state folder, where it cannot even make its WAL index.
    refused = cli(orchestrator, workspace, "checkpoint", "rollback", "CP2", "--force",
                  prefix=read_only(workspace / read_only_part))
    assert refused.returncode == 2, refused
    assert tree(workspace) == before, "the rollback's intent could not be recorded, so nothing was restored"
    report = status(orchestrator, workspace)
    assert report["status"] == "completed" and all(p["status"] == "passed" for p in report["phases"])
    # Writable again, the same rollback goes through.
    assert cli(orchestrator, workspace, "checkpoint", "rollback", "CP2", "--force").returncode == 0
    assert "docs/qa-report.md" not in tree(workspace)


@pytest.mark.parametrize("kill", [
    {"ORCHESTRATOR_TEST_KILL_AFTER_COMMIT": "2"},  # the intent recorded, nothing restored
    {"ORCHESTRATOR_TEST_KILL_BEFORE_RENAME": "1"},  # killed at its first file
    {"ORCHESTRATOR_TEST_KILL_BEFORE_RENAME": "4"},  # a few files restored, the rest not
])
@pytest.mark.parametrize("next_command", ["resume", "rollback"])
def test_a_killed_rollback_is_finished_by_the_next_command(orchestrator, workspace, kill, next_command):
    assert cli(orchestrator, workspace, "run", "start", "--intake", "intake.yaml").returncode == 0
    clean = tree(workspace)
    assert cli(orchestrator, workspace, "checkpoint", "rollback", "CP2", "--force").returncode == 0
    at_cp2 = tree(workspace)
    assert cli(orchestrator, workspace, "run", "resume").returncode == 0
    # Every file CP2 had is changed, so that the rollback writes files back (renames) besides removing later ones.
    for name in at_cp2:
        if not name.startswith("governance/"):
            with open(workspace / name, "ab") as file:
                file.write(b"\nchanged after CP2\n")
    killed = cli(orchestrator, workspace, "checkpoint", "rollback", "CP2", "--force", env=dict(os.environ, **kill))
    assert killed.returncode == -signal.SIGKILL, killed
    with store(workspace) as db:
        assert db.execute("SELECT COUNT(*) FROM rollbacks WHERE state = 'pending'").fetchone() == (1,)
    if next_command == "resume":
        assert cli(orchestrator, workspace, "run", "resume").returncode == 0
        assert tree(workspace) == clean, "the rollback was finished, then the later phases ran again"
    else:
        assert cli(orchestrator, workspace, "checkpoint", "rollback", "CP2").returncode == 0
        assert tree(workspace) == at_cp2
    with store(workspace) as db:
        assert db.execute("SELECT COUNT(*) FROM rollbacks WHERE state = 'pending'").fetchone() == (0,)
        outcomes = db.execute("SELECT inputs FROM audit_entries WHERE action = 'checkpoint.rolled_back' "
                              "ORDER BY sequence").fetchall()
    assert json.loads(outcomes[1][0]).get("interrupted") is True, outcomes
    assert cli(orchestrator, workspace, "governance", "audit", "--verify").returncode == 0


def test_a_read_only_workspace_with_its_wal_answers_status_list_and_audit(orchestrator, workspace):
    # Killed mid-run, the store keeps its commits in the WAL (no checkpoint into the database at exit).
    killed = cli(orchestrator, workspace, "run", "start", "--intake", "intake.yaml",
                 env=dict(os.environ, ORCHESTRATOR_TEST_KILL_AFTER_COMMIT="40"))
    assert killed.returncode == -signal.SIGKILL
    assert (workspace / ".orchestrator/state.db-wal").stat().st_size > 0
    # The same questions asked of a writable copy are the oracle.
    witness = pathlib.Path(tempfile.mkdtemp(prefix="orc-witness-"))
    try:
        shutil.copytree(workspace, witness, dirs_exist_ok=True, symlinks=True, ignore=without_working_copies)
        shm = [p for p in (workspace / ".orchestrator").iterdir() if p.name.endswith("-shm")]
        for path in shm:
            path.unlink()  # an archive copied without the index: SQLite cannot recreate it read-only
        before = {p.name: p.stat().st_mtime_ns for p in (workspace / ".orchestrator").iterdir()}
        questions = [("run", "status", "--json"), ("checkpoint", "list", "--json"),
                     ("governance", "audit", "--verify", "--format", "json"), ("run", "list", "--json"),
                     ("checkpoint", "show", "CP1", "--json")]
        for question in questions:
            answer = cli(orchestrator, workspace, *question, prefix=read_only(workspace))
            assert answer.returncode == 0, (question, answer.stderr)
            expected = cli(orchestrator, witness, *question)
            assert expected.returncode == 0, (question, expected.stderr)
            normalised = answer.stdout.replace(str(workspace), "WS")
            witnessed = json.loads(expected.stdout.replace(str(witness), "WS").replace(str(workspace), "WS"))
            answered = json.loads(normalised)
            for result in (answered, witnessed):
                # Signed heads are kept by workspace path: the copy has none.
                (result.get("verification") or {}).pop("signedHead", None)
                # The writable copy folds its WAL into the database file: a different size on disk, same content.
                (result.get("store") or {}).pop("databaseBytes", None)
            assert answered == witnessed, question
        audit = json.loads(cli(orchestrator, workspace, "governance", "audit", "--verify", "--format", "json",
                               prefix=read_only(workspace)).stdout)
        assert audit["verification"]["intact"] is True and audit["verification"]["count"] > 0
        after = {p.name: p.stat().st_mtime_ns for p in (workspace / ".orchestrator").iterdir()}
        assert after == before, "nothing in the read-only workspace was written"
        refused = cli(orchestrator, workspace, "checkpoint", "rollback", "CP1", "--force", prefix=read_only(workspace))
        assert refused.returncode == 2
    finally:
        shutil.rmtree(witness, ignore_errors=True)


