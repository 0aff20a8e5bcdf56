"""Audit heads signed outside the workspace (issue 20, item 13): truncating, emptying and re-hashing the chain are
caught by `governance audit --verify` without a head kept by hand. The forger is Python: it edits the store with
sqlite3 and re-seals entries with the documented canonical JSON (checked first against the stored hashes).
"""
import hashlib
import json
import os
import pathlib
import stat

import pytest

from conftest import run
from test_reliability import cli, status, store, workspace  # noqa: F401


@pytest.fixture
def home(tmp_path):
    """HOME and XDG folders of the test's own: the signing key and signed heads never touch the user's."""
    return dict(os.environ, HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"),
                XDG_STATE_HOME=str(tmp_path / "state"))


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


def test_a_workspace_removed_and_made_again_at_the_same_path_verifies_from_its_new_start(orchestrator, workspace, home):
    """`make demo` twice: the workflow id and the path repeat, and the head kept for the first life must not make
    the second's chain look cut. The old head is set aside beside it, not deleted."""
    assert cli(orchestrator, workspace, "run", "start", "--intake", "intake.yaml", env=home).returncode == 0
    first = json.loads(cli(orchestrator, workspace, "governance", "audit", "--verify", "--format", "json",
                           env=home).stdout)["verification"]
    kept = pathlib.Path(first["signedHead"]["file"])
    for path in sorted(workspace.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    # The same run again: as long a chain, with other hashes (its times differ), which the old head would not match.
    started = cli(orchestrator, workspace, "run", "start", "--intake", "intake.yaml", env=home)
    assert started.returncode == 0, started.stderr
    verified = cli(orchestrator, workspace, "governance", "audit", "--verify", "--format", "json", env=home)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    second = json.loads(verified.stdout)["verification"]
    assert second["signedHead"]["status"] == "matches" and second["signedHead"]["file"] == str(kept)
    aside = [p for p in kept.parent.iterdir() if p.name.startswith(kept.name + ".set-aside-")]
    assert len(aside) == 1 and json.loads(aside[0].read_text())["sequence"] == first["head"]["sequence"]
