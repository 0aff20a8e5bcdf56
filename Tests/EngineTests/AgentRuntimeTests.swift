import Config
import Foundation
import JSON
import Model
import Providers
import Testing
import Tools

@testable import Engine

/// A provider whose agents delegate to all their subagents at once in their first turn, and whose subagents write
/// one fixed path, with text of its choosing; everyone then stops.
struct ScriptedWriter: ModelProvider {
    let name = "scripted"
    let path: String
    let text: @Sendable (String) -> String

    func complete(
        _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async throws(ProviderError) -> ModelTurn {
        let agent = request.brief.agentID
        let call = ModelCall(messageID: "msg-\(agent)-\(request.messages.count)", model: "scripted", usage: .zero)
        guard request.messages.count == 1 else {
            return ModelTurn(content: [.text("\(agent) done")], stopReason: .endTurn, calls: [call])
        }
        if !request.subagents.isEmpty {
            let calls = request.subagents.map { subagent -> ContentBlock in
                .toolUse(
                    id: "toolu-\(subagent.id)", name: "delegate",
                    input: ["subagent": .string(subagent.id), "task": "write the shared note"])
            }
            return ModelTurn(content: calls, stopReason: .toolUse, calls: [call])
        }
        let input: JSONValue = ["path": .string(path), "content": .string(text(agent))]
        return ModelTurn(
            content: [.toolUse(id: "toolu-\(agent)", name: "file_system__write", input: input)], stopReason: .toolUse,
            calls: [call])
    }
}

@Suite("Agent runtime")
struct AgentRuntimeTests {
    /// A lead agent with two subagents in the planning phase, each given one of three notes to write.
    static let lead = """
        agent:
          id: lead
          phases: [planning]
          system_prompt: "You lead."
          skills: [requirements_analysis]
          tools: [file_system]
          subagents:
            - id: lead.a
            - id: lead.b
        """
    static let intake = """
        project:
          name: "Team Work"
        requirements:
          - "Write three notes"
        phases: [planning, architecture, development, qa, documentation]
        constraints:
          review_rounds: 0
        agents:
          planning: [lead]
        artifacts:
          planning: ["notes/a.md", "notes/b.md", "notes/c.md"]
        """

    static func runner(_ provider: any ModelProvider) -> WorkspaceAgentRunner {
        WorkspaceAgentRunner(tools: .builtin(), providers: ProviderFactory { _ in provider })
    }

    @Test("an agent delegates to two subagents at once, each in its own working copy; every file lands")
    func subagentsLand() async throws {
        let fixture = try await EngineFixture.make(intake: Self.intake, agents: Self.runner(OfflineProvider()))
        defer { fixture.remove() }
        try fixture.write(Self.lead, to: "agents/lead.yaml")
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .completed, "\(report.reason ?? "")")
        for note in ["a", "b", "c"] {
            #expect(fixture.file("notes/\(note).md")?.contains("no model was called") == true)
        }
        for subagent in ["lead.a", "lead.b"] {
            #expect(fixture.file("docs/team/\(subagent).md")?.contains("'\(subagent)'") == true)
        }
        let events = try await fixture.engine.storedEvents(workflowID: nil).filter { $0.phase == .planning }
        let writers = Set(events.filter { $0.kind == .artifactWritten }.compactMap(\.agent))
        #expect(writers == ["lead", "lead.a", "lead.b"])
        #expect(events.contains { $0.agent == "lead.b" && $0.message?.contains("own working copy") == true })
        let ended = events.compactMap { $0.kind == .delegationEnded ? $0.delegation : nil }
        #expect(ended.map(\.subagent).sorted() == ["lead.a", "lead.b"])
        #expect(ended.allSatisfy { $0.status == .completed && $0.changedPaths == ["docs/team/\($0.subagent).md"] })
        #expect(events.filter { $0.kind == .toolCall && $0.tool == "file_system.write" }.count == 5)
        #expect(report.phases.first?.subagents.sorted() == ["lead.a", "lead.b"])
        #expect(report.phases.first?.delegations == 2)
        #expect(!FileManager.default.fileExists(atPath: fixture.root + "/.orchestrator/work/team-work-1/planning-1"))
    }

    @Test("two delegations writing the same file differently block the phase, naming the path; nothing is merged")
    func conflictBlocks() async throws {
        let provider = ScriptedWriter(path: "notes/shared.md") { agent in "written by \(agent)\n" }
        let fixture = try await EngineFixture.make(intake: Self.intake, agents: Self.runner(provider))
        defer { fixture.remove() }
        try fixture.write(Self.lead, to: "agents/lead.yaml")
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .paused)
        #expect(report.phases.first?.status == .blocked)
        let reason = try #require(report.reason)
        #expect(reason.contains("notes/shared.md (lead.a, lead.b)"))
        #expect(fixture.file("notes/shared.md") == nil)
    }

    @Test("the same bytes written by several agents are not a conflict")
    func identicalWritesMerge() async throws {
        let provider = ScriptedWriter(path: "notes/a.md") { _ in "agreed\n" }
        let intake = Self.intake.replacingOccurrences(
            of: "[\"notes/a.md\", \"notes/b.md\", \"notes/c.md\"]",
            with: "[\"notes/*.md\"]")
        let fixture = try await EngineFixture.make(intake: intake, agents: Self.runner(provider))
        defer { fixture.remove() }
        try fixture.write(Self.lead, to: "agents/lead.yaml")
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.phases.first?.status == .passed, "\(report.reason ?? "")")
        #expect(fixture.file("notes/a.md") == "agreed\n")
    }

    @Test("a broken agents/*.yaml blocks the phase with its file and line instead of running the built-in agent")
    func brokenOverrideBlocks() async throws {
        let fixture = try await EngineFixture.make(intake: Self.intake, agents: Self.runner(OfflineProvider()))
        defer { fixture.remove() }
        try fixture.write("agent:\n  id: lead\n  max_steps: many\n", to: "agents/lead.yaml")
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .paused)
        #expect(report.reason?.contains("agents/lead.yaml:3:") == true)
    }

    @Test("a model that never stops is cut at max_steps and the agent says so")
    func stepCap() async throws {
        struct Looping: ModelProvider {
            let name = "looping"
            func complete(
                _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
            ) async throws(ProviderError) -> ModelTurn {
                let input: JSONValue = ["path": "notes/a.md"]
                return ModelTurn(
                    content: [
                        .text("again"),
                        .toolUse(id: "t\(request.messages.count)", name: "file_system__read", input: input),
                    ],
                    stopReason: .toolUse,
                    calls: [ModelCall(messageID: "m\(request.messages.count)", model: "x", usage: .zero)])
            }
        }
        let agent = "agent:\n  id: lead\n  phases: [planning]\n  tools: [file_system]\n  max_steps: 3\n"
        let fixture = try await EngineFixture.make(intake: Self.intake, agents: Self.runner(Looping()))
        defer { fixture.remove() }
        try fixture.write(agent, to: "agents/lead.yaml")
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        let events = try await fixture.engine.storedEvents(workflowID: nil)
        #expect(events.filter { $0.message?.hasPrefix("act: step") == true }.count == 3)
        #expect(events.contains { $0.message?.contains("stopped at max_steps 3") == true })
        #expect(events.filter { $0.kind == .toolCall }.count == 3)
    }
}
