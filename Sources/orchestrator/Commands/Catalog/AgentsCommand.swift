import ArgumentParser
import Engine

/// `orchestrator agents`: the agents a workspace runs, after its `agents/*.yaml` overrides.
struct AgentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agents", abstract: "List and show the agents (built in, overridden by agents/*.yaml).",
        subcommands: [AgentsList.self, AgentsShow.self])
}

/// `orchestrator agents list`.
struct AgentsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List every agent.")

    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let report = AgentCatalogReport.load(workspace: options.root)
        if options.json { return try JSONOutput.print(report) }
        var table = Table(header: ["ID", "PHASES", "SKILLS", "TOOLS", "SUBAGENTS", "SOURCE"])
        for agent in report.agents {
            table.rows.append([
                agent.id, agent.phases.map(\.rawValue).joined(separator: ","), agent.skills.joined(separator: ","),
                agent.tools.joined(separator: ","), agent.subagents.map(\.id).joined(separator: ","),
                agent.source == "builtin" ? "builtin" : "workspace",
            ])
        }
        print(table.render(), terminator: "")
        for error in report.errors { StandardError.write(error + "\n") }
        if !report.errors.isEmpty { throw ExitStatus(1) }
    }
}

/// `orchestrator agents show ID`.
struct AgentsShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an agent: prompt, skills, tools and subagents.")

    @Argument(help: "The agent id.") var id: String
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let agent = try await engineCall { () async throws(EngineError) in
            try AgentCatalogReport.agent(id: id, workspace: options.root)
        }
        if options.json { return try JSONOutput.print(agent) }
        var text = "\(agent.id)" + (agent.name.map { " (\($0))" } ?? "") + "\n"
        if let description = agent.description { text += "  \(description)\n" }
        text += "  phases:    \(agent.phases.map(\.rawValue).joined(separator: ", "))\n"
        if !agent.reviews.isEmpty { text += "  reviews:   \(agent.reviews.map(\.rawValue).joined(separator: ", "))\n" }
        text +=
            "  provider:  \(agent.provider.map { $0.name.rawValue + ($0.model.map { " " + $0 } ?? "") } ?? "(intake)")\n"
        text += "  skills:    \(agent.skills.joined(separator: ", "))\n"
        text += "  tools:     \(agent.tools.joined(separator: ", "))\n"
        text += "  max steps: \(agent.maxSteps)\n  source:    \(agent.source)\n"
        for subagent in agent.subagents {
            text += "  subagent \(subagent.id): skills \(subagent.skills.joined(separator: ", ")); "
            text += "tools \(subagent.tools.joined(separator: ", "))\n"
        }
        if let problem = agent.promptError { text += "  error:     \(problem)\n" }
        if let prompt = agent.systemPrompt, !prompt.isEmpty {
            text += "\n" + prompt + (prompt.hasSuffix("\n") ? "" : "\n")
        }
        print(text, terminator: "")
        if agent.promptError != nil { throw ExitStatus(1) }
    }
}
