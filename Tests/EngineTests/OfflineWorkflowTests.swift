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
