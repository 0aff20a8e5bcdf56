import Model

/// The eight agents the tool ships, decoded from the YAML it embeds (`Sources/Config/Resources/agents/`).
public enum BuiltinAgents {
    /// Every built-in agent, by id order; a file that fails validation is a build defect caught by tests.
    public static let all: [AgentConfig] = {
        let loader = ConfigLoader()
        return EmbeddedResources.builtinAgents.keys.sorted().compactMap { name in
            guard let text = EmbeddedResources.builtinAgents[name] else { return nil }
            return try? loader.load(AgentConfig.Document.self, kind: .agent, bytes: Array(text.utf8), path: name).agent
        }
    }()

    /// The raw YAML of each built-in agent, by file name.
    public static var sources: [String: String] { EmbeddedResources.builtinAgents }

    /// The built-in agent with this id.
    public static func agent(id: String) -> AgentConfig? {
        all.first { $0.id == id }
    }

    /// The ids of the built-in agents that serve a phase by default.
    public static func defaultAgents(for phase: Phase) -> [String] {
        all.filter { $0.phases?.contains(phase) == true }.map(\.id)
    }
}
