"""Every `--json` output of the CLI speaks camelCase, as every RPC result does (protocol version 2).

The walk is over real outputs of a workspace that ran the analytics workflow: every command that prints JSON,
run as a user would. The one exception is documented in protocol/README.md: the parameter names inside a tool's
JSON Schema (`tools list|show`) are the tool's model-facing interface, written as Anthropic's own tools are.
"""
import json
import pathlib
import re
import shutil
import tempfile

import pytest

from conftest import run

SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")

COMMANDS = [
    ["run", "start", "--intake", "intake.yaml", "--json"],
    ["run", "status", "--json"],
    ["run", "list", "--json"],
    ["run", "resume", "--json"],
    ["checkpoint", "list", "--json"],
    ["checkpoint", "show", "CP2", "--json"],
    ["checkpoint", "rollback", "CP4", "--dry-run", "--json"],
    ["budget", "status", "--json"],
    ["budget", "report", "--json"],
    ["budget", "report", "--format", "json"],
    ["budget", "context", "--json"],
    ["budget", "set", "--max-tokens", "90000000", "--json"],
    ["agents", "list", "--json"],
    ["agents", "show", "developer", "--json"],
    ["tools", "list", "--json"],
    ["tools", "show", "file_system", "--json"],
    ["skills", "list", "--json"],
    ["skills", "show", "test_writing", "--json"],
    ["skills", "match", "build a dashboard", "--json"],
    ["governance", "validate", "--json"],
    ["governance", "check", "--phase", "qa", "--json"],
    ["governance", "audit", "--verify", "--json"],
    ["validate", "--format", "json", "intake.yaml"],
    ["checkpoint", "prune", "--keep-last", "1", "--json"],
    ["run", "start", "--intake", "intake.yaml", "--detach", "--json"],
    ["run", "cancel", "--json"],
]


def snake_case_keys(value, path="") -> list:
    found = []
    if isinstance(value, dict):
        schema = value.get("type") == "object" and isinstance(value.get("properties"), dict)
        for key, item in value.items():
            if schema and key == "properties":
                continue  # a JSON Schema's parameter names are the schema's data, not keys of our output
            if SNAKE.match(key):
                found.append(f"{path}.{key}")
            found += snake_case_keys(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            found += snake_case_keys(item, f"{path}[]")
    return found


@pytest.fixture(scope="module")
def workspace():
    directory = pathlib.Path(tempfile.mkdtemp(prefix="orc-keys-"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def test_the_walk_finds_a_snake_case_key_when_there_is_one():
    assert snake_case_keys({"a": [{"fooBar": 1, "by_phase": {}}]}) == [".a[].by_phase"]
    assert snake_case_keys({"type": "object", "properties": {"max_rows": {}}}) == []


def test_every_json_output_of_the_cli_uses_camel_case_keys(orchestrator, workspace):
    assert run(orchestrator, "init", cwd=workspace).returncode == 0
    offending = {}
    for command in COMMANDS:
        result = run(orchestrator, *command, cwd=workspace, timeout=120)
        assert result.stdout.strip(), f"{command} printed nothing: {result.stderr}"
        keys = snake_case_keys(json.loads(result.stdout))
        if keys:
            offending[" ".join(command)] = sorted(set(keys))
    assert offending == {}
