#!/usr/bin/env python3
"""Writes the benchmark's intake: a valid intake.yaml of exactly 10,000 lines.

Both sides of `make bench` (the Swift benchmark and compare_validation.py) read the file this writes,
so the timings compare the same bytes. The content is deterministic by construction (no random
module, whose sequences may change between Python versions) and realistic: a project, thousands of
requirements in varied wording and quoting styles with some non-ASCII text, the phases and
constraints. It must stay valid for both validators, or the benchmark measures error reporting.

Usage: generate_intake.py OUTPUT [--lines N]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_LINES = 10_000

VERBS = [
    "Build", "Design", "Document", "Expose", "Migrate", "Validate", "Index", "Cache", "Monitor",
    "Export", "Import", "Localise", "Encrypt", "Audit", "Benchmark", "Deduplicate", "Archive",
    "Stream", "Reconcile", "Forecast", "Visualise", "Schedule", "Throttle", "Backfill",
]
OBJECTS = [
    "the demand forecasting model", "an executive dashboard", "the customer API endpoints",
    "nightly sales aggregates", "the café loyalty ledger", "order events from 日本 stores",
    "the product catalogue", "invoice PDFs", "the churn prediction features", "warehouse stock levels",
    "payment reconciliation reports", "the rocket 🚀 launch metrics", "supplier contracts",
    "session analytics", "the résumé parsing pipeline", "regional price lists", "support tickets",
    "the data retention policy", "marketing attribution", "the anomaly alerts",
]
QUALIFIERS = [
    "for every region", "within 200 ms at p99", "with full audit trail", "behind a feature flag",
    "for the Zürich and Montréal teams", "using incremental loads", "with row-level security",
    "in under 5 minutes per run", "for mobile and web clients", "with GDPR-compliant deletion",
    "across 3 availability zones", "with daily snapshots", "for 東京 and 大阪 offices",
    "without downtime", "with 99.9% availability",
]
REASONS = [
    "so that finance can close the month", "because the board asked for it", "to cut support load",
    "so analysts stop exporting spreadsheets", "to meet the SLA", "as agreed in the kickoff",
]


def requirement_line(index: int) -> str:
    """One requirement as a YAML sequence item, in one of several scalar styles."""
    text = (
        f"{VERBS[index % len(VERBS)]} {OBJECTS[(index * 7) % len(OBJECTS)]} "
        f"{QUALIFIERS[(index * 11) % len(QUALIFIERS)]}"
    )
    if index % 3 == 0:
        text += f", {REASONS[(index * 5) % len(REASONS)]}"
    text += f" (REQ-{index + 1:05d})"
    style = index % 20
    if style < 12:
        return f"  - {text}"
    if style < 16:
        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        if style == 13:
            quoted += ' with \\"quoted\\" terms and a tab\\tescape'
        return f'  - "{quoted}"'
    if style < 19:
        return "  - '" + (text + " per the client's brief").replace("'", "''") + "'"
    return f"  - {text}  # owner: team {index % 9 + 1}"


def render(total_lines: int) -> list[str]:
    """The whole file as lines; the requirement count fills it up to exactly `total_lines`."""
    head = [
        "# Benchmark intake written by Benchmarks/generate_intake.py; do not edit.",
        "project:",
        '  name: "Customer Analytics Platform — Europe & 日本"',
        "  client: acme-corp",
        "  description: >-",
        "    A platform for forecasting demand, reconciling payments and reporting to",
        "    executives in every region where the café chain operates. 🚀",
        "requirements:",
    ]
    tail = [
        "phases:",
        "  - planning",
        "  - architecture",
        "  - data",
        "  - development",
        "  - qa",
        "  - documentation",
        "constraints:",
        '  timeline: "12 weeks"',
        "  budget_tokens: 50000000",
        "  budget_usd: 1250.5",
        "  max_concurrent_agents: 8",
        "provider:",
        "  name: offline",
        "agents:",
        "  development: [developer, developer.backend, steward]",
        "artifacts:",
        '  documentation: ["docs/**/*.md", "README.md"]',
    ]
    count = total_lines - len(head) - len(tail)
    if count < 1:
        raise ValueError(f"--lines must be at least {len(head) + len(tail) + 1}")
    return head + [requirement_line(index) for index in range(count)] + tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="where to write the YAML file")
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES, help="total lines (default 10000)")
    arguments = parser.parse_args()
    try:
        lines = render(arguments.lines)
    except ValueError as error:
        parser.error(str(error))
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a reader never sees half a file.
    partial = arguments.output.with_name(arguments.output.name + ".partial")
    partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(partial, arguments.output)
    print(f"wrote {arguments.output} ({len(lines)} lines)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
