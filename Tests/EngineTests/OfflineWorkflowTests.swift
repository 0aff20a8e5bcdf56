import Foundation
import Model
import Testing

@testable import Engine

@Suite("Offline workflow")
struct OfflineWorkflowTests {
    /// Every regular file under `root` except the engine's own state, with its bytes.
    static func tree(_ root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            if relative == ".orchestrator" {
                enumerator?.skipDescendants()
                continue
            }
            var isDirectory: ObjCBool = false
            let path = root + "/" + relative
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    static func runAnalytics() async throws -> (EngineFixture, WorkflowReport) {
        let fixture = try await EngineFixture.make(agents: WorkspaceAgentRunner())
        _ = try WorkspaceInitializer.initialize(directory: fixture.root, template: "analytics", overwrite: true)
        return (fixture, try await fixture.engine.start(intakePath: "intake.yaml"))
    }

    @Test("the analytics example runs end to end offline, every artifact written by a recorded tool call")
    func analyticsEndToEnd() async throws {
        let (fixture, report) = try await Self.runAnalytics()
        defer { fixture.remove() }
        #expect(report.status == .completed, "\(report.reason ?? "")")
        let expected = [
            "docs/plan.md", "docs/requirements.md", "docs/architecture.md",
            "docs/adr/0001-customer-analytics-platform.md", "data/schema.sql", "docs/data-dictionary.md",
            "src/customer_analytics_platform.py", "tests/test_customer_analytics_platform.py", "docs/qa-report.md",
            "README.md", "docs/user-guide.md",
        ]
        let events = try await fixture.engine.storedEvents(workflowID: nil)
        let written = Set(events.filter { $0.kind == .artifactWritten }.compactMap(\.path))
        for path in expected {
            #expect(fixture.file(path) != nil, "\(path) missing")
            #expect(written.contains(path), "\(path) has no artifact.written event")
        }
        #expect(events.contains { $0.kind == .toolCall && $0.tool == "python_executor.run" })
        // The QA report states the suite the development phase wrote ran and passed.
        #expect(fixture.file("docs/qa-report.md")?.contains("| 0 | 0 | pass |") == true)
        #expect(fixture.file("data/schema.sql")?.contains("CREATE TABLE forecast") == true)
        for lifecycle in ["initialize:", "plan:", "act: step", "summarize:", "complete"] {
            #expect(events.contains { $0.message?.hasPrefix(lifecycle) == true }, "no \(lifecycle) event")
        }
    }

    /// The subagents of the seed's table, every one of which must run on the analytics example.
    static let seedSubagents = [
        "architect.data", "architect.security", "data.ingestion", "data.transform", "developer.frontend",
        "developer.backend", "qa.unit", "qa.integration", "documentarian.api", "documentarian.user",
        "steward.security",
    ]

    @Test("every subagent of the seed runs with its own lifecycle, ledger lines and files; the phases are reviewed")
    func analyticsTeam() async throws {
        let (fixture, report) = try await Self.runAnalytics()
        defer { fixture.remove() }
        #expect(report.status == .completed, "\(report.reason ?? "")")
        let events = try await fixture.engine.storedEvents(workflowID: nil)
        let ledger = try await fixture.engine.budgetReport(workflowID: nil).report.bySubagent
        for subagent in Self.seedSubagents {
            let own = events.filter { $0.agent == subagent }
            for step in ["initialize:", "plan:", "act: step", "summarize:", "complete"] {
                #expect(own.contains { $0.message?.hasPrefix(step) == true }, "\(subagent) has no \(step) event")
            }
            let written = own.filter { $0.kind == .artifactWritten }.compactMap(\.path)
            #expect(!written.isEmpty, "\(subagent) wrote nothing")
            for path in written { #expect(fixture.file(path) != nil, "\(path) of \(subagent) is not in the workspace") }
            #expect(ledger.contains { $0.subagent == subagent && $0.calls > 0 }, "\(subagent) has no ledger line")
            #expect(
                events.contains {
                    $0.kind == .delegationEnded && $0.delegation?.subagent == subagent
                        && $0.delegation?.status == .completed
                })
        }
        // The delegations of one turn overlap: both of the architect's subagents start before either ends.
        let architecture = events.filter { $0.phase == .architecture && $0.agent == "architect" }
        let starts = architecture.filter { $0.kind == .delegationStarted }.map(\.sequence)
        let ends = architecture.filter { $0.kind == .delegationEnded }.map(\.sequence)
        #expect(starts.count == 2 && ends.count == 2 && (starts.max() ?? 0) < (ends.min() ?? 0))
        let reviews = events.compactMap { event in event.review.map { (event.phase, $0) } }
        #expect(reviews.contains { $0.0 == .planning && $0.1.reviewer == "consensus" && $0.1.kind == .decision })
        #expect(reviews.contains { $0.0 == .architecture && $0.1.reviewer == "consensus" })
        #expect(reviews.contains { $0.0 == .development && $0.1.reviewer == "reviewer" && $0.1.kind == .code })
        for number in [1, 2, 4] {
            let detail = try await fixture.engine.checkpoint(number, workflowID: nil)
            #expect(detail.review?.result == .approved, "CP\(number)")
        }
        #expect(report.phases.first { $0.phase == .planning }?.agents == ["planner"])
    }

    @Test("the same intake twice gives identical files")
    func deterministic() async throws {
        let (first, one) = try await Self.runAnalytics()
        defer { first.remove() }
        let (second, two) = try await Self.runAnalytics()
        defer { second.remove() }
        #expect(one.status == .completed && two.status == .completed)
        let left = try Self.tree(first.root)
        let right = try Self.tree(second.root)
        #expect(left.keys.sorted() == right.keys.sorted())
        for (path, bytes) in left { #expect(right[path] == bytes, "\(path) differs") }
    }
}
