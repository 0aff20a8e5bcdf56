import JSON
import Model
import TestSupport
import Testing

@testable import Providers

@Suite("Offline provider")
struct OfflineProviderTests {
    static let tools = [
        ToolDefinition(name: "file_system__write", description: "write", inputSchema: ["type": "object"]),
        ToolDefinition(name: "python_executor__run", description: "run", inputSchema: ["type": "object"]),
    ]

    static func request(phase: Phase, paths: [String], messages: [ModelMessage]? = nil) -> ModelRequest {
        let brief = TaskBrief(
            workflowID: "demo-1", phase: phase, agentID: "agent", projectName: "Customer Analytics Platform",
            client: "acme-corp", requirements: ["Build demand forecasting model", "Create executive dashboard"],
            artifactPaths: paths)
        return ModelRequest(
            system: [SystemSection("You are the agent.", cacheable: true)],
            messages: messages ?? [.user("Write the files.")], tools: tools, workingDirectory: "/tmp/none",
            brief: brief)
    }

    @Test("the first turn writes every artifact through file_system, the next ends with a summary")
    func writesThenSummarises() async throws {
        let provider = OfflineProvider()
        let first = try await provider.complete(Self.request(phase: .planning, paths: ["docs/plan.md"])) { _ in }
        #expect(first.stopReason == .toolUse)
        let uses = first.toolUses
        #expect(uses.map(\.name) == ["file_system__write"])
        #expect(uses.first?.input["path"]?.stringValue == "docs/plan.md")
        #expect(uses.first?.input["content"]?.stringValue?.contains("REQ-2") == true)
        #expect(uses.first?.input["content"]?.stringValue?.contains("no model was called") == true)

        let followUp = Self.request(
            phase: .planning, paths: ["docs/plan.md"],
            messages: [
                .user("Write the files."), ModelMessage(role: .assistant, content: first.content),
                ModelMessage(
                    role: .user, content: [.toolResult(toolUseID: uses[0].id, content: "{}", isError: false)]),
            ])
        let second = try await provider.complete(followUp) { _ in }
        #expect(second.stopReason == .endTurn && second.toolUses.isEmpty)
        #expect(second.text.contains("wrote docs/plan.md"))
        #expect(second.calls.first?.messageID != first.calls.first?.messageID)
    }

    @Test("the same brief gives the same bytes, ids and usage; usage is estimated from the text exchanged")
    func deterministic() async throws {
        let request = Self.request(phase: .development, paths: ["src/app.py", "tests/test_app.py"])
        let one = try await OfflineProvider().complete(request) { _ in }
        let two = try await OfflineProvider().complete(request) { _ in }
        #expect(one == two)
        let usage = one.usage
        #expect(usage.input == OfflineTokenEstimate.tokens(in: request) && usage.input > 0)
        #expect(usage.output == OfflineTokenEstimate.tokens(in: one.content) && usage.output > 100)
        #expect(usage.cacheRead == 0 && usage.cacheCreation == 0)
        #expect(one.calls.first?.model == OfflineProvider.model)
    }

    @Test("in qa it runs the suite first and reports the counts the run printed")
    func qaRunsTests() async throws {
        let provider = OfflineProvider()
        let first = try await provider.complete(Self.request(phase: .qa, paths: ["docs/qa-report.md"])) { _ in }
        #expect(first.toolUses.map(\.name) == ["python_executor__run"])
        let output = JSONValue.object(["stdout": "{\"ran\": 7, \"failures\": 1, \"errors\": 0}\n", "exit_code": 0])
        let messages: [ModelMessage] = [
            .user("Write the files."), ModelMessage(role: .assistant, content: first.content),
            ModelMessage(
                role: .user,
                content: [.toolResult(toolUseID: first.toolUses[0].id, content: output.jsonString(), isError: false)]),
        ]
        let second = try await provider.complete(
            Self.request(phase: .qa, paths: ["docs/qa-report.md"], messages: messages)
        ) { _ in }
        let report = second.toolUses.first?.input["content"]?.stringValue ?? ""
        #expect(report.contains("| 7 | 1 | 0 | fail |"))
    }

    @Test("without file_system it says it cannot write instead of pretending")
    func honestWithoutTools() async throws {
        var request = Self.request(phase: .planning, paths: ["docs/plan.md"])
        request.tools = []
        let turn = try await OfflineProvider().complete(request) { _ in }
        #expect(turn.toolUses.isEmpty && turn.stopReason == .endTurn)
        #expect(turn.text.contains("may not use file_system"))
    }

    @Test("the generated Python module and its tests pass under python3")
    func generatedPythonPasses() async throws {
        let brief = Self.request(phase: .development, paths: []).brief
        let author = OfflineAuthor(brief: brief, testRun: nil)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write(
            author.content(for: "src/customer_analytics_platform.py"), to: "src/customer_analytics_platform.py")
        try folder.write(
            author.content(for: "tests/test_customer_analytics_platform.py"),
            to: "tests/test_customer_analytics_platform.py")
        let result = try folder.run(["python3", "-c", OfflineAuthor.testRunnerScript])
        #expect(result.status == 0)
        let run = try #require(OfflineTestRun(toolOutput: result.output))
        #expect(run.passed && run.ran >= 7)
    }
}
