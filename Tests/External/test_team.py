"""Agents as a team, from outside: the seed's prompt file checked by `validate` and `run start`, references to
agents and skills checked with "did you mean", inflected skill triggers, and the analytics example run offline
with every subagent at work, its phases reviewed, deterministically."""
import json
import pathlib
import shutil

from conftest import ROOT, run

EXAMPLE = ROOT / "examples/analytics"
SEED_AGENT = EXAMPLE / "agents/developer.yaml"
SEED_SUBAGENTS = {
    "architect.data", "architect.security", "data.ingestion", "data.transform", "developer.frontend",
    "developer.backend", "qa.unit", "qa.integration", "documentarian.api", "documentarian.user",
    "steward.security",
}


def system_prompt_line(text: str) -> int:
    """The 1-based line of the `system_prompt` key."""
    return next(i + 1 for i, line in enumerate(text.splitlines()) if line.strip().startswith("system_prompt:"))


def test_the_seed_agent_without_its_prompt_file_is_an_error_at_the_system_prompt_line(orchestrator, tmp_path):
    agents = tmp_path / "agents"
    agents.mkdir()
    shutil.copy(SEED_AGENT, agents / "developer.yaml")
    line = system_prompt_line(SEED_AGENT.read_text())
    checked = run(orchestrator, "validate", "agents/developer.yaml", cwd=tmp_path)
    assert checked.returncode == 1, checked.stdout
    assert f"agents/developer.yaml:{line}:3: error: system_prompt names the file" in checked.stdout
    assert "prompts/developer.md" in checked.stdout and "[missing-prompt-file]" in checked.stdout
    as_json = json.loads(run(orchestrator, "validate", "agents/developer.yaml", "--format", "json", cwd=tmp_path).stdout)
    [diagnostic] = [d for f in as_json["files"] for d in f["diagnostics"]]
    assert diagnostic["code"] == "missing-prompt-file" and diagnostic["range"]["start"]["line"] == line - 1
    # run start refuses, at the same place, and records nothing.
    shutil.copy(EXAMPLE / "intake.yaml", tmp_path / "intake.yaml")
    started = run(orchestrator, "run", "start", "--intake", "intake.yaml", cwd=tmp_path, timeout=120)
    assert started.returncode == 1
    assert f"developer.yaml:{line}:3" in started.stdout + started.stderr
    assert not (tmp_path / ".orchestrator").exists()
    # With the file beside it, the agent validates and the prompt shown is the file's text, not its path.
    (agents / "prompts").mkdir()
    shutil.copy(EXAMPLE / "agents/prompts/developer.md", agents / "prompts/developer.md")
    assert run(orchestrator, "validate", "agents/developer.yaml", cwd=tmp_path).returncode == 0
    shown = json.loads(run(orchestrator, "agents", "show", "developer", "--json", cwd=tmp_path).stdout)
    assert shown["systemPrompt"] == (EXAMPLE / "agents/prompts/developer.md").read_text()


def test_validate_names_unknown_agents_and_skills_with_did_you_mean(orchestrator, tmp_path):
    (tmp_path / "intake.yaml").write_text(
        "project:\n  name: p\nrequirements: [a]\nphases: [planning, architecture, development, qa, documentation]\n"
        "agents:\n  qa: [qa, reviewr]\n")
    (tmp_path / "agents").mkdir()
    (tmp_path / "agents/lead.yaml").write_text(
        "agent:\n  id: lead\n  skills: [code_generation, test_writting]\n  subagents:\n    - id: lead.a\n"
        "      skills: [no_such_skill_at_all]\n")
    checked = run(orchestrator, "validate", ".", cwd=tmp_path)
    assert checked.returncode == 1
    assert "intake.yaml:6:12: error: no agent 'reviewr' (built in or in agents/*.yaml); did you mean 'reviewer'?" \
        in checked.stdout
    assert "did you mean 'test_writing'?" in checked.stdout
    assert "no skill 'no_such_skill_at_all'" in checked.stdout and "[unknown-skill]" in checked.stdout
    # Agents the workspace defines are known.
    (tmp_path / "agents/reviewr.yaml").write_text("agent:\n  id: reviewr\n  phases: [qa]\n")
    assert "reviewr" not in run(orchestrator, "validate", "intake.yaml", cwd=tmp_path).stdout


def test_skills_match_lists_the_seed_skill_for_the_seed_requirement(orchestrator, tmp_path):
    for where in (tmp_path, EXAMPLE):
        matched = json.loads(run(orchestrator, "skills", "match", "Build demand forecasting model", "--json",
                                 cwd=where).stdout)["matches"]
        assert matched[0]["id"] == "time_series_forecasting", matched
        assert matched[0]["reasons"]
    # A skill whose only trigger is "forecast" (the seed's, as the issue found it) matches through the inflection.
    (tmp_path / "skills").mkdir()
    (tmp_path / "skills/time_series_forecasting.yaml").write_text(
        'skill:\n  id: time_series_forecasting\n  version: "1.0.0"\n  triggers: ["forecast"]\n'
        "  methodology:\n    - step: data_preparation\n")
    text = run(orchestrator, "skills", "match", "Build demand forecasting model", cwd=tmp_path)
    assert text.returncode == 0
    assert "time_series_forecasting" in text.stdout
    assert "'forecast' matched 'forecasting' (inflection)" in text.stdout


def tree(root: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".orchestrator" not in p.relative_to(root).parts}


def run_example(orchestrator, workspace: pathlib.Path) -> dict:
    shutil.copytree(EXAMPLE, workspace)
    done = run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=workspace, timeout=300)
    # Acme's coverage gate blocks CP5 on the legacy code; everything before it ran.
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout)


def test_the_analytics_example_works_as_a_team_offline_and_deterministically(orchestrator, tmp_path):
    report = run_example(orchestrator, tmp_path / "one")
    phases = {p["phase"]: p for p in report["phases"]}
    assert phases["qa"]["status"] == "blocked"
    ran = set().union(*(set(p["subagents"]) for p in report["phases"]))
    assert SEED_SUBAGENTS - {"documentarian.api", "documentarian.user"} <= ran  # documentation comes after CP5
    assert phases["planning"]["agents"] == ["planner"]
    for phase, reviewer in (("planning", "consensus"), ("architecture", "consensus"), ("development", "reviewer")):
        review = phases[phase]["review"]
        assert review["reviewer"] == reviewer and review["outcome"] == "approved", review
    assert phases["development"]["review"]["verdicts"] == ["request_changes", "approve"]
    assert phases["development"]["review"]["answered"] == phases["development"]["review"]["findings"] > 0

    shown = json.loads(run(orchestrator, "checkpoint", "show", "CP4", "--json", cwd=tmp_path / "one").stdout)
    first = shown["reviews"][0]
    assert first["kind"] == "code" and first["verdict"] == "request_changes"
    finding = first["findings"][0]
    assert set(finding["range"]["start"]) == {"line", "character"} and finding["answer"]["by"] == "developer"
    assert {d["subagent"] for d in shown["delegations"]} == {"developer.frontend", "developer.backend",
                                                            "steward.security"}

    ledger = json.loads(run(orchestrator, "budget", "report", "--json", cwd=tmp_path / "one").stdout)
    charged = {line["subagent"] for line in ledger["report"]["bySubagent"] if line["calls"] > 0}
    assert ran <= charged

    status = run(orchestrator, "run", "status", cwd=tmp_path / "one").stdout
    assert "architect (architect.data, architect.security), steward (steward.security)" in status
    assert "reviewer: request_changes → approve" in status

    # Same intake, same bytes.
    run_example(orchestrator, tmp_path / "two")
    left, right = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert left.keys() == right.keys()
    assert [path for path in left if left[path] != right[path]] == []
