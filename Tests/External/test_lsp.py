"""`orchestrator serve --stdio` driven as a language server by pytest-lsp (pygls + lsprotocol).

Neither the client nor the LSP types are ours: pytest-lsp starts the binary, speaks LSP to it and
structures every answer with lsprotocol, and checks each result against the client capabilities
we declare (an `LspSpecificationWarning` is turned into an error below).

Expected columns are never copied from the server: they are derived from the document text by
`units()` (UTF-16 code units or UTF-8 bytes, counted by Python's codecs), and a few literal
numbers pin that helper down so a bug in it cannot hide a bug in the server.

The lifecycle tests at the end use a raw client with `Content-Length` framing: pytest-lsp's client
will not send a request before `initialize`, and the server's exit status is not part of its API.
"""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import re

import attrs
import pytest
import pytest_asyncio
import pytest_lsp
from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from conftest import ROOT

# pytest-asyncio runs in its default strict mode: async tests carry `pytest.mark.asyncio`, so the
# plain synchronous tests in this directory are untouched.
pytestmark = pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning")

BINARY = os.environ.get("ORCHESTRATOR_BIN", str(ROOT / ".build/debug/orchestrator"))
SCHEMA = json.loads((ROOT / "protocol/schemas/intake.schema.json").read_text(encoding="utf-8"))
TIMEOUT = 15.0
"""Seconds any single wait may take; it only turns a hang into a failure."""

URI = "file:///workspace/intake.yaml"

# 🚀 is U+1F680: one code point, 2 UTF-16 code units, 4 UTF-8 bytes, before the misspelt key.
INTAKE = (
    'project: {name: "🚀 Launch", clinet: "acme-corp"}\n'
    "requirements:\n"
    '  - "Ship the 🚀 launch dashboard"\n'
    "phases: [planning, architecture, development, qa, documentation]\n"
    "constraints:\n"
    '  timeline: "2 weeks"\n'
    "  budget_tokens: 2000000\n"
)

CLEAN_INTAKE = (
    "project:\n"
    '  name: "Customer Analytics 🚀"\n'
    '  client: "acme-corp"\n'
    "requirements:\n"
    '  - "Build demand forecasting model"\n'
    '  - "Create executive dashboard"\n'
    "phases: [planning, architecture, data, development, qa, documentation]\n"
    "constraints:\n"
    '  timeline: "2 weeks"\n'
    "  budget_tokens: 2000000\n"
)

COMPOSE = (
    'version: "3.9"\n'
    "services:\n"
    "  web:\n"
    "    image: nginx:1.27\n"
    '    ports: ["80:80"]\n'
    "  db:\n"
    "    image: postgres:16\n"
)


# --- positions, counted independently of the server ------------------------------------------


def units(text: str, encoding: str) -> int:
    """Length of `text` in the code units of an LSP position encoding."""
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    raise ValueError(encoding)


def position(text: str, index: int, encoding: str) -> types.Position:
    """The LSP position of the Python (code point) index `index` in `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return types.Position(line=text.count("\n", 0, index), character=units(text[line_start:index], encoding))


def span(text: str, needle: str, encoding: str, start: int = 0) -> types.Range:
    """The LSP range of the first `needle` in `text` at or after code point `start`."""
    index = text.index(needle, start)
    return types.Range(start=position(text, index, encoding), end=position(text, index + len(needle), encoding))


def index_of(text: str, pos: types.Position, encoding: str) -> int:
    """The Python index of an LSP position; fails if it falls inside a character."""
    lines = text.split("\n")
    assert pos.line < len(lines), pos
    line_start = sum(len(line) + 1 for line in lines[: pos.line])
    count = 0
    for offset, char in enumerate(lines[pos.line]):
        if count == pos.character:
            return line_start + offset
        count += units(char, encoding)
        assert count <= pos.character, f"{pos} splits {char!r}"
    assert count == pos.character, f"{pos} is past the end of line {pos.line}"
    return line_start + len(lines[pos.line])


def apply_edits(text: str, edits, encoding: str) -> str:
    """Applies non-overlapping LSP text edits (as a client does), last first."""
    spans = sorted(
        ((index_of(text, e.range.start, encoding), index_of(text, e.range.end, encoding), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def rng(start_line: int, start_char: int, end_line: int, end_char: int) -> types.Range:
    return types.Range(types.Position(start_line, start_char), types.Position(end_line, end_char))


def contains(outer: types.Range, inner: types.Range) -> bool:
    key = lambda p: (p.line, p.character)  # noqa: E731
    return key(outer.start) <= key(inner.start) and key(inner.end) <= key(outer.end)


def test_position_helpers_count_code_units():
    """Literal numbers, so that `units()` cannot agree with a server that counts wrongly."""
    line = INTAKE.split("\n")[0]
    assert line.index("clinet") == 28  # code points
    assert position(INTAKE, INTAKE.index("clinet"), "utf-16") == types.Position(0, 29)
    assert position(INTAKE, INTAKE.index("clinet"), "utf-8") == types.Position(0, 31)
    assert units("🚀", "utf-16") == 2 and units("🚀", "utf-8") == 4
    assert index_of(INTAKE, types.Position(0, 29), "utf-16") == 28
    with pytest.raises(AssertionError):
        index_of(INTAKE, types.Position(0, 18), "utf-16")  # between the two halves of the surrogate pair


# --- the client --------------------------------------------------------------------------------


def record_publication(client: LanguageClient, params: types.PublishDiagnosticsParams):
    """pytest-lsp's own handler, plus an ordered log of every publication and a wake-up."""
    client.diagnostics[params.uri] = params.diagnostics
    client.publications.append(params)
    client.publication_arrived.set()


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    client.publications = []
    client.publication_arrived = asyncio.Event()
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record_publication
    register_lsp_features(client, features)
    return client


CONFIG = ClientServerConfig(server_command=[BINARY, "serve", "--stdio"], client_factory=make_client)


async def within(awaitable, timeout: float = TIMEOUT):
    return await asyncio.wait_for(awaitable, timeout)


async def start_session(client: LanguageClient, capabilities: types.ClientCapabilities):
    client.initialize_result = await within(
        client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities,
                client_info=types.ClientInfo(name="pytest-lsp"),
                root_uri="file:///workspace",
            )
        )
    )


def pushed_to(capabilities: types.ClientCapabilities) -> types.ClientCapabilities:
    """The profile without pull diagnostics (`textDocument.diagnostic`), as Neovim before 0.10 and VS Code 1.65
    declare it: the server pushes diagnostics to such a client, and only to such a client."""
    capabilities.text_document.diagnostic = None
    return capabilities


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, orchestrator):
    """A session whose client offers only UTF-16 (Neovim 0.10's real capabilities, but taking pushed diagnostics)."""
    assert orchestrator == BINARY
    capabilities = pushed_to(client_capabilities("neovim@v0.10.0"))
    assert list(capabilities.general.position_encodings) == ["utf-16"]
    await start_session(lsp_client, capabilities)
    yield
    await within(lsp_client.shutdown_session())


@pytest_lsp.fixture(config=CONFIG)
async def utf8_client(lsp_client: LanguageClient, orchestrator):
    """A session whose client offers UTF-8 (Neovim 0.11's real capabilities: utf-8, utf-16, utf-32; pushed to)."""
    assert orchestrator == BINARY
    capabilities = pushed_to(client_capabilities("neovim@v0.11.0"))
    assert "utf-8" in capabilities.general.position_encodings
    await start_session(lsp_client, capabilities)
    yield
    await within(lsp_client.shutdown_session())


async def published(client: LanguageClient, uri: str, version: int | None, after: int):
    """The first publishDiagnostics for `uri` and `version` among those received since `after`."""

    async def wait():
        while True:
            for params in client.publications[after:]:
                if params.uri == uri and params.version == version:
                    return params
            client.publication_arrived.clear()
            await client.publication_arrived.wait()

    return await within(wait())


async def open_document(client: LanguageClient, text: str, uri: str = URI, version: int = 1):
    mark = len(client.publications)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=version, text=text)
        )
    )
    return await published(client, uri, version, mark)


async def change_document(client: LanguageClient, version: int, changes, uri: str = URI):
    mark = len(client.publications)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=changes
        )
    )
    return await published(client, uri, version, mark)


def the_one(items, predicate, what: str):
    """The first item matching `predicate`; a readable failure listing what there was otherwise."""
    found = [item for item in items if predicate(item)]
    assert found, f"no {what} among {[getattr(i, 'label', None) or getattr(i, 'title', None) or i.name for i in items]}"
    return found[0]


def as_json(value):
    return get_converter().unstructure(value)


# --- 1. initialize -----------------------------------------------------------------------------

IMPLEMENTED = {
    "position_encoding",
    "text_document_sync",
    "hover_provider",
    "completion_provider",
    "code_action_provider",
    "document_symbol_provider",
    "diagnostic_provider",
}


@pytest.mark.asyncio
async def test_initialize_negotiates_utf16_and_advertises_what_is_implemented(client: LanguageClient):
    result: types.InitializeResult = client.initialize_result
    capabilities = result.capabilities
    assert capabilities.position_encoding == "utf-16"
    assert result.server_info is not None and result.server_info.name == "orchestrator"

    sync = capabilities.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.open_close is True
    assert sync.change == types.TextDocumentSyncKind.Incremental
    assert capabilities.hover_provider is True
    assert isinstance(capabilities.completion_provider, types.CompletionOptions)
    assert not capabilities.completion_provider.resolve_provider  # no completionItem/resolve handler
    assert isinstance(capabilities.code_action_provider, types.CodeActionOptions)
    assert list(capabilities.code_action_provider.code_action_kinds) == [types.CodeActionKind.QuickFix]
    assert not capabilities.code_action_provider.resolve_provider
    assert capabilities.document_symbol_provider is True
    assert isinstance(capabilities.diagnostic_provider, types.DiagnosticOptions)
    assert capabilities.diagnostic_provider.workspace_diagnostics is False
    # A policy's diagnostics depend on the other policy files; gate diagnostics on what runs record.
    assert capabilities.diagnostic_provider.inter_file_dependencies is True

    # Nothing else is claimed: every other provider (definition, rename, formatting, …) is absent.
    advertised = {f.name for f in attrs.fields(types.ServerCapabilities) if getattr(capabilities, f.name) is not None}
    assert advertised == IMPLEMENTED


@pytest.mark.asyncio
async def test_utf8_is_negotiated_when_offered_and_ranges_count_bytes(utf8_client: LanguageClient):
    client = utf8_client
    assert client.initialize_result.capabilities.position_encoding == "utf-8"

    params = await open_document(client, INTAKE)
    [diagnostic] = params.diagnostics
    assert diagnostic.code == "unknown-key"
    assert diagnostic.range == span(INTAKE, "clinet", "utf-8")
    assert diagnostic.range == rng(0, 31, 0, 37)  # 17 ASCII bytes + 4 for 🚀 + 10 = 31

    # Incoming positions are UTF-8 too: the same byte range, sent back as an incremental edit.
    params = await change_document(
        client, 2, [types.TextDocumentContentChangePartial(range=rng(0, 31, 0, 37), text="client")]
    )
    assert list(params.diagnostics) == []
    hover = await within(
        client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(0, 33))
        )
    )
    assert hover is not None and hover.range == rng(0, 31, 0, 37)
    assert SCHEMA["properties"]["project"]["properties"]["client"]["description"] in hover.contents.value


# --- 2, 3. push diagnostics with exact UTF-16 ranges, then an incremental fix ------------------


@pytest.mark.asyncio
async def test_unknown_key_after_emoji_then_incremental_fix(client: LanguageClient):
    params = await open_document(client, INTAKE)
    assert params.uri == URI and params.version == 1
    [diagnostic] = params.diagnostics
    assert diagnostic.code == "unknown-key"
    assert diagnostic.source == "orchestrator"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.range == span(INTAKE, "clinet", "utf-16")
    assert diagnostic.range == rng(0, 29, 0, 35)  # not 28 (code points) nor 31 (UTF-8 bytes)
    assert "did you mean 'client'" in diagnostic.message

    # Version 2: replace only the six UTF-16 units of `clinet`.
    params = await change_document(
        client, 2, [types.TextDocumentContentChangePartial(range=rng(0, 29, 0, 35), text="client")]
    )
    assert params.version == 2
    assert list(params.diagnostics) == []
    fixed = INTAKE.replace("clinet", "client", 1)

    # The edit landed where it was meant to: the outline now has `client` at the same columns.
    symbols = await within(
        client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=URI))
        )
    )
    project = the_one(symbols, lambda s: s.name == "project", "project symbol")
    client_symbol = the_one(project.children, lambda s: s.name == "client", "client symbol")
    assert client_symbol.selection_range == span(fixed, "client", "utf-16") == rng(0, 29, 0, 35)
    assert client_symbol.detail == "acme-corp"

    # Version 3: two changes in one notification, applied in order — delete the emoji (2 units),
    # then misspell the key again at its new, shifted, columns.
    params = await change_document(
        client,
        3,
        [
            types.TextDocumentContentChangePartial(range=rng(0, 17, 0, 19), text=""),
            types.TextDocumentContentChangePartial(range=rng(0, 27, 0, 33), text="clinet"),
        ],
    )
    expected_text = fixed.replace("🚀", "", 1).replace("client", "clinet", 1)
    [diagnostic] = params.diagnostics
    assert diagnostic.code == "unknown-key"
    assert diagnostic.range == span(expected_text, "clinet", "utf-16") == rng(0, 27, 0, 33)


# --- 4. hover ------------------------------------------------------------------------------------


async def hover_at(client: LanguageClient, text: str, needle: str, start: int = 0, into: int = 1):
    """Hover `into` characters inside the first `needle` at or after `start`."""
    where = position(text, text.index(needle, start) + into, "utf-16")
    return await within(
        client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=URI), position=where)
        )
    )


@pytest.mark.asyncio
async def test_hover_shows_schema_description_and_allowed_values(client: LanguageClient):
    text = CLEAN_INTAKE + "provider:\n  name: offline\n"
    params = await open_document(client, text)
    assert list(params.diagnostics) == []

    hover = await hover_at(client, text, "phases")
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert SCHEMA["properties"]["phases"]["description"] in hover.contents.value
    assert hover.range == span(text, "phases", "utf-16") == rng(6, 0, 6, 6)

    hover = await hover_at(client, text, "name")
    assert SCHEMA["properties"]["project"]["properties"]["name"]["description"] in hover.contents.value
    assert hover.range == rng(1, 2, 1, 6)

    # An enum-valued place: a phase in the list lists every allowed phase.
    phases_line = text.index("phases:")
    hover = await hover_at(client, text, "qa", start=phases_line)
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert SCHEMA["$defs"]["phase"]["description"] in hover.contents.value
    for value in SCHEMA["$defs"]["phase"]["enum"]:
        assert f"`{value}`" in hover.contents.value
    assert hover.range == span(text, "qa", "utf-16", start=phases_line)

    hover = await hover_at(client, text, "offline")
    for value in SCHEMA["$defs"]["provider"]["properties"]["name"]["enum"]:
        assert f"`{value}`" in hover.contents.value

    # A value after the emoji: the range ends after the closing quote, in UTF-16 units.
    hover = await hover_at(client, text, '"Customer Analytics 🚀"')
    assert hover.range == span(text, '"Customer Analytics 🚀"', "utf-16") == rng(1, 8, 1, 31)


# --- 5. completion -------------------------------------------------------------------------------


async def complete(client: LanguageClient, text: str, line: int, character: int) -> types.CompletionList:
    await open_document(client, text)
    result = await within(
        client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line, character)
            )
        )
    )
    assert isinstance(result, types.CompletionList)
    return result


def assert_edits_stay_on_line(result: types.CompletionList, text: str, line: int, character: int):
    line_length = units(text.split("\n")[line], "utf-16")
    for item in result.items:
        edit = item.text_edit
        assert isinstance(edit, types.TextEdit), item
        assert edit.range.start.line == edit.range.end.line == line, item
        assert 0 <= edit.range.start.character <= character <= edit.range.end.character <= line_length, item


@pytest.mark.asyncio
async def test_completion_of_phases_keys_and_agent_ids(client: LanguageClient):
    head = 'project:\n  name: "🚀 Launch"\nrequirements: ["🚀 go"]\n'

    # After `phases: [planning, `: the phases not yet listed, inserted at the cursor.
    text = head + "phases: [planning, "
    result = await complete(client, text, 3, 19)
    labels = [item.label for item in result.items]
    assert "architecture" in labels and "documentation" in labels
    assert "planning" not in labels  # already in the list, which must be unique
    assert_edits_stay_on_line(result, text, 3, 19)
    item = the_one(result.items, lambda i: i.label == "architecture", "item architecture")
    assert item.kind == types.CompletionItemKind.EnumMember
    assert item.text_edit.range == rng(3, 19, 3, 19)
    assert item.text_edit.new_text == "architecture"

    # A partly typed value is replaced, not appended to.
    text = head + "phases: [planning, arch"
    result = await complete(client, text, 3, 23)
    item = the_one(result.items, lambda i: i.label == "architecture", "item architecture")
    assert item.text_edit.range == rng(3, 19, 3, 23)
    assert apply_edits(text, [item.text_edit], "utf-16").endswith("phases: [planning, architecture")

    # A new top-level key: the keys the intake still lacks, not those it has.
    text = 'project:\n  name: "🚀 Launch"\n\nphases: [planning, architecture, development, qa, documentation]\n'
    result = await complete(client, text, 2, 0)
    labels = [item.label for item in result.items]
    assert {"requirements", "constraints", "provider"} <= set(labels)
    assert "project" not in labels and "phases" not in labels
    assert all(item.kind == types.CompletionItemKind.Property for item in result.items)
    assert_edits_stay_on_line(result, text, 2, 0)
    requirements = the_one(result.items, lambda i: i.label == "requirements", "item requirements")
    assert requirements.text_edit.new_text.startswith("requirements:")

    # Built-in agent ids in an `agents` override, after an emoji on the same line.
    text = head + "phases: [planning, architecture, development, qa, documentation]\nagents:\n  qa: [\"ship 🚀\", rev"
    line = text.count("\n")
    cursor = units(text.split("\n")[line], "utf-16")
    assert cursor == 21  # 13 + 2 (🚀) + 6
    result = await complete(client, text, line, cursor)
    reviewer = the_one(result.items, lambda i: i.label == "reviewer", "item reviewer")
    assert reviewer.kind == types.CompletionItemKind.Reference
    expected = span(text, "rev", "utf-16", start=text.index("agents:"))
    assert reviewer.text_edit.range == expected == rng(line, 18, line, 21)
    assert_edits_stay_on_line(result, text, line, cursor)

    text = head + "phases: [planning, architecture, development, qa, documentation]\nagents:\n  qa: ["
    line = text.count("\n")
    result = await complete(client, text, line, 7)
    assert {"qa", "reviewer", "developer", "architect"} <= {item.label for item in result.items}


@pytest.mark.asyncio
async def test_completion_of_a_key_inside_a_flow_mapping(client: LanguageClient):
    text = (
        'project: {name: "🚀 Launch", de}\n'
        'requirements: ["x"]\n'
        "phases: [planning, architecture, development, qa, documentation]\n"
    )
    where = position(text, text.index("de}") + 2, "utf-16")
    assert where == types.Position(0, 31)
    result = await complete(client, text, where.line, where.character)
    item = the_one(result.items, lambda i: i.label == "description", "item description")
    assert item.text_edit.range == rng(0, 29, 0, 31)


# --- 6. code actions -----------------------------------------------------------------------------


async def code_actions(client: LanguageClient, diagnostic: types.Diagnostic, only=(types.CodeActionKind.QuickFix,)):
    return await within(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=URI),
                range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic], only=list(only)),
            )
        )
    )


@pytest.mark.asyncio
async def test_quick_fixes_rename_and_add_missing_key(client: LanguageClient):
    params = await open_document(client, INTAKE)
    [diagnostic] = params.diagnostics
    actions = await code_actions(client, diagnostic)
    rename = the_one(actions, lambda a: a.title == "Rename to 'client'", "rename action")
    assert rename.kind == types.CodeActionKind.QuickFix
    assert [d.code for d in rename.diagnostics] == ["unknown-key"]
    edits = rename.edit.changes[URI]
    assert [e.range for e in edits] == [rng(0, 29, 0, 35)]
    fixed = apply_edits(INTAKE, edits, "utf-16")
    assert fixed == INTAKE.replace("clinet", "client", 1)

    # Send the action's own edits back, as an editor applying it would.
    params = await change_document(
        client, 2, [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits]
    )
    assert list(params.diagnostics) == []

    # Other kinds are not offered: the server honours `only`.
    assert list(await code_actions(client, diagnostic, only=(types.CodeActionKind.Refactor,))) == []

    # A missing required key gets an "Add missing key" fix.
    text = 'project:\n  name: "🚀 Launch"\nphases: [planning, architecture, development, qa, documentation]\n'
    params = await open_document(client, text, version=10)
    [missing] = params.diagnostics
    assert missing.code == "missing-key"
    assert "requirements" in missing.message
    actions = await code_actions(client, missing)
    add = the_one(actions, lambda a: a.title.startswith("Add missing key"), "add-key action")
    assert "requirements" in add.title and add.kind == types.CodeActionKind.QuickFix
    with_key = apply_edits(text, add.edit.changes[URI], "utf-16")
    assert "\nrequirements:" in with_key
    params = await change_document(client, 11, [types.TextDocumentContentChangeWholeDocument(text=with_key)])
    codes = [d.code for d in params.diagnostics]
    assert "missing-key" not in codes and "yaml-syntax" not in codes
    # What remains, if anything, is that the inserted list is still empty (minItems 1).
    assert set(codes) <= {"too-short"}


# --- 7. outline ----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_document_symbols_are_hierarchical(client: LanguageClient):
    await open_document(client, CLEAN_INTAKE)
    symbols = await within(
        client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=URI))
        )
    )
    assert all(isinstance(s, types.DocumentSymbol) for s in symbols)
    assert [s.name for s in symbols] == ["project", "requirements", "phases", "constraints"]
    by_name = {s.name: s for s in symbols}
    assert [c.name for c in by_name["project"].children] == ["name", "client"]
    assert [c.detail for c in by_name["phases"].children] == SCHEMA["$defs"]["phase"]["enum"]
    assert len(by_name["requirements"].children) == 2
    assert [c.name for c in by_name["constraints"].children] == ["timeline", "budget_tokens"]
    for symbol in symbols:
        key = re.search(rf"^{symbol.name}(?=:)", CLEAN_INTAKE, re.MULTILINE)
        assert symbol.selection_range == types.Range(
            start=position(CLEAN_INTAKE, key.start(), "utf-16"), end=position(CLEAN_INTAKE, key.end(), "utf-16")
        )
        assert contains(symbol.range, symbol.selection_range)
        for child in symbol.children:
            assert contains(symbol.range, child.range) and contains(child.range, child.selection_range)
    name = by_name["project"].children[0]
    # `  name: "Customer Analytics 🚀"` ends at 31 UTF-16 units (30 code points, 33 bytes).
    assert name.range == span(CLEAN_INTAKE, 'name: "Customer Analytics 🚀"', "utf-16") == rng(1, 2, 1, 31)


# --- 8. other YAML, and closing ------------------------------------------------------------------


@pytest.mark.asyncio
async def test_foreign_yaml_is_silent_and_close_clears(client: LanguageClient):
    compose = "file:///workspace/docker-compose.yml"
    params = await open_document(client, COMPOSE, uri=compose)
    assert list(params.diagnostics) == []
    report = await within(
        client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=compose))
        )
    )
    assert report.kind == "full" and list(report.items) == []

    params = await open_document(client, INTAKE)
    assert [d.code for d in params.diagnostics] == ["unknown-key"]
    mark = len(client.publications)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    params = await published(client, URI, None, mark)
    assert list(params.diagnostics) == []
    assert list(client.diagnostics[URI]) == []


# --- 9. pull diagnostics -------------------------------------------------------------------------


async def pull(client: LanguageClient, previous: str | None = None):
    return await within(
        client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=URI), previous_result_id=previous
            )
        )
    )


@pytest.mark.asyncio
async def test_pull_diagnostics_match_push_and_report_unchanged(client: LanguageClient):
    pushed = await open_document(client, INTAKE)
    report = await pull(client)
    assert report.kind == "full"
    assert report.result_id == "v1"
    assert as_json(list(report.items)) == as_json(list(pushed.diagnostics))
    assert len(report.items) == 1

    report = await pull(client, previous="v1")
    assert report.kind == "unchanged"
    assert report.result_id == "v1"

    params = await change_document(
        client, 2, [types.TextDocumentContentChangePartial(range=rng(0, 29, 0, 35), text="client")]
    )
    report = await pull(client, previous="v1")
    assert report.kind == "full" and report.result_id == "v2"
    assert list(report.items) == [] == list(params.diagnostics)

    # didSave republishes the current version.
    mark = len(client.publications)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=URI)))
    params = await published(client, URI, 2, mark)
    assert list(params.diagnostics) == []


@pytest_lsp.fixture(config=CONFIG)
async def pulling_client(lsp_client: LanguageClient, orchestrator):
    """A session with Neovim 0.11's capabilities as they are: it pulls diagnostics (`textDocument.diagnostic`)."""
    assert orchestrator == BINARY
    capabilities = client_capabilities("neovim@v0.11.0")
    assert capabilities.text_document.diagnostic is not None
    await start_session(lsp_client, capabilities)
    yield
    await within(lsp_client.shutdown_session())


@pytest.mark.asyncio
async def test_a_client_that_pulls_diagnostics_gets_none_pushed(pulling_client: LanguageClient):
    """neovim/neovim#29927: a client that has both shows each diagnostic twice, so a pulling client is not pushed to.

    A request that follows a notification starts only once the notification's handler has returned (and a push is
    written before the handler returns), so when the pull's reply is in, any push of didOpen or didChange would be too.
    """
    client = pulling_client
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=URI, language_id="yaml", version=1, text=INTAKE)))
    report = await pull(client)
    assert report.kind == "full" and [item.code for item in report.items] == ["unknown-key"]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=span(INTAKE, "clinet", "utf-8"), text="client")]))
    report = await pull(client, previous="v1")
    assert report.kind == "full" and report.result_id == "v2" and list(report.items) == []
    assert client.publications == [], "diagnostics were pushed to a client that pulls them"


# --- 10. lifecycle, with a raw client --------------------------------------------------------------


class RawClient:
    """LSP over the server's stdio with explicit `Content-Length` framing (body in UTF-8 bytes)."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self.next_id = 0

    @classmethod
    async def start(cls, binary: str, stderr_path: pathlib.Path) -> RawClient:
        with stderr_path.open("wb") as stderr:
            process = await asyncio.create_subprocess_exec(
                binary, "serve", "--stdio", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=stderr
            )
        return cls(process)

    def send(self, message: dict):
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    async def receive(self) -> dict:
        length = None
        while True:
            line = await within(self.process.stdout.readline())
            assert line, "the server closed stdout"
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        assert length is not None
        return json.loads(await within(self.process.stdout.readexactly(length)))

    async def request(self, method: str, params=None) -> dict:
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        while True:
            reply = await self.receive()
            if reply.get("id") == self.next_id and "method" not in reply:
                return reply

    def notify(self, method: str, params=None):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    async def exit_status(self) -> int:
        return await within(self.process.wait())

    async def kill(self):
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


@pytest_asyncio.fixture
async def raw(orchestrator, tmp_path):
    client = await RawClient.start(orchestrator, tmp_path / "stderr.log")
    try:
        yield client
    finally:
        await client.kill()


async def initialize(raw: RawClient) -> dict:
    reply = await raw.request("initialize", {"processId": os.getpid(), "capabilities": {}})
    assert "result" in reply, reply
    raw.notify("initialized", {})
    return reply["result"]


@pytest.mark.asyncio
async def test_requests_before_initialize_are_refused_then_shutdown_exit_is_0(raw: RawClient):
    where = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}
    reply = await raw.request("textDocument/hover", where)
    assert reply["error"]["code"] == -32002, reply
    reply = await raw.request("textDocument/completion", where)
    assert reply["error"]["code"] == -32002, reply

    result = await initialize(raw)
    assert result["capabilities"]["positionEncoding"] == "utf-16"

    # The body is raw UTF-8 here (pygls escapes non-ASCII), so Content-Length counts 🚀 as 4 bytes.
    raw.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": INTAKE}},
    )
    publication = await raw.receive()
    assert publication["method"] == "textDocument/publishDiagnostics"
    assert publication["params"]["version"] == 1
    [diagnostic] = publication["params"]["diagnostics"]
    assert diagnostic["range"] == {"start": {"line": 0, "character": 29}, "end": {"line": 0, "character": 35}}

    reply = await raw.request("shutdown")
    assert "error" not in reply and reply["result"] is None, reply
    reply = await raw.request("textDocument/hover", where)
    assert reply["error"]["code"] == -32600, reply  # after shutdown only `exit` is accepted
    raw.notify("exit")
    assert await raw.exit_status() == 0


@pytest.mark.asyncio
async def test_exit_without_shutdown_is_1(raw: RawClient):
    await initialize(raw)
    raw.notify("exit")
    assert await raw.exit_status() == 1


# --- 11. protocol conformance found by an outside audit (issue 16) ---------------------------------


@pytest.mark.asyncio
async def test_a_failed_initialize_leaves_the_connection_uninitialised_and_a_retry_works(raw: RawClient):
    bad = await raw.request("initialize", {"capabilities": {"general": {"positionEncodings": "utf-8"}}})
    assert bad["error"]["code"] == -32602, bad
    where = {"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}
    refused = await raw.request("textDocument/hover", where)
    assert refused["error"]["code"] == -32002, "still not initialized after a failed initialize"
    retried = await raw.request("initialize", {"capabilities": {"general": {"positionEncodings": ["utf-8"]}}})
    assert retried["result"]["capabilities"]["positionEncoding"] == "utf-8", retried
    again = await raw.request("initialize", {"capabilities": {}})
    assert again["error"]["code"] == -32600, "a successful initialize still happens once"


@pytest.mark.asyncio
async def test_utf32_is_negotiated_when_offered_and_ranges_count_code_points(raw: RawClient):
    reply = await raw.request("initialize", {"capabilities": {"general": {"positionEncodings": ["utf-32", "utf-16"]}}})
    assert reply["result"]["capabilities"]["positionEncoding"] == "utf-32"
    raw.notify("initialized", {})
    raw.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": INTAKE}})
    publication = await raw.receive()
    [diagnostic] = publication["params"]["diagnostics"]
    start = INTAKE.index("clinet")
    # 🚀 is one code point: in UTF-32 the key starts one column before its UTF-16 column (29).
    assert diagnostic["range"]["start"] == {"line": 0, "character": start} and start == 28
    assert diagnostic["range"]["end"] == {"line": 0, "character": start + len("clinet")}


@pytest.mark.asyncio
async def test_hover_and_completion_documentation_are_plain_text_for_a_plaintext_only_client(raw: RawClient):
    plaintext = {"contentFormat": ["plaintext"]}
    completion = {"completionItem": {"documentationFormat": ["plaintext"]}}
    await raw.request("initialize", {"capabilities": {"textDocument": {"hover": plaintext, "completion": completion}}})
    raw.notify("initialized", {})
    raw.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": INTAKE}})
    await raw.receive()
    line = INTAKE.splitlines()[6]  # "  budget_tokens: 2000000"
    hover = await raw.request(
        "textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": 6, "character": line.index("budget")}}
    )
    contents = hover["result"]["contents"]
    assert contents["kind"] == "plaintext", contents
    assert contents["value"].startswith("budget_tokens · integer"), contents["value"]
    assert "**" not in contents["value"] and "`" not in contents["value"]
    items = await raw.request("textDocument/completion", {"textDocument": {"uri": URI}, "position": {"line": 5, "character": 2}})
    documented = [item["documentation"] for item in items["result"]["items"] if "documentation" in item]
    assert documented and all(doc["kind"] == "plaintext" and "**" not in doc["value"] for doc in documented)


@pytest.mark.asyncio
async def test_markdown_stays_for_a_client_that_prefers_it(raw: RawClient):
    formats = {"contentFormat": ["markdown", "plaintext"]}
    await raw.request("initialize", {"capabilities": {"textDocument": {"hover": formats}}})
    raw.notify("textDocument/didOpen", {"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": INTAKE}})
    await raw.receive()
    hover = await raw.request("textDocument/hover", {"textDocument": {"uri": URI}, "position": {"line": 6, "character": 3}})
    assert hover["result"]["contents"]["kind"] == "markdown"
    assert hover["result"]["contents"]["value"].startswith("**budget_tokens**")
