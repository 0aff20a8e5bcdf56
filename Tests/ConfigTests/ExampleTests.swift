import Config
import Foundation
import Model
import Testing

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("Examples and built-ins")
struct ExampleTests {
    static let exampleFiles = ConfigFileSearch.yamlFiles(under: repositoryRoot.appendingPathComponent("examples"))
        .map(\.path)

    @Test("every example file validates clean", arguments: exampleFiles)
    func exampleIsClean(_ path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = ConfigValidator().validate(Array(data))
        #expect(result.kind != nil)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    }

    @Test("the examples decode into typed models with their fields")
    func examplesDecode() throws {
        let loader = ConfigLoader()
        let root = repositoryRoot.appendingPathComponent("examples/analytics")
        let intake = try loader.intake(at: root.appendingPathComponent("intake.yaml").path)
        #expect(intake.project.name == "Customer Analytics Platform")
        #expect(intake.project.client == "acme-corp")
        #expect(intake.requirements.count == 3)
        #expect(intake.phases == Phase.allCases)
        #expect(intake.constraints?.budgetTokens == 2_000_000)
        #expect(intake.constraints?.timeline == "2 weeks")
        let agent = try loader.agent(at: root.appendingPathComponent("agents/developer.yaml").path)
        #expect(agent.id == "developer")
        #expect(agent.systemPrompt == "prompts/developer.md")
        #expect(agent.tools == ["git", "file_system", "python_executor"])
        #expect(agent.subagents?.map(\.id) == ["developer.frontend", "developer.backend"])
        #expect(agent.subagents?.last?.skills == ["fastapi", "database"])
        let skill = try loader.skill(at: root.appendingPathComponent("skills/time_series_forecasting.yaml").path)
        #expect(skill.version == "1.0.0")
        #expect(skill.triggers == ["forecast", "forecasting", "demand forecasting", "predict", "time series"])
        #expect(
            skill.methodology.map(\.step) == [
                "data_preparation", "exploration", "model_selection", "training", "evaluation",
            ])
        let policy = try loader.policy(at: root.appendingPathComponent("governance/acme-corp.yaml").path)
        #expect(policy.level == .client)
        #expect(policy.client == "acme-corp")
        #expect(!policy.gates.isEmpty)
    }

    @Test("the nine built-in agents validate and cover every phase; consensus and reviewer review")
    func builtinAgents() {
        for (name, text) in BuiltinAgents.sources {
            let result = ConfigValidator().validate(text: text)
            #expect(result.kind == .agent, "\(name)")
            #expect(result.diagnostics.isEmpty, "\(name): \(result.diagnostics.map(\.message))")
        }
        #expect(
            Set(BuiltinAgents.all.map(\.id))
                == [
                    "architect", "data", "developer", "qa", "documentarian", "consensus", "planner", "steward",
                    "reviewer",
                ])
        #expect(BuiltinAgents.defaultAgents(for: .planning) == ["planner"])
        #expect(BuiltinAgents.agent(id: "consensus")?.reviews == [.planning, .architecture])
        #expect(BuiltinAgents.agent(id: "reviewer")?.reviews == [.development])
        for phase in Phase.allCases {
            #expect(!BuiltinAgents.defaultAgents(for: phase).isEmpty, "no agent for \(phase)")
        }
        let subagents = BuiltinAgents.all.flatMap { $0.subagents ?? [] }.map(\.id)
        for id in [
            "architect.data", "architect.security", "data.ingestion", "data.transform", "developer.frontend",
            "developer.backend", "qa.unit", "qa.integration", "documentarian.api", "documentarian.user",
            "steward.security",
        ] {
            #expect(subagents.contains(id), "missing subagent \(id)")
        }
    }
}
