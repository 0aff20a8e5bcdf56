"""Gate diagnostics in the language server, driven by pytest-lsp against `orchestrator serve --stdio`.

The store (`.orchestrator/state.db`) is where a CLI run and the editor meet: each test writes it from
outside the editor while a document stays open, and waits for the server's publishDiagnostics — no
reopening, no sleeping. Two writers:

- the real CLI: `orchestrator governance check --phase development` records an evaluation, as a run does;
- Python's own sqlite3, inserting rows into the store the CLI created, so the mapping from stored rows
  to diagnostics (an intake `phases` item for a result about no file) is pinned independently of the engine.

Expected positions are counted here from the file texts, never copied from the server.
"""

from __future__ import annotations

import json
import pathlib
import sqlite3
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from conftest import run
from test_lsp import CONFIG, pushed_to, within

pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")

APP = "def main():\n    return 1\n"
HEADER = "# Copyright (c) 2026 Acme Corp. All rights reserved.\n"


# --- the client (test_lsp.py's: every publication logged in order, with a wake-up) -----------------


async def publication(client: LanguageClient, uri: str, after: int, matches=lambda params: True):
    """The first publishDiagnostics for `uri` received since publication number `after` that `matches`."""

    async def wait():
        while True:
            for params in client.publications[after:]:
                if params.uri == uri and matches(params):
                    return params
            client.publication_arrived.clear()
            await client.publication_arrived.wait()

    return await within(wait())


def has_code(code: str):
    return lambda params: any(d.code == code for d in params.diagnostics)


def open_document(client: LanguageClient, uri: str, text: str, language: str, version: int = 1) -> int:
    mark = len(client.publications)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)
        )
    )
    return mark


def span(text: str, needle: str, start: int = 0) -> types.Range:
    """The UTF-16 range of the first `needle` at or after `start` (the texts here are ASCII)."""
    index = text.index(needle, start)
    line = text.count("\n", 0, index)
    column = index - (text.rfind("\n", 0, index) + 1)
    return types.Range(types.Position(line, column), types.Position(line, column + len(needle)))


# --- the workspace -------------------------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: pathlib.Path, orchestrator: str) -> pathlib.Path:
    """A starter workspace after one complete offline run: the CLI has created and filled its store."""
    folder = tmp_path / "ws"
    folder.mkdir()
    result = run(orchestrator, "init", str(folder))
    assert result.returncode == 0, result.stderr
    result = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=folder, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (folder / ".orchestrator/state.db").is_file()
    return folder


async def open_session(lsp_client: LanguageClient, workspace: pathlib.Path) -> None:
    """Initializes a session rooted at the workspace, as Neovim 0.10 would (the store it watches is found there)."""
    await within(
        lsp_client.initialize_session(
            types.InitializeParams(
                capabilities=pushed_to(client_capabilities("neovim@v0.10.0")),
                client_info=types.ClientInfo(name="pytest-lsp"),
                root_uri=workspace.as_uri(),
            )
        )
    )
    lsp_client.workspace = workspace


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, workspace: pathlib.Path):
    await open_session(lsp_client, workspace)
    yield
    await within(lsp_client.shutdown_session())


# --- 1. a CLI check records a failing gate: the open file shows it ---------------------------------


@pytest.mark.asyncio
async def test_cli_check_publishes_license_header_on_the_open_file(client: LanguageClient, orchestrator: str):
    app = client.workspace / "src/app.py"
    app.write_text(APP, encoding="utf-8")
    uri = app.as_uri()
    mark = open_document(client, uri, APP, "python")
    opened = await publication(client, uri, mark)
    assert opened.version == 1 and list(opened.diagnostics) == []

    mark = len(client.publications)
    result = run(orchestrator, "governance", "check", "--phase", "development", cwd=client.workspace)
    assert result.returncode == 1, result.stdout + result.stderr  # a blocking gate failed
    params = await publication(client, uri, mark, has_code("license-header"))
    assert params.version == 1, "published on the open document, which was never reopened"
    [diagnostic] = params.diagnostics
    assert diagnostic.source == "orchestrator"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert "no license header" in diagnostic.message
    assert diagnostic.range == span(APP, "def main():")  # the first line, where the header belongs

    # Closing keeps what the gate found on the file on disk, without a version.
    mark = len(client.publications)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
    closed = await publication(client, uri, mark)
    assert closed.version is None and [d.code for d in closed.diagnostics] == ["license-header"]

    # Fixed on disk and checked again: the next reading clears it.
    app.write_text(HEADER + APP, encoding="utf-8")
    mark = len(client.publications)
    result = run(orchestrator, "governance", "check", "--phase", "development", cwd=client.workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    cleared = await publication(client, uri, mark)
    assert list(cleared.diagnostics) == []


@pytest.mark.asyncio
async def test_a_cli_run_that_blocks_on_the_header_shows_it_on_the_open_file(client: LanguageClient, orchestrator: str):
    app = client.workspace / "src/app.py"
    app.write_text(APP, encoding="utf-8")
    uri = app.as_uri()
    mark = open_document(client, uri, APP, "python")
    await publication(client, uri, mark)

    mark = len(client.publications)
    result = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=client.workspace, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr  # blocked at CP4 by the header gate
    assert "CP4: gate license-header failed" in result.stdout
    params = await publication(client, uri, mark, has_code("license-header"))
    assert params.version == 1, "published on the open document, which was never reopened"
    assert [d.source for d in params.diagnostics] == ["orchestrator"]

    # The quick fix inserts the header the policy gives, on the first line.
    [diagnostic] = params.diagnostics
    actions = await within(client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic]))))
    [action] = actions
    assert action.title == "Insert the license header required by license-header" and action.is_preferred
    [edit] = action.edit.changes[uri]
    assert edit.range == types.Range(types.Position(0, 0), types.Position(0, 0))
    assert edit.new_text == HEADER


# --- 2. rows written straight into the CLI's store ------------------------------------------------


def position(line: int, column: int, offset: int) -> dict:
    return {"line": line, "scalarColumn": column, "utf16Column": column, "utf8Column": column, "offset": offset}


def gate_result(gate: str, status: str, message: str, findings: list, kind: str = "validator") -> str:
    """A stored `GateResult` (its JSON keys), written here rather than by the engine."""
    return json.dumps(
        {
            "gate_id": gate,
            "type": kind,
            "severity": "blocking",
            "status": status,
            "message": message,
            "findings": findings,
            "waived_findings": [],
            "waiver": None,
            "expired_waivers": [],
            "skipped_files": [],
            "duration_ms": 1,
        }
    )


def record_evaluation(store: pathlib.Path, phase: str, results: list[tuple[str, str, str]]):
    """Inserts an evaluation of the latest workflow, in one transaction, as a run would."""
    with sqlite3.connect(store) as db:
        [(workflow,)] = db.execute("SELECT id FROM workflows ORDER BY created_at DESC LIMIT 1").fetchall()
        cursor = db.execute(
            "INSERT INTO gate_evaluations (workflow_id, phase, attempt, checkpoint_id, trigger, blocked, evaluated_at)"
            " VALUES (?, ?, NULL, NULL, 'check', 1, ?)",
            (workflow, phase, int(time.time() * 1000)),
        )
        for gate, status, detail in results:
            db.execute(
                "INSERT INTO gate_results (evaluation_id, gate, status, severity, detail)"
                " VALUES (?, ?, ?, 'blocking', ?)",
                (cursor.lastrowid, gate, status, detail),
            )
    db.close()


@pytest.mark.asyncio
async def test_rows_in_the_store_reach_the_open_file_and_the_intake(client: LanguageClient):
    app = client.workspace / "src/app.py"
    app.write_text(APP, encoding="utf-8")
    uri = app.as_uri()
    mark = open_document(client, uri, APP, "python")
    await publication(client, uri, mark)
    intake_path = client.workspace / "intake.yaml"
    intake_text = intake_path.read_text(encoding="utf-8")
    intake_uri = intake_path.as_uri()

    finding = {
        "gate_id": "license-header",
        "file": "src/app.py",
        "range": {"start": position(1, 4, 16), "end": position(1, 10, 22)},
        "message": "a hand-written finding",
        "severity": "blocking",
    }
    mark = len(client.publications)
    record_evaluation(
        client.workspace / ".orchestrator/state.db",
        "development",
        [
            ("license-header", "failed", gate_result("license-header", "failed", "1 finding", [finding])),
            (
                "artifacts.required",
                "failed",
                gate_result("artifacts.required", "failed", "no file matches 'docs/api/*.md'", [], kind="metric"),
            ),
        ],
    )
    params = await publication(client, uri, mark, has_code("license-header"))
    [diagnostic] = params.diagnostics
    assert diagnostic.source == "orchestrator" and diagnostic.message == "a hand-written finding"
    assert diagnostic.range == span(APP, "return")
    assert diagnostic.severity == types.DiagnosticSeverity.Error

    # A result about no file (a missing required artifact) goes on the intake's `phases` item of the phase.
    params = await publication(client, intake_uri, mark, has_code("artifacts.required"))
    assert params.version is None  # not open: shown in the problems list all the same
    [diagnostic] = params.diagnostics
    assert diagnostic.message == "development: no file matches 'docs/api/*.md'"
    assert diagnostic.range == span(intake_text, "development", intake_text.index("phases:"))


# --- 3. a policy weakening a locked gate: the CLI and the editor agree ----------------------------


WEAKENING_GATE = (
    "    - id: artifacts.present\n"
    "      type: metric\n"
    "      phases: [planning, architecture, data, development, qa, documentation]\n"
    "      severity: blocking\n"
    "      metric: artifact_count\n"
    '      operator: ">="\n'
    "      threshold: 0\n"
)


@pytest.mark.asyncio
async def test_policy_weakening_a_locked_gate_is_flagged_on_its_line(client: LanguageClient, orchestrator: str):
    policy = client.workspace / "governance/acme-corp.yaml"
    original = policy.read_text(encoding="utf-8")
    text = original.replace("  gates:\n", "  gates:\n" + WEAKENING_GATE, 1)
    assert text != original
    threshold = span(text, "threshold: 0")

    # The editor's unsaved buffer is judged.
    uri = policy.as_uri()
    mark = open_document(client, uri, text, "yaml")
    params = await publication(client, uri, mark)
    [diagnostic] = [d for d in params.diagnostics if d.code == "locked-gate-weakened"]
    assert diagnostic.source == "orchestrator" and diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.range == threshold
    assert "<builtin:universal.policy.yaml>" in diagnostic.message
    assert not diagnostic.related_information  # the built-in policy has no URI a client could open

    # The CLI, on the same text saved, says the same line (1-based).
    policy.write_text(text, encoding="utf-8")
    result = run(orchestrator, "governance", "validate", "--client", "acme-corp", "--json", cwd=client.workspace)
    assert result.returncode == 1, result.stdout + result.stderr
    [reported] = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "locked-gate-weakened"]
    assert reported["location"]["file"] == "governance/acme-corp.yaml"
    assert (reported["location"]["line"], reported["location"]["column"]) == (
        threshold.start.line + 1,
        threshold.start.character + 1,
    )

    # Restored to the locked threshold in the editor: the diagnostic goes.
    mark = len(client.publications)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=threshold, text="threshold: 1")],
        )
    )
    params = await publication(client, uri, mark, lambda p: p.version == 2)
    assert [d.code for d in params.diagnostics] == []


# --- 5. pull-model clients are told to pull again when gate results change -------------------------


@pytest.mark.asyncio
async def test_a_client_declaring_refresh_support_gets_workspace_diagnostic_refresh_on_new_gate_results(
    workspace: pathlib.Path, orchestrator: str, tmp_path: pathlib.Path
):
    from test_lsp import RawClient

    raw = await RawClient.start(orchestrator, tmp_path / "stderr.log")
    try:
        capabilities = {"workspace": {"diagnostics": {"refreshSupport": True}}}
        reply = await raw.request("initialize", {"rootUri": workspace.as_uri(), "capabilities": capabilities})
        assert "result" in reply, reply
        raw.notify("initialized", {})
        (workspace / "src/app.py").write_text(APP, encoding="utf-8")
        result = run(orchestrator, "governance", "check", "--phase", "development", cwd=workspace)
        assert result.returncode == 1, result.stdout + result.stderr
        while True:
            message = await raw.receive()
            if message.get("method") == "workspace/diagnostic/refresh":
                assert "id" in message, "a request, to be answered"
                raw.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                break
        reply = await raw.request("server/info")
        assert "result" in reply, "the connection goes on after the refresh is answered"
    finally:
        await raw.kill()
