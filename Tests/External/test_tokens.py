"""Token management through the binary: the ledger against a loopback Anthropic server that reports known
usage, budgets enforced before a call (the server sees no request past the budget), `budget set` then
`run resume`, rollover between phases, and the report formats."""
import csv
import io
import json
import os
import subprocess
import threading
from decimal import Decimal
from http.server import ThreadingHTTPServer

import pytest

from conftest import run, write_ci_coverage
from test_agents import ScriptedModel
from test_service_core import stdio_session

# Sonnet 4.x list prices, USD per million tokens: input, 5-minute cache write, cache read, output.
SONNET = {"input": Decimal(3), "write": Decimal("3.75"), "read": Decimal("0.30"), "output": Decimal(15)}


@pytest.fixture
def model_server():
    ScriptedModel.requests = []
    ScriptedModel.counts = []
    ScriptedModel.repeated_ids = set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), ScriptedModel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def orchestrator_env(server) -> dict:
    return {**os.environ, "ANTHROPIC_API_KEY": "test-key",
            "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{server.server_address[1]}"}


def call(orchestrator, workspace, env, *args, timeout=120):
    return subprocess.run([orchestrator, *args], cwd=workspace, capture_output=True, text=True, timeout=timeout,
                          env=env)


def test_the_ledger_matches_the_scripted_usage_exactly_and_charges_a_repeated_message_id_once(
        orchestrator, tmp_path, model_server):
    ScriptedModel.repeated_ids = {2}
    env = orchestrator_env(model_server)
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    write_ci_coverage(tmp_path)
    done = call(orchestrator, tmp_path, env, "run", "start", "--intake", "intake.yaml", "--provider", "anthropic",
                "--model", "claude-sonnet-4-5", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    requests = len(ScriptedModel.requests)
    calls = requests - 1  # the second answer repeated the first one's message id
    usage = ScriptedModel.usage
    per_call = (usage["input_tokens"] * SONNET["input"] + usage["cache_creation_input_tokens"] * SONNET["write"]
                + usage["cache_read_input_tokens"] * SONNET["read"]
                + usage["output_tokens"] * SONNET["output"]) / Decimal(1_000_000)

    report = json.loads(call(orchestrator, tmp_path, env, "budget", "report", "--format", "json").stdout)["report"]
    total = report["total"]
    assert total["calls"] == calls and report["duplicatesIgnored"] == 0
    assert total["usage"] == {"inputTokens": 100 * calls, "cacheCreationInputTokens": 20 * calls,
                              "cacheReadInputTokens": 30 * calls, "outputTokens": 42 * calls}
    assert Decimal(str(total["costUSD"])) == per_call * calls
    # By phase and by agent: every line is exactly its calls times the scripted usage and price.
    for lines in (report["byPhase"], report["byAgent"]):
        assert sum(line["calls"] for line in lines) == calls
        for line in lines:
            n = line["calls"]
            assert line["usage"] == {"inputTokens": 100 * n, "cacheCreationInputTokens": 20 * n,
                                     "cacheReadInputTokens": 30 * n, "outputTokens": 42 * n}, line
            assert Decimal(str(line["costUSD"])) == per_call * n, line
    assert {line["phase"] for line in report["byPhase"]} == {
        "planning", "architecture", "data", "development", "qa", "documentation"}
    assert {line["model"] for line in report["byModel"]} == {"claude-sonnet-4-5"}
    status = json.loads(call(orchestrator, tmp_path, env, "run", "status", "--json").stdout)
    assert status["tokens"]["calls"] == calls and status["tokens"]["total"] == 192 * calls

    rows = list(csv.DictReader(io.StringIO(
        call(orchestrator, tmp_path, env, "budget", "report", "--format", "csv").stdout)))
    assert rows, "the CSV report has rows"


def test_a_budget_blocks_before_the_call_that_would_exceed_it_and_budget_set_then_resume_finishes(
        orchestrator, tmp_path, model_server):
    env = orchestrator_env(model_server)
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    write_ci_coverage(tmp_path)
    intake = (tmp_path / "intake.yaml").read_text().replace("budget_tokens: 2000000", "budget_tokens: 1")
    (tmp_path / "intake.yaml").write_text(intake)
    started = call(orchestrator, tmp_path, env, "run", "start", "--intake", "intake.yaml", "--provider",
                   "anthropic", "--json")
    report = json.loads(started.stdout)
    assert started.returncode == 1 and report["status"] == "paused"
    assert "budget: workflow: needs" in report["reason"] and "of 1 left" in report["reason"], report["reason"]
    assert ScriptedModel.requests == [], "no call is made that the budget cannot pay for"
    # The prompt was counted by the API before the budget decided (the model's own count, not an estimate).
    assert len(ScriptedModel.counts) == 1 and "max_tokens" not in ScriptedModel.counts[0]
    assert "needs 10,192 tokens" in report["reason"], report["reason"]  # 2,000 counted + 8,192 max_tokens

    # Enough for the workflow, but the data agent may spend nothing: planning and architecture pass, data stops.
    assert call(orchestrator, tmp_path, env, "budget", "set", "--max-tokens", "5000000").returncode == 0
    limited = call(orchestrator, tmp_path, env, "budget", "set", "--phase", "data", "--agent", "data",
                   "--max-tokens", "1", "--json")
    assert limited.returncode == 0, limited.stderr
    resumed = call(orchestrator, tmp_path, env, "run", "resume", "--provider", "anthropic", "--json")
    report = json.loads(resumed.stdout)
    assert resumed.returncode == 1 and report["status"] == "paused"
    phases = {p["phase"]: p["status"] for p in report["phases"]}
    assert phases["planning"] == "passed" and phases["architecture"] == "passed" and phases["data"] == "blocked"
    assert "budget: agent data/data: needs" in report["reason"], report["reason"]
    seen = len(ScriptedModel.requests)
    ledger = json.loads(call(orchestrator, tmp_path, env, "budget", "report", "--json").stdout)["report"]
    assert ledger["total"]["calls"] == seen, "every request the server saw is charged, and no other was made"
    assert not any(line["phase"] == "data" for line in ledger["byPhase"])

    assert call(orchestrator, tmp_path, env, "budget", "set", "--phase", "data", "--agent", "data",
                "--max-tokens", "1000000").returncode == 0
    finished = call(orchestrator, tmp_path, env, "run", "resume", "--provider", "anthropic", "--json")
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert json.loads(finished.stdout)["status"] == "completed"
    assert len(ScriptedModel.requests) > seen


def test_rollover_a_phase_leaves_what_it_did_not_spend_to_the_next(orchestrator, tmp_path):
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    assert run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=tmp_path,
               timeout=120).returncode == 0
    status = json.loads(run(orchestrator, "budget", "status", "--json", cwd=tmp_path).stdout)
    levels = {level["scope"]: level for level in status["levels"]}
    workflow = levels["workflow"]["limitTokens"]
    assert workflow == 2_000_000
    planning, architecture = levels["phase:planning"], levels["phase:architecture"]
    # Default shares over the six listed phases: planning 10%, architecture 15%.
    assert planning["limitTokens"] == workflow * 10 // 100
    assert 0 < planning["spentTokens"] < planning["limitTokens"]
    assert architecture["limitTokens"] == workflow * 15 // 100 + planning["limitTokens"] - planning["spentTokens"]
    text = run(orchestrator, "budget", "status", cwd=tmp_path).stdout
    assert "planning" in text and "[" in text and "\x1b[" not in text


def test_budget_set_refuses_what_cannot_apply(orchestrator, tmp_path):
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    assert run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=tmp_path,
               timeout=120).returncode == 0
    no_limit = run(orchestrator, "budget", "set", cwd=tmp_path)
    assert no_limit.returncode == 2 and "--max-tokens" in no_limit.stderr
    wrong_agent = run(orchestrator, "budget", "set", "--agent", "nobody", "--max-tokens", "5", cwd=tmp_path)
    assert wrong_agent.returncode == 2 and "agent 'nobody' does not run" in wrong_agent.stderr
    bad_money = run(orchestrator, "budget", "set", "--usd", "lots", cwd=tmp_path)
    assert bad_money.returncode == 2 and "--usd" in bad_money.stderr


def test_the_context_optimiser_reports_each_strategy_on_the_analytics_example(orchestrator, tmp_path):
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    assert run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=tmp_path,
               timeout=120).returncode == 0
    first = json.loads(run(orchestrator, "budget", "context", "--allotment", "2000", "--json", cwd=tmp_path).stdout)
    rows = {row["strategy"]: row for row in first["report"]["rows"]}
    assert set(rows) == {"selective_loading", "progressive_expansion", "hand_off_summaries", "prompt_caching"}
    assert first["documents"] >= 11 and first["allotment"] == 2000
    selective = rows["selective_loading"]
    assert selective["tokensWith"] <= 2000 < selective["tokensWithout"]
    assert rows["progressive_expansion"]["tokensWith"] < rows["progressive_expansion"]["tokensWithout"]
    hand_off = rows["hand_off_summaries"]
    assert hand_off["tokensWithout"] >= 5 * hand_off["tokensWith"] > 0, hand_off
    for row in rows.values():
        assert row["saved"] == row["tokensWithout"] - row["tokensWith"]
    # The run's phases summarised the documents they started from into the cache; the rest are made now.
    cache = first["report"]["summaryCache"]
    assert cache["hits"] + cache["misses"] == first["documents"], cache
    # The summaries of unchanged files come from the cache, keyed by their content.
    again = json.loads(run(orchestrator, "budget", "context", "--json", cwd=tmp_path).stdout)
    assert again["report"]["summaryCache"]["hits"] == again["documents"]
    text = run(orchestrator, "budget", "context", cwd=tmp_path).stdout
    assert "hand-off summaries" in text and "\x1b[" not in text


def test_a_phase_can_be_given_a_share_of_the_workflow_instead_of_the_default(orchestrator, tmp_path):
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    assert run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=tmp_path,
               timeout=120).returncode == 0
    before = {l["scope"]: l for l in json.loads(run(orchestrator, "budget", "status", "--json",
                                                    cwd=tmp_path).stdout)["levels"]}
    changed = run(orchestrator, "budget", "set", "--phase", "planning", "--share", "30", "--json", cwd=tmp_path)
    assert changed.returncode == 0, changed.stderr
    after = {l["scope"]: l for l in json.loads(changed.stdout)["levels"]}
    assert before["phase:planning"]["limitTokens"] == 200_000
    assert after["phase:planning"]["limitTokens"] == 600_000  # 30% of 2,000,000
    mixed = run(orchestrator, "budget", "set", "--phase", "qa", "--share", "30", "--max-tokens", "5", cwd=tmp_path)
    assert mixed.returncode == 2 and "--share replaces fixed limits" in mixed.stderr


def test_a_zero_limit_is_refused_by_budget_set_and_budget_rpc_as_the_intake_schema_refuses_it(orchestrator, tmp_path):
    """Issue 16, item 3: one check, the intake schema's bounds and words, on every path a limit comes in by."""
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    intake = (tmp_path / "intake.yaml").read_text()
    (tmp_path / "zero.yaml").write_text(intake.replace("budget_tokens: 2000000", "budget_tokens: 0"))
    validated = run(orchestrator, "validate", "zero.yaml", cwd=tmp_path)
    assert validated.returncode == 1 and "'budget_tokens' must be greater than 0; found 0" in validated.stdout, \
        validated.stdout
    assert run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=tmp_path,
               timeout=120).returncode == 0

    for args, words in [(["--max-tokens", "0"], "--max-tokens must be greater than 0; found 0"),
                        (["--max-tokens=-3", "--phase", "qa"], "--max-tokens must be greater than 0; found -3"),
                        (["--usd", "0"], "--usd must be greater than 0; found 0")]:
        refused = run(orchestrator, "budget", "set", *args, cwd=tmp_path)
        assert refused.returncode == 2 and words in refused.stderr, (args, refused.stderr)

    replies = {m["id"]: m for m in stdio_session(orchestrator, tmp_path,
        {"jsonrpc": "2.0", "id": 1, "method": "budget/set", "params": {"maxTokens": 0}},
        {"jsonrpc": "2.0", "id": 2, "method": "budget/set", "params": {"usd": "0", "phase": "qa"}},
        {"jsonrpc": "2.0", "id": 3, "method": "budget/set", "params": {"maxTokens": 5}})}
    assert replies[1]["error"]["code"] == -32602, replies[1]
    assert replies[1]["error"]["message"] == 'Invalid params: member "/maxTokens" must be greater than 0; found 0'
    assert replies[1]["error"]["data"] == {"pointer": "/maxTokens"}
    assert replies[2]["error"]["data"] == {"pointer": "/usd"}, replies[2]
    assert "must be greater than 0; found 0" in replies[2]["error"]["message"]
    levels = {l["scope"]: l for l in replies[3]["result"]["levels"]}
    assert levels["workflow"]["limitTokens"] == 5, "a valid limit still goes through"


def test_an_explicit_phase_limit_is_a_cap_and_earlier_rollover_flows_past_it(orchestrator, tmp_path):
    """Issue 16, item 4: `budget set --phase architecture --max-tokens 100000` showed 185,879 (rollover added)."""
    assert run(orchestrator, "init", cwd=tmp_path).returncode == 0
    assert run(orchestrator, "run", "start", "--intake", "intake.yaml", "--json", cwd=tmp_path,
               timeout=120).returncode == 0
    capped = run(orchestrator, "budget", "set", "--phase", "architecture", "--max-tokens", "100000", "--json",
                 cwd=tmp_path)
    assert capped.returncode == 0, capped.stderr
    levels = {l["scope"]: l for l in json.loads(capped.stdout)["levels"]}
    planning, architecture, data = levels["phase:planning"], levels["phase:architecture"], levels["phase:data"]
    assert 0 < planning["spentTokens"] < planning["limitTokens"], "planning left something to roll over"
    assert architecture["limitTokens"] == 100_000
    # Fixed limits come out of the workflow first; the five default phases share the other 1,900,000 by weight
    # (10 : 10 : 35 : 20 : 10 for planning, data, development, qa, documentation). Data gets its share plus what
    # planning and architecture left.
    share = 1_900_000 * 10 // 85  # 223,529.4: rounding gives a leftover token to some phases
    assert planning["limitTokens"] in (share, share + 1)
    left = (planning["limitTokens"] - planning["spentTokens"]) + (100_000 - architecture["spentTokens"])
    assert data["limitTokens"] - left in (share, share + 1), (data, left)
