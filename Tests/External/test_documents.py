"""The documents say what the binary does: every diagnostic code it can emit is in docs/diagnostics.md and every
code listed there is emitted somewhere; the framing example of protocol/README.md is what the server answers, byte
for byte; the server/info example of clients/README.md lists exactly the methods served.
"""
import json
import pathlib
import re
import subprocess

from conftest import ROOT

SOURCES = ROOT / "Sources"
KEBAB = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+"


def swift_sources() -> dict:
    return {path: path.read_text(encoding="utf-8") for path in SOURCES.rglob("*.swift") if "Generated" not in path.parts}


def defined_codes(sources: dict) -> dict:
    """Code constant name -> code: every member of Config's DiagnosticCode, and every `static let …Code = "…"`."""
    codes = {}
    for path, text in sources.items():
        for name, value in re.findall(rf'static let (\w+) = "({KEBAB})"', text):
            if path.name == "DiagnosticCode.swift":
                codes[f"DiagnosticCode.{name}"] = value
            elif name.endswith("Code"):
                codes[name] = value
    return codes


def documented_codes() -> set:
    """The codes in the first column of docs/diagnostics.md's tables."""
    codes = set()
    for line in (ROOT / "docs/diagnostics.md").read_text(encoding="utf-8").splitlines():
        cells = line.split("|")
        if line.startswith("|") and len(cells) > 2:
            codes.update(re.findall(rf"`({KEBAB})`", cells[1]))
    return codes


def test_every_diagnostic_code_is_documented_and_every_documented_code_is_used():
    sources = swift_sources()
    codes = defined_codes(sources)
    assert len(codes) > 40, codes  # the scan found the catalogue
    literal = [f"{path.relative_to(ROOT)}: {match}" for path, text in sources.items()
               for match in re.findall(rf'code: "{KEBAB}"', text)]
    assert not literal, f"diagnostics made with a code written out instead of a named constant: {literal}"
    unused = []
    for name, value in codes.items():
        short = name.split(".")[-1]
        pattern = re.compile(rf"(DiagnosticCode\.{short}\b)" if name.startswith("DiagnosticCode.") else rf"\b{short}\b")
        uses = sum(len(pattern.findall(text)) for text in sources.values())
        definitions = 0 if name.startswith("DiagnosticCode.") else 1
        if uses <= definitions:
            unused.append(f"{name} = {value}")
    assert not unused, f"codes defined but never emitted: {unused}"
    documented = documented_codes()
    emitted = set(codes.values())
    assert sorted(emitted - documented) == [], "emitted but not in docs/diagnostics.md"
    assert sorted(documented - emitted) == [], "in docs/diagnostics.md but never emitted"


def serve_stdio(orchestrator: str, data: bytes) -> bytes:
    result = subprocess.run([orchestrator, "serve", "--stdio"], input=data, capture_output=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_protocol_readme_framing_example_is_what_the_server_sends(orchestrator):
    text = (ROOT / "protocol/README.md").read_text(encoding="utf-8")
    section = text.split("## Framing", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```text\n(.*?)```", section, re.S)
    assert len(blocks) == 2, blocks
    for block in blocks:
        sent = re.search(r"^→ (.*)$", block, re.M).group(1).replace("\\r\\n", "\r\n").replace("\\n", "\n")
        expected = re.search(r"^← (.*)$", block, re.M).group(1).replace("\\r\\n", "\r\n").replace("\\n", "\n")
        assert serve_stdio(orchestrator, sent.encode()) == expected.encode()


def test_clients_readme_server_info_lists_the_methods_served(orchestrator):
    text = (ROOT / "clients/README.md").read_text(encoding="utf-8")
    shown = json.loads(text.split("$ clients/orchestrator-rpc server/info\n", 1)[1].split("\n", 1)[0])
    request = b'{"jsonrpc":"2.0","id":1,"method":"server/info"}\n'
    served = json.loads(serve_stdio(orchestrator, request))["result"]
    assert shown["methods"] == served["methods"]
    assert (shown["capabilities"], shown["limits"]) == (served["capabilities"], served["limits"])
    assert sorted(shown) == sorted(served)
