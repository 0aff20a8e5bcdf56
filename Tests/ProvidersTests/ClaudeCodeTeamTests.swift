import Config
import Engine
import Foundation
import JSON
import Model
import SQLiteStore
import Testing
import Tools

@testable import Providers

@Suite("claude-code runs the subagents: --agents, Task usage charged to them")
struct ClaudeCodeTeamTests {
    @Test("subagents become --agents JSON: Claude Code names, prompt, tools as its own, model; Task is allowed")
    func agentsArgument() throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        var request = fake.request(tools: ["file_system__read", "git__status", "delegate"])
        request.subagents = [
            SubagentDefinition(
                id: "developer.backend", description: "APIs", prompt: "You build the API.\n",
                tools: ["file_system__write", "python_executor__run"], model: "claude-haiku-4-5"),
            SubagentDefinition(id: "developer.frontend", description: nil, prompt: "You build the UI.", tools: []),
        ]
        let invocation = ClaudeCodeInvocation(request: request, defaultModel: nil)
        let index = try #require(invocation.arguments.firstIndex(of: "--agents"))
        let agents = try JSONValue(parsing: invocation.arguments[index + 1])
        #expect(agents["developer-backend"]?["prompt"] == "You build the API.\n")
        #expect(agents["developer-backend"]?["tools"] == ["Read", "Write", "Edit", "Bash"])
        #expect(agents["developer-backend"]?["model"] == "claude-haiku-4-5")
        #expect(agents["developer-backend"]?["description"] == "APIs")
        #expect(agents["developer-frontend"]?["model"] == "inherit")
        #expect(agents["developer-frontend"]?["tools"] == [])
        let allowed = try #require(invocation.arguments.firstIndex(of: "--allowedTools"))
        let rules = invocation.arguments[allowed + 1].split(separator: ",").map(String.init)
        #expect(rules.contains("Task") && rules.contains("Bash(python3:*)") && rules.contains("Bash(git status:*)"))
        // The runtime's own delegate tool is Claude Code's Task here, not an unmapped tool.
        #expect(invocation.tools.unmappedTools.isEmpty)
        #expect(
            invocation.agents.idsByName == [
                "developer-backend": "developer.backend", "developer-frontend": "developer.frontend",
            ])
    }

    static let lead = """
        agent:
          id: lead
          phases: [planning]
          system_prompt: prompts/lead.md
          provider: {name: claude-code}
          tools: [file_system]
          subagents:
            - id: lead.a
              description: Writes note A.
              system_prompt: prompts/a.md
              tools: [file_system]
            - id: lead.b
              system_prompt: prompts/b.md
        """
    static let intake = """
        project:
          name: "Team Work"
        requirements:
          - "Write two notes"
        phases: [planning, architecture, development, qa, documentation]
        constraints:
          review_rounds: 0
        agents:
          planning: [lead]
        artifacts:
          planning: ["intake.yaml"]
        """

    @Test("through the engine: prompt files' contents go in --agents, and Task subagents' messages are charged to them")
    func chargedToSubagents() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let root = fake.workingDirectory.path
        try FileManager.default.createDirectory(atPath: root + "/agents/prompts", withIntermediateDirectories: true)
        try Self.intake.write(toFile: root + "/intake.yaml", atomically: true, encoding: .utf8)
        try Self.lead.write(toFile: root + "/agents/lead.yaml", atomically: true, encoding: .utf8)
        for (name, text) in ["lead": "You lead the notes.\n", "a": "You write note A.\n", "b": "You write note B.\n"] {
            try text.write(toFile: root + "/agents/prompts/\(name).md", atomically: true, encoding: .utf8)
        }
        let claude = fake.provider(fixture: "team.jsonl")
        let providers = ProviderFactory { choice -> any ModelProvider in
            choice.name == .claudeCode ? claude : OfflineProvider()
        }
        let engine = try await WorkflowEngine.open(
            workspace: root, create: true,
            store: { layout, access in try await SQLiteWorkflowStore.open(path: layout.database, access: access) },
            agents: WorkspaceAgentRunner(tools: .builtin(), providers: providers))
        let report = try await engine.start(intakePath: "intake.yaml")
        #expect(report.phases.first?.status == .passed, "\(report.reason ?? "")")
        let record = try fake.record()
        let agents = try JSONValue(parsing: try #require(record.value(after: "--agents")))
        #expect(agents["lead-a"]?["prompt"] == "You write note A.\n")
        #expect(agents["lead-b"]?["prompt"] == "You write note B.\n")
        #expect(agents["lead-a"]?["description"] == "Writes note A.")
        let tools = agents["lead-a"]?["tools"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(tools.contains("Write") && tools.contains("Read") && !tools.contains("Bash"))
        #expect(record.value(after: "--append-system-prompt")?.hasPrefix("You lead the notes.\n") == true)
        let ledger = try await engine.budgetReport(workflowID: nil).report
        let lines = Dictionary(
            uniqueKeysWithValues: ledger.bySubagent.filter { $0.phase == .planning }.compactMap { line in
                line.subagent.map { ($0, line) }
            })
        #expect(lines["lead.a"]?.calls == 1 && lines["lead.a"]?.usage.input == 15)
        #expect(lines["lead.b"]?.calls == 1 && lines["lead.b"]?.usage.input == 17)
        let lead = try #require(ledger.byAgent.first { $0.phase == .planning && $0.agent == "lead" })
        #expect(lead.calls == 4)
    }
}
