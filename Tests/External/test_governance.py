"""Governance from outside: the analytics example's coverage gate, a waiver and its expiry, a locked gate a
client policy tries to weaken, tampering with the audit table, and gates fed bad input.

Oracles are independent of the engine: the store is edited and read with Python's sqlite3, reports are read
from the files the run wrote, and JSON comes from the CLI's --json / --format json output.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile

from conftest import run, set_waiver
from test_socket import Server, rpc


def status(orchestrator, workspace) -> dict:
    result = run(orchestrator, "run", "status", "--json", cwd=workspace)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def audit(orchestrator, workspace, *args) -> tuple:
    result = run(orchestrator, "governance", "audit", "--format", "json", *args, cwd=workspace)
    return result.returncode, json.loads(result.stdout)


def test_72_percent_blocks_cp5_a_waiver_lets_resume_pass_and_after_expiry_it_blocks_again(orchestrator, example):
    started = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=example, timeout=120)
    assert started.returncode == 1, started.stdout + started.stderr
    report = status(orchestrator, example)
    assert report["status"] == "paused"
    assert "CP5: gate coverage.min failed" in report["reason"]
    assert "72.0%" in report["reason"]
    assert "**72.0%** (36 of 50 lines)" in (example / "docs/qa-report.md").read_text()
    assert "LF:20\nLH:8\n" in (example / "coverage/lcov.info").read_text()

    set_waiver(example, "2999-12-31")
    resumed = run(orchestrator, "run", "resume", cwd=example, timeout=120)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert status(orchestrator, example)["status"] == "completed"
    code, trail = audit(orchestrator, example, "--verify")
    assert code == 0 and trail["verification"]["intact"] is True
    applied = [e for e in trail["entries"] if e["action"] == "waiver.applied"]
    assert [e["inputs"]["approver"] for e in applied] == ["lead@acme-corp.example"]
    assert applied[0]["phase"] == "qa" and applied[0]["inputs"]["expires"] == "2999-12-31"
    table = run(orchestrator, "governance", "audit", cwd=example).stdout
    assert "waiver.applied coverage.min (by lead@acme-corp.example until 2999-12-31)" in table

    set_waiver(example, "2000-01-01")
    check = run(orchestrator, "governance", "check", "--phase", "qa", "--format", "json", cwd=example, timeout=120)
    assert check.returncode == 1, check.stdout + check.stderr
    coverage = next(r for r in json.loads(check.stdout)["results"] if r["gateId"] == "coverage.min")
    assert coverage["status"] == "failed" and coverage.get("waiver") is None
    assert [w["expires"] for w in coverage["expiredWaivers"]] == ["2000-01-01"]
    assert "expired on 2000-01-01" in coverage["message"]
    again = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=example, timeout=120)
    assert again.returncode == 1
    assert "CP5: gate coverage.min failed" in status(orchestrator, example)["reason"]


LOCKED_WEAKENED = """policy:
  id: acme-corp
  level: client
  client: acme-corp
  gates:
    - id: artifacts.present
      type: metric
      phases: [planning, architecture, data, development, qa, documentation]
      metric: artifact_count
      operator: ">="
      threshold: 0
"""


def test_a_client_policy_weakening_a_locked_gate_gets_a_diagnostic_on_that_line(orchestrator, example):
    (example / "governance/acme-corp.yaml").write_text(LOCKED_WEAKENED)
    result = run(orchestrator, "governance", "validate", "--client", "acme-corp", "--format", "json", cwd=example)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    [problem] = [d for d in report["diagnostics"] if d["code"] == "locked-gate-weakened"]
    assert problem["location"] == {"file": "governance/acme-corp.yaml", "line": 11, "column": 7}
    table = run(orchestrator, "governance", "validate", "--client", "acme-corp", cwd=example)
    assert "governance/acme-corp.yaml:11:7: error:" in table.stdout
    # Without --client every client policy is still merged for its errors.
    unnamed = run(orchestrator, "governance", "validate", "--format", "json", cwd=example)
    assert unnamed.returncode == 1
    assert [d["location"]["line"] for d in json.loads(unnamed.stdout)["diagnostics"]
            if d["code"] == "locked-gate-weakened"] == [11]
    started = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=example, timeout=120)
    assert started.returncode == 1
    assert "governance/acme-corp.yaml:11:7" in started.stderr
    assert status(orchestrator, example)["status"] == "paused"


def test_editing_one_byte_of_the_audit_table_is_detected_and_named(orchestrator, example):
    set_waiver(example, "2999-12-31")
    assert run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=example, timeout=120).returncode == 0
    code, trail = audit(orchestrator, example, "--verify")
    assert code == 0 and trail["verification"]["intact"] is True
    assert trail["verification"]["count"] == len(trail["entries"]) and "firstBroken" not in trail["verification"]
    database = sqlite3.connect(example / ".orchestrator/state.db")
    try:
        (outcome,) = database.execute("SELECT outcome FROM audit_entries WHERE sequence = 7").fetchone()
        changed = ("X" if outcome[0] != "X" else "Y") + outcome[1:]
        database.execute("UPDATE audit_entries SET outcome = ? WHERE sequence = 7", (changed,))
        database.commit()
    finally:
        database.close()
    code, trail = audit(orchestrator, example, "--verify")
    assert code == 1
    broken = trail["verification"]["firstBroken"]
    assert broken["sequence"] == 7 and broken["problem"] == "content_changed"
    assert "BROKEN at entry 7" in run(orchestrator, "governance", "audit", "--verify", cwd=example).stdout


def test_entries_cut_off_the_end_are_caught_against_a_head_kept_elsewhere(orchestrator, example):
    set_waiver(example, "2999-12-31")
    assert run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=example, timeout=120).returncode == 0
    code, trail = audit(orchestrator, example, "--verify")
    head = trail["verification"]["head"]
    assert code == 0 and head["sequence"] == trail["entries"][-1]["sequence"]
    anchor = f"{head['sequence']}:{head['hash']}"
    assert audit(orchestrator, example, "--head", anchor)[0] == 0
    database = sqlite3.connect(example / ".orchestrator/state.db")
    try:
        database.execute("DELETE FROM audit_entries WHERE sequence >= ?", (head["sequence"] - 1,))
        database.commit()
    finally:
        database.close()
    # The shortened chain is still a valid chain on its own (checked where no signed head is kept) ...
    elsewhere = dict(os.environ, XDG_STATE_HOME=tempfile.mkdtemp(prefix="orc-no-heads-"))
    alone = subprocess.run([orchestrator, "governance", "audit", "--verify", "--format", "json"], cwd=example,
                           env=elsewhere, capture_output=True, text=True, timeout=30)
    assert alone.returncode == 0 and json.loads(alone.stdout)["verification"]["signedHead"]["status"] == "absent"
    shutil.rmtree(elsewhere["XDG_STATE_HOME"], ignore_errors=True)
    # ... but not against the head signed after the run, kept outside the workspace ...
    code, trail = audit(orchestrator, example, "--verify")
    assert code == 1 and trail["verification"]["signedHead"]["status"] == "mismatch"
    # ... nor against a head kept by hand.
    code, trail = audit(orchestrator, example, "--head", anchor)
    assert code == 1
    broken = trail["verification"]["firstBroken"]
    assert broken["problem"] == "truncated" and broken["sequence"] == head["sequence"]
    bad = run(orchestrator, "governance", "audit", "--head", "12:nothex", cwd=example)
    assert bad.returncode == 2 and "SEQUENCE:HASH" in bad.stderr


BAD_GATES = """policy:
  id: acme-corp
  level: client
  client: acme-corp
  allowed_commands: [sleep, head, sh]
  gates:
    - id: hangs
      type: tool
      phases: [planning]
      command: [sleep, "30"]
      timeout_seconds: 1
    - id: floods
      type: tool
      phases: [planning]
      command: [head, -c, "100000000", /dev/zero]
      output: lines
    - id: not-allowed
      type: tool
      phases: [planning]
      command: [touch, ran-it]
    - id: bad-coverage
      type: metric
      phases: [planning]
      metric: coverage
      operator: ">="
      threshold: 80
      report: coverage/broken.info
"""


def test_gates_fed_bad_input_fail_each_on_its_own_and_never_crash_the_run(orchestrator, example):
    (example / "governance/acme-corp.yaml").write_text(BAD_GATES)
    (example / "coverage").mkdir()
    (example / "coverage/broken.info").write_text("SF:src/a.py\nDA:one,1\nend_of_record\n")
    started = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=example, timeout=120)
    assert started.returncode == 1, started.stdout + started.stderr
    reason = status(orchestrator, example)["reason"]
    for gate in ["hangs", "floods", "not-allowed", "bad-coverage"]:
        assert f"gate {gate} could not run" in reason, reason
    assert not (example / "ran-it").exists(), "a command off the allow-list must not run"
    check = run(orchestrator, "governance", "check", "--phase", "planning", "--format", "json", cwd=example,
                timeout=120)
    assert check.returncode == 1
    results = {r["gateId"]: r for r in json.loads(check.stdout)["results"]}
    assert all(results[g]["status"] == "error" for g in ["hangs", "floods", "not-allowed", "bad-coverage"])
    assert "timed out after 1" in results["hangs"]["message"]
    assert "8 MiB" in results["floods"]["message"]
    assert "allowed_commands" in results["not-allowed"]["message"]
    assert "line 2" in results["bad-coverage"]["message"]
    assert results["artifacts.present"]["status"] == "passed"


BAD_REGEX = """policy:
  id: acme-corp
  level: client
  client: acme-corp
  gates:
    - id: bad-regex
      type: validator
      phases: [planning]
      validator: license_header
      files: ["docs/**/*.md"]
      pattern: "(["
"""


def test_an_invalid_policy_regex_is_reported_at_validation_and_no_run_starts(orchestrator, example):
    (example / "governance/acme-corp.yaml").write_text(BAD_REGEX)
    expected = "governance/acme-corp.yaml:11:16: the pattern '([' is not a valid regular expression"
    validated = run(orchestrator, "validate", "governance/acme-corp.yaml", cwd=example)
    assert validated.returncode == 1 and "[invalid-regex]" in validated.stdout, validated.stdout
    assert "governance/acme-corp.yaml:11:16: error: the pattern '(['" in validated.stdout
    policy = run(orchestrator, "governance", "validate", "--client", "acme-corp", "--format", "json", cwd=example)
    assert policy.returncode == 1
    problems = json.loads(policy.stdout)["diagnostics"]
    assert [(p["code"], p["location"]["line"], p["location"]["column"]) for p in problems] == [("invalid-regex", 11, 16)]
    started = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=example, timeout=120)
    assert started.returncode == 1 and expected in started.stderr + started.stdout, started.stdout + started.stderr


def test_governance_methods_answer_over_the_socket_as_the_cli_does(orchestrator, example):
    set_waiver(example, "2999-12-31")
    assert run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=example, timeout=120).returncode == 0
    server = Server(orchestrator, example, default_socket=True)
    try:
        validated = json.loads(rpc("governance/validate", '{"client": "acme-corp"}', cwd=example).stdout)
        cli = json.loads(run(orchestrator, "governance", "validate", "--client", "acme-corp", "--json",
                             cwd=example).stdout)
        assert validated == cli
        assert [g["id"] for g in validated["gates"]][-3:] == ["coverage.min", "license-header", "api-docs.sections"]
        checked = json.loads(rpc("governance/check", '{"phase": "qa"}', cwd=example, ).stdout)
        assert checked["trigger"] == "check" and checked["blocked"] is False
        assert {r["gateId"]: r["status"] for r in checked["results"]}["coverage.min"] == "waived"
        trail = json.loads(rpc("governance/audit", '{"verify": true}', cwd=example).stdout)
        assert trail["verification"]["intact"] is True
        bad = rpc("governance/check", '{"phase": "testing"}', cwd=example)
        assert bad.returncode == 1 and "-32602" in bad.stderr
    finally:
        assert server.stop() == 0


FIRM_POLICY = """policy:
  id: firm-baseline
  level: organization
  gates:
    - id: readme.sections
      type: validator
      phases: [documentation]
      locked: true
      validator: required_sections
      files: ["README.md"]
      sections: ["Run the tests"]
"""


def test_the_firm_policy_folder_is_the_organization_layer_of_every_workspace(orchestrator, example, tmp_path):
    firm = tmp_path / "firm"
    firm.mkdir()
    (firm / "baseline.yaml").write_text(FIRM_POLICY)
    env = {**os.environ, "ORCHESTRATOR_POLICY_DIR": str(firm)}
    result = subprocess.run([orchestrator, "governance", "validate", "--client", "acme-corp", "--format", "json"],
                            cwd=example, capture_output=True, text=True, timeout=30, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert [(layer["level"], layer["policy"]) for layer in report["layers"]] == [
        ("universal", "universal"), ("organization", "firm-baseline"), ("client", "acme-corp")]
    [gate] = [g for g in report["gates"] if g["id"] == "readme.sections"]
    assert gate["locked"] and gate["source"]["location"] == {"file": str(firm / "baseline.yaml"), "line": 5,
                                                              "column": 7}
    empty = tmp_path / "empty"
    empty.mkdir()
    without = subprocess.run([orchestrator, "governance", "validate", "--format", "json"], cwd=example,
                             capture_output=True, text=True, timeout=30,
                             env={**os.environ, "ORCHESTRATOR_POLICY_DIR": str(empty)})
    assert "readme.sections" not in [g["id"] for g in json.loads(without.stdout)["gates"]]
