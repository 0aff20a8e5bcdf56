/// The Markdown documents the offline agents write: plan, requirements, architecture, ADR, data dictionary,
/// QA report, README and user guide, each from the brief and the earlier phases' hand-off summaries.
struct OfflineDocuments {
    let author: OfflineAuthor

    private var brief: TaskBrief { author.brief }
    private var numbered: [(id: String, text: String)] {
        brief.requirements.enumerated().map { ("REQ-\($0.offset + 1)", $0.element) }
    }

    private func header(_ title: String) -> String {
        var text = "# \(brief.projectName): \(title)\n\n_\(author.notice)_\n\n"
        if let client = brief.client { text += "Client: \(client)\n\n" }
        return text
    }

    private var earlierPhases: String {
        guard !brief.handOff.isEmpty else { return "" }
        return "\n## Earlier phases\n\n" + brief.handOff.map { "- \($0)" }.joined(separator: "\n") + "\n"
    }

    private var method: String {
        guard !brief.plan.isEmpty else { return "" }
        return "\n## Method\n\n"
            + brief.plan.enumerated().map { "\($0.offset + 1). \($0.element)" }
            .joined(separator: "\n") + "\n"
    }

    var plan: String {
        var text = header("plan")
        text += "## Acceptance criteria\n\n"
        for (id, requirement) in numbered {
            text += "- **\(id)** \(requirement): done when a test or a document in this workspace shows it.\n"
        }
        text += "\n## Scope\n\nIn scope: the requirements above. Out of scope: anything they do not name.\n"
        text += "\n## Risks\n\n| risk | mitigation |\n| --- | --- |\n"
        text += "| requirements read differently by different phases | each phase cites the REQ ids it serves |\n"
        text += "| untested behaviour | qa runs the whole suite and reports every failure |\n"
        text += "\n## Work per phase\n\n| phase | work |\n| --- | --- |\n"
        text += "| architecture | components and decisions for REQ-1..REQ-\(numbered.count) |\n"
        text += "| data | the schema and its dictionary |\n| development | source and unit tests |\n"
        text += "| qa | run the suite, report results per requirement |\n| documentation | README and user guide |\n"
        return text + method + earlierPhases
    }

    var requirements: String {
        var text = header("requirements") + "| id | requirement | priority |\n| --- | --- | --- |\n"
        for (index, item) in numbered.enumerated() {
            text += "| \(item.id) | \(item.text) | \(index == 0 ? "must" : "should") |\n"
        }
        return text + method + earlierPhases
    }

    var architecture: String {
        var text = header("architecture") + "## Components\n\n| component | serves | responsibility |\n"
        text += "| --- | --- | --- |\n"
        text += "| `\(author.module)` (Python) | all | the domain functions and the requirement checklist |\n"
        if author.domain.forecasting {
            text +=
                "| forecasting | \(serving("forecast", "predict", "demand")) | moving-average forecasts per series |\n"
        }
        if author.domain.dashboard {
            text += "| dashboard | \(serving("dashboard", "report")) | summary figures for executives |\n"
        }
        if author.domain.api { text += "| api | \(serving("api", "endpoint")) | the documented endpoints |\n" }
        text += "| store | all | SQLite tables described in `docs/data-dictionary.md` |\n"
        text += "\n## Data flow\n\nobservations → store → `\(author.module)` → dashboard and API consumers\n"
        text += "\n## Decisions\n\nSee `docs/adr/` for each decision and the alternatives rejected.\n"
        return text + method + earlierPhases
    }

    private func serving(_ words: String...) -> String {
        let ids = numbered.filter { item in words.contains { item.text.lowercased().contains($0) } }.map(\.id)
        return ids.isEmpty ? "—" : ids.joined(separator: ", ")
    }

    var decisionRecord: String {
        var text = header("ADR 0001, Python and SQLite for the first release")
        text += "Status: accepted\n\n## Context\n\n"
        text += "The plan asks for \(brief.requirements.count) requirements within the timeline; the team needs "
        text += "the smallest stack that meets them and is easy to test offline.\n\n## Decision\n\n"
        text += "Implement the domain in one Python module (`src/\(author.module).py`) tested with `unittest`, "
        text += "and keep data in SQLite with the schema in `data/schema.sql`.\n\n## Alternatives considered\n\n"
        text += "- A service framework first: rejected, no requirement needs a server before the domain works.\n"
        text += "- A columnar warehouse: rejected for now, volumes are small; DuckDB can read the same files later.\n"
        text += "\n## Consequences\n\nEverything runs on a laptop with Python 3; scaling out is a later decision.\n"
        return text + earlierPhases
    }

    var dataDictionary: String {
        var text = header("data dictionary")
        for table in author.domain.tables {
            text += "## `\(table.name)`\n\n\(table.purpose)\n\n| column | type | description |\n| --- | --- | --- |\n"
            for column in table.columns { text += "| `\(column.name)` | \(column.type) | \(column.description) |\n" }
            text += "\n"
        }
        return text + earlierPhases
    }

    var qaReport: String {
        var text = header("QA report") + "## Test run\n\n"
        if let run = author.testRun {
            text += "Command: `python3 -m unittest discover -s tests`\n\n"
            text += "| ran | failures | errors | verdict |\n| --- | --- | --- | --- |\n"
            text += "| \(run.ran) | \(run.failures) | \(run.errors) | \(run.passed ? "pass" : "fail") |\n"
            if let note = run.note { text += "\nNote: \(note).\n" }
            if let coverage = run.coverage {
                text += "\n## Coverage\n\nLine coverage of `src/`: **\(coverage.percentText)** "
                text += "(\(coverage.linesHit) of \(coverage.linesFound) lines), measured with Python's `trace` "
                text += "while the suite ran; the LCOV report is `\(OfflineAuthor.coverageReportPath)`.\n"
            }
        } else {
            text += "The suite was not run: this agent may not use `python_executor`.\n"
        }
        text += "\n## Requirements\n\n| id | requirement | evidence |\n| --- | --- | --- |\n"
        for (id, requirement) in numbered {
            text += "| \(id) | \(requirement) | `tests/test_\(author.module).py` and the phase documents |\n"
        }
        return text + earlierPhases
    }

    var readme: String {
        var text = "# \(brief.projectName)\n\n_\(author.notice)_\n\n## What it does\n\n"
        text += numbered.map { "- \($0.text) (\($0.id))" }.joined(separator: "\n") + "\n"
        text += "\n## Layout\n\n| path | what |\n| --- | --- |\n"
        text +=
            "| `docs/plan.md` | the plan and acceptance criteria |\n| `docs/architecture.md`, `docs/adr/` | design |\n"
        text += "| `data/schema.sql`, `docs/data-dictionary.md` | data |\n| `src/`, `tests/` | code and tests |\n"
        text += "| `docs/qa-report.md` | test results |\n| `docs/user-guide.md` | how to use it |\n"
        text += "\n## Run the tests\n\n```sh\npython3 -m unittest discover -s tests\n```\n"
        return text + earlierPhases
    }

    var userGuide: String {
        var text = header("user guide") + "## Getting started\n\n```python\nimport sys\nsys.path.insert(0, \"src\")\n"
        text += "import \(author.module)\n\nprint(\(author.module).requirement_checklist())\n"
        if author.domain.forecasting {
            text += "print(\(author.module).moving_average_forecast([10, 12, 14], window=3))\n"
        }
        if author.domain.dashboard { text += "print(\(author.module).dashboard_summary([4, 1, 7]))\n" }
        text += "```\n"
        if author.domain.api {
            text += "\n## Endpoints\n\n| method | path | returns |\n| --- | --- | --- |\n"
            text += "| GET | /health | whether the service is up |\n| GET | /requirements | the checklist |\n"
        }
        return text + earlierPhases
    }

    /// The API reference: how to authenticate, each endpoint, and the errors it answers with.
    var apiReference: String {
        var text = header("API reference") + "## Authentication\n\n"
        text += "The service listens on the local machine only and needs no credentials in this release; "
        text += "put it behind the platform's gateway before it leaves the machine.\n\n## Endpoints\n\n"
        text += "| method | path | returns |\n| --- | --- | --- |\n"
        text += "| GET | /health | `{\"status\": \"ok\"}` while the service is up |\n"
        text += "| GET | /requirements | the requirement checklist: id, text and whether it is met |\n"
        text += "\n## Errors\n\n| status | when |\n| --- | --- |\n"
        text += "| 404 | the path names no endpoint |\n| 500 | the checklist cannot be read |\n"
        return text + earlierPhases
    }

    func generic(title: String) -> String {
        header(title) + "## Requirements\n\n" + numbered.map { "- \($0.id): \($0.text)" }.joined(separator: "\n")
            + "\n" + method + earlierPhases
    }
}
