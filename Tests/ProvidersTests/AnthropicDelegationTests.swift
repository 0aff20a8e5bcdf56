import Config
import Engine
import Foundation
import JSON
import Model
import SQLiteStore
import Testing
import Tools

@testable import Providers

/// Holds each arrival until `expected` have arrived, so two requests are provably in flight at once; a safety
/// timeout lets a runtime that sends them one after the other fail the test instead of hanging it.
actor Rendezvous {
    let expected: Int
    let timeout: Duration
    private var arrived: Set<String> = []
    private var waiters: [UUID: CheckedContinuation<Bool, Never>] = [:]

    init(expected: Int, timeout: Duration = .seconds(30)) {
        self.expected = expected
        self.timeout = timeout
    }

    /// True when all arrived while this one waited; false when the timeout came first.
    func arrive(_ name: String) async -> Bool {
        arrived.insert(name)
        if arrived.count >= expected {
            for waiter in waiters.values { waiter.resume(returning: true) }
            waiters.removeAll()
            return true
        }
        let id = UUID()
        return await withCheckedContinuation { continuation in
            waiters[id] = continuation
            Task {
                try? await Task.sleep(for: self.timeout)
                self.timeOut(id)
            }
        }
    }

    private func timeOut(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume(returning: false)
    }
}

@Suite("Delegation over the Anthropic Messages API (loopback HTTP)")
struct AnthropicDelegationTests {
    static let lead = """
        agent:
          id: lead
          phases: [planning]
          system_prompt: "You lead."
          provider: {name: anthropic}
          tools: [file_system]
          subagents:
            - id: lead.a
              system_prompt: "You are A."
            - id: lead.b
              system_prompt: "You are B."
        """
    static let intake = """
        project:
          name: "Team Work"
        requirements:
          - "Write two notes"
        phases: [planning, architecture, development, qa, documentation]
        constraints:
          budget_tokens: 10000000
          review_rounds: 0
        agents:
          planning: [lead]
        artifacts:
          planning: ["intake.yaml"]
        """

    /// Who a request is from, by the system prompt the runtime sent.
    static func caller(_ request: LoopbackRequest) -> String {
        let system = request.json?["system"]?.arrayValue?.compactMap { $0["text"]?.stringValue }.joined() ?? ""
        if system.contains("You are A.") { return "lead.a" }
        if system.contains("You are B.") { return "lead.b" }
        return system.contains("You lead.") ? "lead" : "other"
    }

    static func sse(_ events: [String]) -> LoopbackResponse {
        .eventStream(events.map { Array($0.utf8) })
    }

    /// The lead's first turn: one `delegate` call per subagent, in one message.
    static let delegations = sse([
        AnthropicFixture.messageStart(id: "msg_lead_1", input: 120),
        AnthropicFixture.toolStart(0, id: "toolu_a", name: "delegate"),
        AnthropicFixture.jsonDelta(0, #"{"subagent":"lead.a","task":"Write note A."}"#),
        AnthropicFixture.blockStop(0),
        AnthropicFixture.toolStart(1, id: "toolu_b", name: "delegate"),
        AnthropicFixture.jsonDelta(1, #"{"subagent":"lead.b","task":"Write note B."}"#),
        AnthropicFixture.blockStop(1),
        AnthropicFixture.messageDelta(stopReason: "tool_use", output: 40),
        AnthropicFixture.messageStop,
    ])

    static func text(_ text: String, id: String, input: Int) -> LoopbackResponse {
        .eventStream(
            AnthropicFixture.textAnswer([text], id: id, output: 12).enumerated().map { index, chunk in
                index == 0 ? Array(AnthropicFixture.messageStart(id: id, input: input).utf8) : chunk
            })
    }

    /// Answers the lead and its subagents; the subagents only once both are in flight, when `together` is given.
    static func answer(together: Rendezvous?, met: MetRecorder) -> @Sendable (LoopbackRequest) async -> LoopbackResponse
    {
        { request in
            if request.uri.hasSuffix("/count_tokens") { return .json(status: 200, #"{"input_tokens": 50}"#) }
            let turns = request.json?["messages"]?.arrayValue?.count ?? 0
            switch caller(request) {
            case "lead":
                return turns == 1 ? delegations : text("The team wrote both notes.", id: "msg_lead_2", input: 300)
            case let subagent:
                if let together { await met.record(subagent, await together.arrive(subagent)) }
                let letter = subagent == "lead.a" ? "A" : "B"
                return text("\(letter) finished its note.", id: "msg_\(letter)", input: 80)
            }
        }
    }

    static func engine(
        _ server: LoopbackHTTPServer, intake: String = Self.intake
    ) async throws -> (WorkflowEngine, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("delegation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("agents"), withIntermediateDirectories: true)
        try intake.write(to: folder.appendingPathComponent("intake.yaml"), atomically: true, encoding: .utf8)
        try lead.write(to: folder.appendingPathComponent("agents/lead.yaml"), atomically: true, encoding: .utf8)
        let base = server.baseURL
        let providers = ProviderFactory { choice in
            switch choice.name {
            case .anthropic: AnthropicFixture.provider(base)
            default: OfflineProvider()
            }
        }
        let engine = try await WorkflowEngine.open(
            workspace: folder.path, create: true,
            store: { layout, access in try await SQLiteWorkflowStore.open(path: layout.database, access: access) },
            agents: WorkspaceAgentRunner(tools: .builtin(), providers: providers))
        return (engine, folder.path)
    }

    @Test("two delegate calls in one turn run both subagents at once; their summaries come back; each is charged")
    func concurrentDelegations() async throws {
        let together = Rendezvous(expected: 2)
        let met = MetRecorder()
        try await LoopbackHTTPServer.with(answering: Self.answer(together: together, met: met)) { server in
            let (engine, root) = try await Self.engine(server)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let report = try await engine.start(intakePath: "intake.yaml")
            #expect(report.phases.first?.status == .passed, "\(report.reason ?? "")")
            // Both subagents' calls were in flight together: each waited for the other at the server.
            #expect(await met.outcomes == ["lead.a": true, "lead.b": true])
            let events = try await engine.storedEvents(workflowID: nil).filter { $0.phase == .planning }
            let a = events.filter { $0.agent == "lead.a" }.map(\.timestamp)
            let b = events.filter { $0.agent == "lead.b" }.map(\.timestamp)
            #expect(!a.isEmpty && !b.isEmpty)
            #expect((a.min() ?? 0) <= (b.max() ?? 0) && (b.min() ?? 0) <= (a.max() ?? 0))
            let requests = await server.requests.filter { !$0.uri.hasSuffix("/count_tokens") }
            let second = try #require(
                requests.first { Self.caller($0) == "lead" && $0.json?["messages"]?.arrayValue?.count == 3 })
            let results = second.json?["messages"]?[2]?["content"]?.arrayValue ?? []
            let contents = results.compactMap { $0["content"]?.stringValue }.joined(separator: "\n")
            #expect(results.count == 2 && results.allSatisfy { $0["type"] == "tool_result" })
            #expect(contents.contains("A finished its note.") && contents.contains("B finished its note."))
            let ledger = try await engine.budgetReport(workflowID: nil).report.bySubagent.filter {
                $0.phase == .planning
            }
            #expect(Set(ledger.compactMap(\.subagent)) == ["lead.a", "lead.b"])
            #expect(ledger.allSatisfy { $0.calls == 1 && $0.usage.input == 80 })
            let levels = try await engine.budgetStatus(workflowID: nil).levels
            for subagent in ["lead.a", "lead.b"] {
                let level = try #require(levels.first { $0.scope == "subagent:planning/lead/\(subagent)" })
                #expect(level.spentTokens == 92 && level.limitTokens != nil)
            }
        }
    }

    @Test("delegations are bounded by max_concurrent_agents: with 1, the second subagent starts after the first ends")
    func boundedDelegations() async throws {
        // Were they run together, both would meet at the rendezvous; bounded, the first waits out its short timeout
        // alone (the second then finds the count reached).
        let together = Rendezvous(expected: 2, timeout: .seconds(1))
        let met = MetRecorder()
        let bounded = Self.intake.replacingOccurrences(
            of: "  review_rounds: 0", with: "  review_rounds: 0\n  max_concurrent_agents: 1")
        try await LoopbackHTTPServer.with(answering: Self.answer(together: together, met: met)) { server in
            let (engine, root) = try await Self.engine(server, intake: bounded)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let report = try await engine.start(intakePath: "intake.yaml")
            #expect(report.phases.first?.status == .passed, "\(report.reason ?? "")")
            let outcomes = await met.outcomes
            #expect(Set(outcomes.keys) == ["lead.a", "lead.b"] && outcomes.values.contains(false))
            let events = try await engine.storedEvents(workflowID: nil).filter { $0.phase == .planning }
            let a = events.filter { $0.agent == "lead.a" }.map(\.timestamp)
            let b = events.filter { $0.agent == "lead.b" }.map(\.timestamp)
            let (first, second) = (a.min() ?? 0) <= (b.min() ?? 0) ? (a, b) : (b, a)
            #expect(!a.isEmpty && !b.isEmpty && (first.max() ?? 0) <= (second.min() ?? 0))
        }
    }

    @Test("a subagent whose budget level cannot pay is refused before its call; its agent ends blocked naming it")
    func refusedSubagent() async throws {
        let met = MetRecorder()
        try await LoopbackHTTPServer.with(answering: Self.answer(together: nil, met: met)) { server in
            let (engine, root) = try await Self.engine(server)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let workflow = try await engine.create(intakePath: "intake.yaml")
            _ = try await engine.setBudget(
                workflowID: workflow.id, tokens: 10, usd: nil, phase: .planning, agent: "lead.b")
            let report = try await engine.run(workflowID: workflow.id, mode: .start)
            #expect(report.status == .paused)
            let reason = try #require(report.reason)
            #expect(reason.contains("subagent planning/lead/lead.b"), "\(reason)")
            let calls = await server.requests.filter { !$0.uri.hasSuffix("/count_tokens") }
            #expect(!calls.contains { Self.caller($0) == "lead.b" })
            #expect(calls.contains { Self.caller($0) == "lead.a" })
            let ended = try await engine.storedEvents(workflowID: workflow.id).compactMap { $0.delegation }
                .filter { $0.status != .running }
            #expect(ended.first { $0.subagent == "lead.b" }?.status == .blocked)
            #expect(ended.first { $0.subagent == "lead.a" }?.status == .completed)
        }
    }
}

/// What each subagent's request found at the rendezvous.
actor MetRecorder {
    private(set) var outcomes: [String: Bool] = [:]

    func record(_ name: String, _ met: Bool) { outcomes[name] = met }
}
