"""Gate diagnostics in the language server with the workspace's state in PostgreSQL (`--database`): there is no
`.orchestrator/state.db` to watch, so the server looks when the database signals a commit (LISTEN/NOTIFY). A CLI
in another process records a failing gate; the open file shows it, without reopening and without sleeping.

Runs against the throwaway server of Tests/Services/with-postgres (make test), like test_postgres_state.py.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import uuid

import pytest
import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import run
from test_lsp import BINARY, make_client, within
from test_lsp_gates import APP, has_code, open_document, open_session, publication

SERVER = os.environ.get("ORCHESTRATOR_TEST_DATABASE_URL", "")
# One database for this module, named now: the language server's command is fixed when the module is read.
DATABASE = SERVER.rsplit("/", 1)[0] + "/lsp_gates_" + uuid.uuid4().hex if SERVER else ""

pytestmark = [
    pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning"),
    pytest.mark.skipif(
        not SERVER,
        reason="no PostgreSQL server: set ORCHESTRATOR_TEST_DATABASE_URL, or run through "
        "Tests/Services/with-postgres (make test does)"),
]


def psql(sql: str, url: str) -> None:
    result = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def database():
    psql(f"CREATE DATABASE {DATABASE.rsplit('/', 1)[1]}", SERVER)
    yield DATABASE
    psql(f"DROP DATABASE IF EXISTS {DATABASE.rsplit('/', 1)[1]} WITH (FORCE)", SERVER)


@pytest.fixture
def workspace(tmp_path: pathlib.Path, orchestrator: str, database: str) -> pathlib.Path:
    """A starter workspace after one complete offline run whose state went to the database."""
    folder = tmp_path / "ws"
    folder.mkdir()
    assert run(orchestrator, "init", str(folder)).returncode == 0
    result = run(orchestrator, "--database", database, "run", "start", "--intake", "intake.yaml", cwd=folder,
                 timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (folder / ".orchestrator/state.db").exists()
    return folder


CONFIG = ClientServerConfig(server_command=[BINARY, "serve", "--stdio"], client_factory=make_client,
                            server_env=dict(os.environ, ORCHESTRATOR_DATABASE_URL=DATABASE))


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, workspace: pathlib.Path):
    await open_session(lsp_client, workspace)
    yield
    await within(lsp_client.shutdown_session())


@pytest.mark.asyncio
async def test_a_gate_another_process_records_in_the_database_shows_on_the_open_file(
        client: LanguageClient, orchestrator: str, database: str):
    app = client.workspace / "src/app.py"
    app.write_text(APP, encoding="utf-8")
    uri = app.as_uri()
    mark = open_document(client, uri, APP, "python")
    opened = await publication(client, uri, mark)
    assert list(opened.diagnostics) == []

    mark = len(client.publications)
    result = run(orchestrator, "--database", database, "governance", "check", "--phase", "development",
                 cwd=client.workspace)
    assert result.returncode == 1, result.stdout + result.stderr  # a blocking gate failed
    params = await publication(client, uri, mark, has_code("license-header"))
    assert params.version == 1, "published on the open document, which was never reopened"
    assert [d.code for d in params.diagnostics] == ["license-header"]
