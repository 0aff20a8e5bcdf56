"""The workflow engine driven from outside: the CLI, SIGKILL at every commit, rollback against a captured tree,
and a run started over the socket and followed by clients/orchestrator-rpc.

The oracles are independent of the engine: trees are read with os.walk, the store with Python's sqlite3, and
crash points come from the engine's documented test hook (ORCHESTRATOR_TEST_KILL_AFTER_COMMIT) or from reading
the run's own progress lines, never from sleeping.
"""
import collections
import json
import re
import os
import pathlib
import shutil
import signal
import sqlite3
import stat
import subprocess
import tempfile

import pytest

from conftest import run
from test_service_core import stdio_session
from test_socket import Server, needs_transport, rpc

PHASES = ["planning", "architecture", "data", "development", "qa", "documentation"]


@pytest.fixture
def workspace():
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-wf-"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def tree(root: pathlib.Path) -> dict:
    """path → (mode bits, bytes) of every file outside .orchestrator/: what a rollback must restore exactly."""
    files = {}
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if not (directory == str(root) and d == ".orchestrator")]
        for name in names:
            path = pathlib.Path(directory, name)
            info = path.lstat()
            files[str(path.relative_to(root))] = (stat.S_IMODE(info.st_mode), path.read_bytes())
    return files


def status(orchestrator, workspace) -> dict:
    result = run(orchestrator, "run", "status", "--json", cwd=workspace)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def phase_statuses(report: dict) -> dict:
    return {phase["phase"]: phase["status"] for phase in report["phases"]}


def start_killed_after(orchestrator, workspace, commits: int) -> subprocess.CompletedProcess:
    environment = dict(os.environ, ORCHESTRATOR_TEST_KILL_AFTER_COMMIT=str(commits))
    return subprocess.run(
        [orchestrator, "run", "start", "--intake", "intake.yaml"], cwd=workspace, env=environment,
        capture_output=True, text=True, timeout=60)


def store(workspace) -> sqlite3.Connection:
    return sqlite3.connect(workspace / ".orchestrator/state.db")


def test_init_then_run_writes_six_checkpoints_and_reports_them(orchestrator, workspace):
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    for name in ["intake.yaml", "agents/developer.yaml", "governance/acme-corp.yaml",
                 "skills/time_series_forecasting.yaml"]:
        assert (workspace / name).is_file(), name
    assert run(orchestrator, "validate", ".", cwd=workspace).returncode == 0
    started = run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=workspace)
    assert started.returncode == 0, started.stderr
    report = json.loads(started.stdout)
    assert report["status"] == "completed" and not report["interrupted"]
    assert [p["checkpoint"] for p in report["phases"]] == [f"CP{n}" for n in range(1, 7)]
    assert set(phase_statuses(report).values()) == {"passed"}
    shown = json.loads(run(orchestrator, "checkpoint", "show", "CP2", "--json", cwd=workspace).stdout)
    assert shown["checkpoint"]["phase"] == "architecture" and shown["checkpoint"]["status"] == "passed"
    assert [a["path"] for a in shown["artifacts"]] == [
        "docs/architecture.md", "docs/adr/0001-customer-analytics-platform.md"]
    later = ["data/schema.sql", "docs/data-dictionary.md", "src/customer_analytics_platform.py",
             "tests/test_customer_analytics_platform.py", "docs/qa-report.md", "coverage/lcov.info", "README.md",
             "docs/user-guide.md",
             # What the subagents of later phases wrote.
             "docs/data/ingestion.md", "docs/data/transformations.md", "docs/dashboard.md",
             "docs/security/development-review.md", "docs/qa/unit-tests.md", "docs/qa/integration-tests.md",
             "docs/api/reference.md"]
    assert all((workspace / path).is_file() for path in later)
    # CP2 came before all of these; policies (governance/) are not part of any checkpoint.
    recorded = [path for path in tree(workspace) if not path.startswith("governance/")]
    assert shown["snapshot"]["files"] == len(recorded) - len(later)
    assert shown["store"]["objects"] > 0 and shown["store"]["databaseBytes"] > 0
    text = run(orchestrator, "checkpoint", "show", "CP2", cwd=workspace).stdout
    assert "docs/architecture.md" in text and "\x1b[" not in text
    listed = json.loads(run(orchestrator, "checkpoint", "list", "--json", cwd=workspace).stdout)
    assert [c["checkpoint"] for c in listed["checkpoints"]] == [f"CP{n}" for n in range(1, 7)]
    progress = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=workspace)
    assert "\x1b[" not in progress.stdout, "no escape codes when stdout is not a terminal"
    assert "documentation CP6 passed" in progress.stdout
    assert [w["id"] for w in json.loads(run(orchestrator, "run", "list", "--json", cwd=workspace).stdout)["workflows"]] \
        == ["customer-analytics-platform-1", "customer-analytics-platform-2"]


def test_invalid_intake_prints_diagnostics_and_starts_nothing(orchestrator, workspace):
    (workspace / "intake.yaml").write_text("project:\n  nmae: x\nrequirements: []\nphases: [planning]\n")
    result = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=workspace)
    assert result.returncode == 1
    assert "intake.yaml:2:3: error: unknown key 'nmae'" in result.stderr
    assert not (workspace / ".orchestrator").exists(), "a bad intake leaves no store behind"
    listed = run(orchestrator, "run", "list", "--json", cwd=workspace)
    assert listed.returncode == 0 and json.loads(listed.stdout)["workflows"] == []
    missing = run(orchestrator, "run", "start", "--intake", "nowhere.yaml", cwd=workspace)
    assert missing.returncode == 2 and "cannot read" in missing.stderr and "nowhere.yaml" in missing.stderr
    assert not (workspace / ".orchestrator").exists()


def capture_tree_at_cp2(orchestrator, workspace) -> dict:
    """Kills a run at the first commit after which CP2 has passed and CP3 has not started: the tree then is
    exactly what CP2 recorded. Returns that tree.

    Agents' activity events are group-committed, so the number of commits before a point varies by one or
    two between runs: a kill that lands after CP3 started steps back a commit and tries again."""
    commits, overshoots = 1, 0
    while commits < 200:
        shutil.rmtree(workspace / ".orchestrator", ignore_errors=True)
        for path in ["docs", "data", "src", "tests", "README.md"]:
            target = workspace / path
            shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
        result = start_killed_after(orchestrator, workspace, commits)
        assert result.returncode == -signal.SIGKILL, (commits, result.stderr)
        statuses = phase_statuses(status(orchestrator, workspace))
        if statuses["architecture"] == "passed":
            if statuses["data"] == "pending":
                return tree(workspace)
            overshoots += 1
            assert overshoots < 30, ("never caught the moment between CP2 and CP3", statuses)
            commits = max(1, commits - 1)
            continue
        commits += 1
    raise AssertionError("CP2 never passed")


def test_rollback_restores_the_tree_cp2_recorded_and_resume_runs_the_rest_again(orchestrator, workspace):
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    at_cp2 = capture_tree_at_cp2(orchestrator, workspace)
    resumed = run(orchestrator, "run", "resume", cwd=workspace)
    assert resumed.returncode == 0, resumed.stderr
    # Changes after the run: a mode change, a deletion, an edit and a new file, all after the latest checkpoint.
    os.chmod(workspace / "docs/plan.md", 0o755)
    (workspace / "docs/architecture.md").unlink()
    (workspace / "intake.yaml").write_text((workspace / "intake.yaml").read_text() + "# edited\n")
    (workspace / "notes.txt").write_text("mine\n")
    refused = run(orchestrator, "checkpoint", "rollback", "CP2", cwd=workspace)
    assert refused.returncode == 1
    for path in ["docs/plan.md", "docs/architecture.md", "intake.yaml", "notes.txt"]:
        assert path in refused.stderr, path
    dry = json.loads(run(orchestrator, "checkpoint", "rollback", "CP2", "--dry-run", "--json", cwd=workspace).stdout)
    assert sorted(dry["uncheckpointed"]) == ["docs/architecture.md", "docs/plan.md", "intake.yaml", "notes.txt"]
    assert "notes.txt" in (workspace / "notes.txt").name and (workspace / "notes.txt").exists(), "dry run changed nothing"
    forced = run(orchestrator, "checkpoint", "rollback", "CP2", "--force", "--json", cwd=workspace)
    assert forced.returncode == 0, forced.stderr
    assert tree(workspace) == at_cp2
    report = status(orchestrator, workspace)
    assert report["status"] == "paused"
    assert phase_statuses(report) == {**{p: "passed" for p in PHASES[:2]}, **{p: "rolled-back" for p in PHASES[2:]}}
    again = run(orchestrator, "run", "resume", "--json", cwd=workspace)
    assert again.returncode == 0, again.stderr
    phases = {p["phase"]: p for p in json.loads(again.stdout)["phases"]}
    assert [phases[p]["attempt"] for p in PHASES] == [1, 1, 2, 2, 2, 2]
    with store(workspace) as db:
        rolled = db.execute("SELECT phase FROM checkpoints WHERE status = 'rolled-back' ORDER BY number").fetchall()
    assert [r[0] for r in rolled] == PHASES[2:], "history is kept, marked"


def events(db) -> list:
    return db.execute(
        "SELECT sequence, kind, phase, attempt, agent, tool, path, checkpoint, message FROM events ORDER BY sequence").fetchall()


def test_sigkill_after_every_commit_then_resume_completes_without_loss_or_duplicates(orchestrator, workspace):
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    pristine = tree(workspace)
    # Activity events share a commit when they come quickly, so the number of commits in a run varies a little:
    # kill after the 1st, 2nd, … commit until a run makes fewer commits than the kill point and completes.
    kills = 0
    for point in range(1, 400):
        shutil.rmtree(workspace, ignore_errors=True)
        workspace.mkdir()
        for name, (mode, body) in pristine.items():
            (workspace / name).parent.mkdir(parents=True, exist_ok=True)
            (workspace / name).write_bytes(body)
        killed = start_killed_after(orchestrator, workspace, point)
        if killed.returncode == 0:
            break
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        kills += 1
        with store(workspace) as db:
            before = events(db)
        resumed = run(orchestrator, "run", "resume", "--json", cwd=workspace)
        assert resumed.returncode == 0, (point, resumed.stderr)
        assert json.loads(resumed.stdout)["status"] == "completed"
        with store(workspace) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",), point
            after = events(db)
            passed = db.execute("SELECT phase, COUNT(*) FROM checkpoints WHERE status = 'passed' GROUP BY phase")
            assert dict(passed.fetchall()) == {p: 1 for p in PHASES}, point
            duplicates = db.execute(
                "SELECT workflow_id, phase, attempt, COUNT(*) FROM checkpoints GROUP BY 1, 2, 3 HAVING COUNT(*) > 1")
            assert duplicates.fetchall() == [], point
            unsettled = db.execute("SELECT COUNT(*) FROM agent_runs WHERE status IN ('pending', 'running')")
            assert unsettled.fetchone() == (0,), f"agent runs left unsettled after a kill at {point}"
        assert after[:len(before)] == before, f"events recorded before the kill at {point} changed"
        keys = collections.Counter(e[1:] for e in after)
        assert [k for k, n in keys.items() if n > 1] == [], f"duplicated events after a kill at commit {point}"
        assert sum(1 for e in after if e[1] == "workflow.completed") == 1
    assert kills >= 20, f"only {kills} kill points"


def test_sigkill_while_a_phase_is_writing_files_loses_only_that_phase(orchestrator, workspace):
    """Kill points between commits: after the run prints its n-th progress line (an agent mid-phase)."""
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    for line_count in (3, 9, 16, 24, 31):
        shutil.rmtree(workspace / ".orchestrator", ignore_errors=True)
        process = subprocess.Popen(
            [orchestrator, "run", "start", "--intake", "intake.yaml"], cwd=workspace, stdout=subprocess.PIPE,
            text=True)
        for _ in range(line_count):
            if not process.stdout.readline():
                break
        process.kill()
        process.wait(timeout=30)
        process.stdout.close()
        resumed = run(orchestrator, "run", "resume", "--json", cwd=workspace)
        assert resumed.returncode == 0, resumed.stderr  # also when the run had finished before the kill landed
        assert status(orchestrator, workspace)["status"] == "completed"
        with store(workspace) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_second_process_cannot_run_a_workflow_another_live_process_holds(orchestrator, workspace):
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    killed = start_killed_after(orchestrator, workspace, 8)
    assert killed.returncode == -signal.SIGKILL
    # Hand the lease to a live process that is not an orchestrator: this test's own.
    start_time = pathlib.Path(f"/proc/{os.getpid()}/stat").read_text().rsplit(")", 1)[1].split()[19]
    with store(workspace) as db:
        db.execute("UPDATE workspace_lease SET pid = ?, process_start = ?", (os.getpid(), int(start_time)))
        if db.total_changes == 0:
            db.execute("INSERT INTO workspace_lease (slot, activity, workflow_id, pid, process_start, host, "
                       "acquired_at) SELECT 1, 'run', id, ?, ?, ?, 0 FROM workflows",
                       (os.getpid(), int(start_time), os.uname().nodename))
    busy = run(orchestrator, "run", "resume", cwd=workspace)
    assert busy.returncode == 2 and f"busy: process {os.getpid()} " in busy.stderr
    with store(workspace) as db:
        db.execute("UPDATE workspace_lease SET pid = 999999")  # a holder that is gone
    assert run(orchestrator, "run", "resume", cwd=workspace).returncode == 0


@needs_transport
def test_a_run_started_on_the_socket_streams_progress_and_events_to_the_shell_client(orchestrator, workspace):
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    server = Server(orchestrator, workspace, default_socket=True)
    try:
        result = rpc("--follow", "workflow/start",
                     '{"intake": "intake.yaml", "workDoneToken": "run-1", "events": true}', cwd=workspace)
        assert result.returncode == 0, result.stderr
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        progress = [m["params"]["value"] for m in lines if m.get("method") == "$/progress"]
        assert progress[0]["kind"] == "begin" and progress[-1] == {"kind": "end", "message": "completed"}
        assert any("CP6 passed" in p.get("message", "") for p in progress)
        spent = [int(m.group(1)) for p in progress
                 if (m := re.search(r"spent (\d+) tokens", p.get("message", "")))]
        assert len(spent) == 6 and spent == sorted(spent) and spent[0] > 0, "each checkpoint reports the spend so far"
        events = [m["params"] for m in lines if m.get("method") == "workflow/event"]
        kinds = [event["kind"] for event in events]
        assert kinds[0] == "workflow.started", "a follower from the start sees the workflow start first"
        assert kinds.count("checkpoint.saved") == 6 and kinds[-1] == "workflow.completed"
        verdicts = [event["verdict"]["outcome"] for event in events if event["kind"] == "checkpoint.saved"]
        assert verdicts == ["passed"] * 6, "a checkpoint's verdict is a field, not message text"
        assert lines[-1]["status"] == "completed"
        shown = rpc("checkpoint/show", '{"checkpoint": "CP2"}', cwd=workspace)
        assert json.loads(shown.stdout)["checkpoint"]["phase"] == "architecture"
        missing = rpc("checkpoint/show", '{"checkpoint": "CP9"}', cwd=workspace)
        assert missing.returncode == 1 and "-32602" in missing.stderr
    finally:
        assert server.stop() == 0


def test_resume_adopts_an_intake_whose_typo_was_fixed_and_audits_both_hashes(orchestrator, workspace):
    """Issue 16, item 7: a typo'd agent id in intake.yaml fails its phase; before, every resume ran the stored text
    and failed the same way. An invalid edit is refused with diagnostics and changes nothing."""
    import hashlib

    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    original = (workspace / "intake.yaml").read_text()
    typo = original + "agents:\n  planning: [consensos]\n"
    (workspace / "intake.yaml").write_text(typo)
    failed = run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=workspace, timeout=120)
    assert failed.returncode == 1 and "consensos" in json.loads(failed.stdout)["reason"], failed.stdout

    (workspace / "intake.yaml").write_text(typo.replace("phases: [planning,", "phases: [planing,"))
    with store(workspace) as db:
        before = (events(db), db.execute("SELECT intake_text, phases, status FROM workflows").fetchall(),
                  db.execute("SELECT count(*) FROM audit_entries").fetchone())
    invalid = run(orchestrator, "run", "resume", cwd=workspace)
    assert invalid.returncode == 1
    assert re.search(r"intake\.yaml:\d+:\d+: error: .*planing", invalid.stderr), invalid.stderr
    with store(workspace) as db:
        after = (events(db), db.execute("SELECT intake_text, phases, status FROM workflows").fetchall(),
                 db.execute("SELECT count(*) FROM audit_entries").fetchone())
    assert after == before, "an invalid edit changes nothing"
    # Over RPC alike, detached or not: -32020 with the diagnostics, and nothing changes.
    for detach in (False, True):
        [reply] = [m for m in stdio_session(orchestrator, workspace, {
            "jsonrpc": "2.0", "id": 1, "method": "workflow/resume", "params": {"detach": detach}}) if m.get("id") == 1]
        assert reply["error"]["code"] == -32020, reply
        assert any("planing" in d["message"] for d in reply["error"]["data"]["diagnostics"]), reply
    with store(workspace) as db:
        assert events(db) == before[0]

    fixed = typo.replace("[consensos]", "[consensus]")
    (workspace / "intake.yaml").write_text(fixed)
    resumed = run(orchestrator, "run", "resume", cwd=workspace, timeout=120)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "intake.yaml changed since the last run" in resumed.stdout
    with store(workspace) as db:
        [(intake_text,)] = db.execute("SELECT intake_text FROM workflows").fetchall()
        [(inputs, outcome)] = db.execute(
            "SELECT inputs, outcome FROM audit_entries WHERE action = 'intake.changed'").fetchall()
    assert intake_text == fixed and outcome == "adopted"
    inputs = json.loads(inputs)
    assert inputs["previousSha256"] == hashlib.sha256(typo.encode()).hexdigest()
    assert inputs["newSha256"] == hashlib.sha256(fixed.encode()).hexdigest()
    assert run(orchestrator, "governance", "audit", "--verify", cwd=workspace).returncode == 0


def test_progress_lines_name_a_blocked_agent_once_and_give_its_reason(orchestrator, workspace):
    """Issue 16, item 21: "planning · consensus: blocked: " (no reason) and "consensus: consensus: budget: …"
    (planning's agent is the planner since issue 15)."""
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    intake = (workspace / "intake.yaml").read_text().replace("budget_tokens: 2000000", "budget_tokens: 1")
    (workspace / "intake.yaml").write_text(intake)
    blocked = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=workspace, timeout=120)
    assert blocked.returncode == 1
    lines = blocked.stdout.splitlines()
    assert any(re.search(r"planning · planner: blocked: budget: (workflow|phase|agent)\b.*needs", line)
               for line in lines), blocked.stdout
    assert not any(line.rstrip().endswith(":") for line in lines), blocked.stdout
    assert "planner: planner:" not in blocked.stdout
    report = status(orchestrator, workspace)
    assert report["reason"].startswith("planning: planner: budget: "), report["reason"]


def test_a_failed_checkpoint_is_printed_as_blocked_not_saved(orchestrator, workspace):
    """Issue 16, item 21: a failed checkpoint was printed as "planning CP1 saved: CP1: no file matches …", the
    line read from the event's text; it now comes from the checkpoint's typed verdict."""
    example = pathlib.Path(__file__).resolve().parents[2] / "examples/analytics"
    shutil.copytree(example, workspace, dirs_exist_ok=True)
    blocked = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=workspace, timeout=180)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    lines = blocked.stdout.splitlines()
    assert any(re.search(r"\bqa CP5 blocked: gate coverage\.min failed: line coverage", line) for line in lines), \
        blocked.stdout
    assert not any("CP5 saved" in line for line in lines), blocked.stdout
    assert any(re.search(r"\bplanning CP1 passed: ", line) for line in lines), blocked.stdout
    assert "saved: CP" not in blocked.stdout, blocked.stdout


def test_resuming_a_completed_workflow_says_nothing_ran_instead_of_a_duration(orchestrator, workspace):
    """Issue 16, item 21: `run resume` on a completed workflow printed "took 4.1 s" (the workflow's age)."""
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    assert run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=workspace, timeout=120).returncode == 0
    again = run(orchestrator, "run", "resume", cwd=workspace)
    assert again.returncode == 0 and "nothing to resume" in again.stdout and "took" not in again.stdout, again.stdout
    assert json.loads(run(orchestrator, "run", "resume", "--json", cwd=workspace).stdout)["durationMs"] == 0


def test_checkpoint_list_shows_what_each_checkpoint_added_although_agents_stored_it_first(orchestrator, workspace):
    """Issue 16, item 22: phases whose agents work in copies store their objects before the checkpoint's snapshot,
    which then wrote 0 B; what the checkpoint added relative to the one before is what the list shows."""
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    assert run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=workspace, timeout=120).returncode == 0
    listed = json.loads(run(orchestrator, "checkpoint", "list", "--json", cwd=workspace).stdout)["checkpoints"]
    by_phase = {c["phase"]: c for c in listed}
    for phase in PHASES:
        checkpoint = by_phase[phase]
        shown = json.loads(run(orchestrator, "checkpoint", "show", checkpoint["checkpoint"], "--json",
                               cwd=workspace).stdout)
        # Every phase writes its artifacts anew, so each is content the checkpoint before did not hold.
        artifact_bytes = sum(a["size"] for a in shown["artifacts"])
        assert checkpoint["addedFiles"] >= len(shown["artifacts"]) > 0, checkpoint
        assert checkpoint["addedBytes"] >= artifact_bytes > 0, (checkpoint, artifact_bytes)
    # Architecture runs two agents (architect and steward) in working copies. With full copies their objects were
    # stored before the snapshot, which wrote nothing of its own — the 0 B the list used to show; with overlay
    # copies the snapshot stores them itself. Either way the list shows what the checkpoint added.
    assert 0 < by_phase["architecture"]["newBytes"] <= by_phase["architecture"]["addedBytes"]
    text = run(orchestrator, "checkpoint", "list", cwd=workspace).stdout
    row = next(line for line in text.splitlines() if line.strip().startswith("CP2"))
    assert " 0 B " not in row + " ", text
