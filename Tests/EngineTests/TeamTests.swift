import Config
import Foundation
import JSON
import Model
import Providers
import Synchronization
import Testing
import Tools

@testable import Engine

/// A provider that answers with a closure and keeps every request it was sent.
final class RecordingProvider: ModelProvider {
    let name = "recording"
    private let answer: @Sendable (ModelRequest) -> ModelTurn
    private let recorded = Mutex<[ModelRequest]>([])

    init(_ answer: @escaping @Sendable (ModelRequest) -> ModelTurn) {
        self.answer = answer
    }

    var requests: [ModelRequest] { recorded.withLock { $0 } }

    func complete(
        _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async throws(ProviderError) -> ModelTurn {
        recorded.withLock { $0.append(request) }
        return answer(request)
    }

    /// A turn that ends with `text`.
    static func end(_ request: ModelRequest, _ text: String) -> ModelTurn {
        ModelTurn(
            content: [.text(text)], stopReason: .endTurn,
            calls: [
                ModelCall(messageID: "m-\(request.brief.agentID)-\(request.messages.count)", model: "x", usage: .zero)
            ])
    }

    /// A turn that calls tools.
    static func tools(_ request: ModelRequest, _ uses: [(String, JSONValue)]) -> ModelTurn {
        ModelTurn(
            content: uses.enumerated().map { index, use in
                .toolUse(id: "t-\(request.brief.agentID)-\(request.messages.count)-\(index)", name: use.0, input: use.1)
            }, stopReason: .toolUse,
            calls: [
                ModelCall(messageID: "m-\(request.brief.agentID)-\(request.messages.count)", model: "x", usage: .zero)
            ])
    }
}

@Suite("Agents as a team: delegation, skill steps, prompt files")
struct TeamTests {
    static let lead = AgentRuntimeTests.lead

    static func runner(_ provider: any ModelProvider) -> WorkspaceAgentRunner {
        WorkspaceAgentRunner(tools: .builtin(), providers: ProviderFactory { _ in provider })
    }

    @Test(
        "a delegation's summary and changed paths come back to the agent as the tool's result; a bad call is an error")
    func delegationResults() async throws {
        let provider = RecordingProvider { request in
            let brief = request.brief
            switch (brief.agentID, request.messages.count) {
            case ("lead", 1):
                return RecordingProvider.tools(
                    request,
                    [
                        ("delegate", ["subagent": "lead.a", "task": "note A", "paths": ["notes/a.md"]]),
                        ("delegate", ["subagent": "lead.zz", "task": "nobody"]),
                    ])
            case ("lead.a", 1):
                return RecordingProvider.tools(
                    request, [("file_system__write", ["path": "notes/a.md", "content": "A\n"])])
            case ("lead.a", _):
                return RecordingProvider.end(request, "lead.a wrote notes/a.md for \(brief.delegatedBy ?? "?")")
            default:
                return RecordingProvider.end(request, "\(brief.agentID) done")
            }
        }
        let fixture = try await EngineFixture.make(intake: AgentRuntimeTests.intake, agents: Self.runner(provider))
        defer { fixture.remove() }
        try fixture.write(Self.lead, to: "agents/lead.yaml")
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.phases.first?.status == .blocked)  // notes/b.md and c.md were never written
        #expect(fixture.file("notes/a.md") == "A\n")
        let second = try #require(provider.requests.first { $0.brief.agentID == "lead" && $0.messages.count == 3 })
        let results = second.messages[2].content.compactMap { block -> (String, Bool)? in
            if case .toolResult(_, let content, let isError) = block { (content, isError) } else { nil }
        }
        #expect(results.count == 2)
        let delegated = try JSONValue(parsing: results[0].0)
        #expect(delegated["summary"]?.stringValue == "lead.a wrote notes/a.md for lead")
        #expect(delegated["changedPaths"] == ["notes/a.md"])
        #expect(delegated["status"] == "completed" && !results[0].1)
        #expect(results[1].1 && results[1].0.contains("lead.a, lead.b"))
        // The subagent got its own task and prompt, and the files it was asked to write.
        let subagent = try #require(provider.requests.first { $0.brief.agentID == "lead.a" })
        #expect(subagent.brief.artifactPaths == ["notes/a.md"])
        #expect(subagent.messages[0].promptTexts.joined().contains("Your task, from lead:\nnote A"))
        #expect(subagent.tools.allSatisfy { $0.name != "delegate" })
    }

    /// A workspace skill whose one step checks the notes for a section.
    static func checkedSkill(section: String) -> String {
        """
        skill:
          id: checked_notes
          version: "1.0.0"
          triggers: [note]
          methodology:
            - step: write
              outputs: ["notes/*.md"]
              checks:
                - id: has_section
                  validator: required_sections
                  files: ["notes/*.md"]
                  sections: ["\(section)"]
        """
    }

    static let checkedLead = """
        agent:
          id: lead
          phases: [planning]
          skills: [checked_notes]
          tools: [file_system]
          max_steps: 4
        """

    @Test("a step whose check fails is retried, and past max_steps the agent ends blocked naming the step and check")
    func failingStepCheck() async throws {
        let fixture = try await EngineFixture.make(
            intake: AgentRuntimeTests.intake, agents: Self.runner(OfflineProvider()))
        defer { fixture.remove() }
        try fixture.write(Self.checkedLead, to: "agents/lead.yaml")
        try fixture.write(Self.checkedSkill(section: "Sign-off"), to: "skills/checked_notes.yaml")
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .paused)
        let reason = try #require(report.reason)
        #expect(reason.contains("step 'checked_notes: write' check 'has_section' failed"), "\(reason)")
        #expect(reason.contains("max_steps 4"))
        let events = try await fixture.engine.storedEvents(workflowID: nil)
        let evaluations = events.filter { $0.kind == .stepEvaluated && $0.agent == "lead" }
        #expect(evaluations.count >= 2)
        #expect(evaluations.allSatisfy { $0.step == "checked_notes: write" && $0.message?.hasPrefix("failed") == true })
        // ACT recorded which step each write served.
        let writes = events.filter { $0.kind == .toolCall && $0.tool == "file_system.write" }
        #expect(!writes.isEmpty && writes.allSatisfy { $0.step == "checked_notes: write" })
    }

    @Test("a step whose checks pass lets the agent finish")
    func passingStepCheck() async throws {
        let fixture = try await EngineFixture.make(
            intake: AgentRuntimeTests.intake, agents: Self.runner(OfflineProvider()))
        defer { fixture.remove() }
        try fixture.write(Self.checkedLead, to: "agents/lead.yaml")
        try fixture.write(Self.checkedSkill(section: "Requirements"), to: "skills/checked_notes.yaml")
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.phases.first?.status == .passed, "\(report.reason ?? "")")
        let events = try await fixture.engine.storedEvents(workflowID: nil)
        #expect(events.contains { $0.kind == .stepEvaluated && $0.message == "passed: checks passed" })
    }

    @Test("a command check runs only what the policy allows")
    func commandCheckNeedsTheAllowList() async throws {
        let skill = """
            skill:
              id: checked_notes
              version: "1.0.0"
              triggers: [note]
              methodology:
                - step: write
                  checks:
                    - id: listing
                      command: [ls, notes]
            """
        let fixture = try await EngineFixture.make(
            intake: AgentRuntimeTests.intake, agents: Self.runner(OfflineProvider()))
        defer { fixture.remove() }
        try fixture.write(Self.checkedLead, to: "agents/lead.yaml")
        try fixture.write(skill, to: "skills/checked_notes.yaml")
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(
            report.reason?.contains("'ls' is not in the policy's allowed_commands") == true, "\(report.reason ?? "")")
    }

    @Test("prompt files of an agent and its subagents are read relative to the YAML file; the model gets their text")
    func promptFiles() async throws {
        let agent = """
            agent:
              id: lead
              phases: [planning]
              system_prompt: prompts/lead.md
              tools: [file_system]
              subagents:
                - id: lead.a
                  system_prompt: prompts/helper.md
            """
        let provider = RecordingProvider { request in RecordingProvider.end(request, "done") }
        let fixture = try await EngineFixture.make(intake: AgentRuntimeTests.intake, agents: Self.runner(provider))
        defer { fixture.remove() }
        try fixture.write(agent, to: "agents/lead.yaml")
        try fixture.write("You lead the notes team.\n", to: "agents/prompts/lead.md")
        try fixture.write("You help with notes.\n", to: "agents/prompts/helper.md")
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        let request = try #require(provider.requests.first { $0.brief.agentID == "lead" })
        #expect(request.system.first?.text == "You lead the notes team.\n")
        #expect(!request.system.map(\.text).joined().contains("prompts/lead.md"))
        #expect(request.subagents.first?.prompt == "You help with notes.\n")
    }

    @Test("a prompt file that cannot be read blocks the phase at its key's line, and is never sent as the prompt")
    func missingPromptFile() async throws {
        let agent = "agent:\n  id: lead\n  phases: [planning]\n  system_prompt: prompts/lead.md\n"
        let provider = RecordingProvider { request in RecordingProvider.end(request, "done") }
        let fixture = try await EngineFixture.make(intake: AgentRuntimeTests.intake, agents: Self.runner(provider))
        defer { fixture.remove() }
        try fixture.write(agent, to: "agents/lead.yaml")
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .paused)
        let reason = try #require(report.reason)
        #expect(reason.contains("agents/lead.yaml:4:3:"), "\(reason)")
        #expect(reason.contains("prompts/lead.md") && reason.contains("[missing-prompt-file]"))
        #expect(!provider.requests.contains { $0.brief.agentID == "lead" })
        // `run start` refuses before anything is recorded, at the same place.
        #expect {
            _ = try WorkflowEngine.prepareIntake(at: fixture.root + "/intake.yaml", workspace: fixture.root)
        } throws: { error in
            (error as? EngineError)?.message.contains("agents/lead.yaml:4:3") == true
        }
    }
}
