"""Reliability from outside (issue 20): prune beside a run, kills at every rename and at random moments, one writer
per workspace, rollback with a read-only store and killed halfway, a read-only workspace, and audit heads signed
outside the workspace.

The oracles are independent of the engine: trees are read with os.walk, snapshot manifests parsed from the object
store's own files, the store read and edited with Python's sqlite3, audit hashes recomputed with Python's json and
hashlib, and read-only mounts made with bubblewrap (chmod does not stop root; a read-only bind mount does). Kill
points come from the engine's documented test hooks (ORCHESTRATOR_TEST_KILL_BEFORE_RENAME, ..._AFTER_COMMIT) or from
a seeded random delay, never from sleeping to synchronise.
"""
import concurrent.futures
import hashlib
import json
import os
import pathlib
import random
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import tempfile
import time

import pytest

from conftest import run
from test_socket import Peer, Server

TEMPORARY = re.compile(r"(^|/)\.orchestrator-(restore|write)-")
# Kill-point runs in parallel: each is a workspace of its own; the machine's cores bound what helps.
JOBS = int(os.environ.get("RELIABILITY_JOBS", "3"))


@pytest.fixture
def home(tmp_path):
    """HOME and XDG folders of the test's own: the signing key and signed heads never touch the user's."""
    environment = dict(os.environ, HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"),
                       XDG_STATE_HOME=str(tmp_path / "state"))
    return environment


@pytest.fixture
def workspace(orchestrator):
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-rel-"))
    assert run(orchestrator, "init", cwd=directory).returncode == 0
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


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


# 2. Kills at every rename and at random moments.

def clean_run(orchestrator, pristine) -> tuple:
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-clean-"))
    try:
        copy_tree(pristine, directory)
        started = time.monotonic()
        assert cli(orchestrator, directory, "run", "start", "--intake", "intake.yaml").returncode == 0
        return tree(directory), time.monotonic() - started
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def recorded_workflows(directory) -> int:
    if not (directory / ".orchestrator/state.db").exists():
        return 0
    try:
        with store(directory) as db:
            return db.execute("SELECT COUNT(*) FROM workflows").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # killed before the schema was made


def killed_then_resumed(orchestrator, pristine, clean, *, rename=None, delay=None) -> str:
    """Starts a run killed before its `rename`-th rename (or after `delay` seconds), resumes it, and checks the
    recovery; returns "killed", "finished" (the run ended before the kill point) or a failure description."""
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-kill-"))
    try:
        copy_tree(pristine, directory)
        environment = dict(os.environ)
        if rename is not None:
            environment["ORCHESTRATOR_TEST_KILL_BEFORE_RENAME"] = str(rename)
        process = subprocess.Popen([orchestrator, "run", "start", "--intake", "intake.yaml"], cwd=directory,
                                   env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if delay is not None:
            try:
                process.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                process.kill()
        _, errors = process.communicate(timeout=120)
        if process.returncode == 0:
            outcome = "finished"
        elif process.returncode == -signal.SIGKILL:
            outcome = "killed"
        else:
            return f"the run failed on its own ({process.returncode}): {errors[-500:]}"
        if recorded_workflows(directory) == 0:
            # Killed before the workflow was recorded: the recovery is a start.
            resumed = cli(orchestrator, directory, "run", "start", "--intake", "intake.yaml")
        else:
            resumed = cli(orchestrator, directory, "run", "resume", "--json")
        if resumed.returncode != 0:
            return f"recovery failed ({resumed.returncode}): {resumed.stderr[-500:]}"
        if status(orchestrator, directory)["status"] != "completed":
            return "recovery did not complete the workflow"
        found = [name for name in tree(directory) if TEMPORARY.search(name)]
        if found:
            return f"engine temporaries in the final tree: {found}"
        captured = temporaries_in_checkpoints(directory)
        if captured:
            return f"engine temporaries in checkpoints: {captured}"
        final = tree(directory)
        if final != clean:
            differing = sorted(set(final) ^ set(clean) | {k for k in set(final) & set(clean) if final[k] != clean[k]})
            return f"final tree differs from a clean run's: {differing}"
        with store(directory) as db:
            if db.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                return "store damaged"
        return outcome
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def test_kill_before_every_rename_of_a_run_then_resume_matches_a_clean_run(orchestrator, workspace):
    pristine = tree(workspace)
    clean, _ = clean_run(orchestrator, pristine)
    outcomes = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
        batch_start = 1
        while "finished" not in outcomes.values():
            points = range(batch_start, batch_start + JOBS * 4)
            for point, outcome in zip(points, pool.map(
                    lambda point: killed_then_resumed(orchestrator, pristine, clean, rename=point), points)):
                outcomes[point] = outcome
            batch_start += JOBS * 4
            assert batch_start < 2000, "the run never got past its kill point"
    renames = min(point for point, outcome in outcomes.items() if outcome == "finished") - 1
    failures = {point: outcome for point, outcome in outcomes.items()
                if point <= renames and outcome != "killed"}
    assert failures == {}, failures
    assert renames >= 100, f"only {renames} renames in a run"
    print(f"\nkill points: all {renames} renames of a run, each recovered to the clean run's tree")


def test_kill_at_100_random_moments_then_resume_matches_a_clean_run(orchestrator, workspace):
    pristine = tree(workspace)
    clean, duration = clean_run(orchestrator, pristine)
    generator = random.Random(20)
    # Up to a little past a clean run's length, so that early and late moments (and none at all) are all covered.
    delays = [generator.uniform(0.0, duration * 1.2) for _ in range(100)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
        outcomes = list(pool.map(lambda delay: killed_then_resumed(orchestrator, pristine, clean, delay=delay), delays))
    failures = [(round(delay, 3), outcome) for delay, outcome in zip(delays, outcomes)
                if outcome not in ("killed", "finished")]
    assert failures == [], failures
    killed = outcomes.count("killed")
    assert killed >= 50, f"only {killed} of 100 random moments fell inside a run"
    print(f"\nrandom kills: {killed} of 100 landed inside the run, all recovered to the clean run's tree")


# 3. One writer per workspace.

def test_a_second_run_start_in_a_busy_workspace_is_refused_naming_the_first(orchestrator, workspace):
    first = subprocess.Popen([orchestrator, "run", "start", "--intake", "intake.yaml"], cwd=workspace,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert first.stdout.readline(), "the first run printed its first event"
        # Frozen, the first run is alive and holds the workspace for as long as the test needs.
        first.send_signal(signal.SIGSTOP)
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
        first.send_signal(signal.SIGCONT)
        first.stdout.read()
        first.wait(timeout=120)
    assert first.returncode == 0
    assert status(orchestrator, workspace)["status"] == "completed"


# 4. Rollback: a read-only store, a kill halfway; a read-only workspace.

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
        shutil.copytree(workspace, witness, dirs_exist_ok=True, symlinks=True)
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


# 5. Audit heads signed outside the workspace.

def canonical_hash(entry: dict) -> str:
    """The entry hash as documented in AuditEntry: SHA-256 of compact, key-sorted JSON."""
    value = {key: entry[key] for key in
             ("action", "actor", "inputs", "outcome", "phase", "previous_hash", "sequence", "time", "workflow")}
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def rehash(db, workflow: str, edit_sequence: int) -> None:
    """Edits one entry's outcome and re-seals it and every entry after it, as a forger with the store would."""
    rows = db.execute("SELECT sequence, time, actor, phase, action, inputs, outcome, previous_hash, hash "
                      "FROM audit_entries WHERE workflow_id = ? ORDER BY sequence", (workflow,)).fetchall()
    previous = "0" * 64
    for sequence, time_, actor, phase, action, inputs, outcome, previous_hash, digest in rows:
        entry = {"sequence": sequence, "time": time_, "actor": actor, "workflow": workflow, "phase": phase,
                 "action": action, "inputs": json.loads(inputs), "outcome": outcome, "previous_hash": previous_hash}
        assert canonical_hash(entry) == digest, "the oracle recomputes the stored hashes before forging"
        if sequence == edit_sequence:
            entry["outcome"] = "waived"
        entry["previous_hash"] = previous
        new = canonical_hash(entry)
        db.execute("UPDATE audit_entries SET outcome = ?, previous_hash = ?, hash = ? WHERE workflow_id = ? "
                   "AND sequence = ?", (entry["outcome"], previous, new, workflow, sequence))
        previous = new
    db.commit()


@pytest.mark.parametrize("tampering", ["truncate", "empty", "rehash"])
def test_tampering_with_the_audit_chain_is_caught_by_verify_without_a_head(orchestrator, workspace, home, tampering):
    assert cli(orchestrator, workspace, "run", "start", "--intake", "intake.yaml", env=home).returncode == 0
    verified = cli(orchestrator, workspace, "governance", "audit", "--verify", "--format", "json", env=home)
    assert verified.returncode == 0, verified.stderr
    verification = json.loads(verified.stdout)["verification"]
    assert verification["signedHead"]["status"] == "matches"
    head = verification["head"]
    key = pathlib.Path(home["XDG_CONFIG_HOME"]) / "orchestrator/audit-signing.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    kept = pathlib.Path(verification["signedHead"]["file"])
    assert pathlib.Path(home["XDG_STATE_HOME"]) in kept.parents and workspace not in kept.parents
    workflow = status(orchestrator, workspace)["id"]
    with store(workspace) as db:
        if tampering == "truncate":
            db.execute("DELETE FROM audit_entries WHERE sequence >= ?", (head["sequence"] - 1,))
        elif tampering == "empty":
            db.execute("DELETE FROM audit_entries")
        else:
            rehash(db, workflow, 5)
        db.commit()
    # Without the signed head, each of these is a valid chain on its own (what --verify used to say).
    unsigned = cli(orchestrator, workspace, "governance", "audit", "--verify", "--format", "json",
                   env=dict(home, XDG_STATE_HOME=home["XDG_STATE_HOME"] + "-elsewhere"))
    assert unsigned.returncode == 0 and json.loads(unsigned.stdout)["verification"]["signedHead"]["status"] == "absent"
    caught = cli(orchestrator, workspace, "governance", "audit", "--verify", "--format", "json", env=home)
    assert caught.returncode == 1, caught.stdout
    verification = json.loads(caught.stdout)["verification"]
    assert verification["intact"] is False and verification["signedHead"]["status"] == "mismatch"
    assert verification["firstBroken"]["problem"] == "truncated"
    assert verification["firstBroken"]["sequence"] == head["sequence"]
    text = cli(orchestrator, workspace, "governance", "audit", "--verify", env=home).stdout
    assert f"BROKEN at entry {head['sequence']}" in text and "signed head: mismatch" in text
