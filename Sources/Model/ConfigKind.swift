/// The four kinds of configuration file the tool reads.
public enum ConfigKind: String, Sendable, Hashable, Codable, CaseIterable {
    case intake
    case agent
    case policy
    case skill

    /// The top-level key that identifies a document of this kind.
    public var topLevelKey: String {
        switch self {
        case .intake: "project"
        case .agent: "agent"
        case .policy: "policy"
        case .skill: "skill"
        }
    }

    /// The file name of this kind's JSON Schema in `protocol/schemas/`.
    public var schemaFileName: String { "\(rawValue).schema.json" }
}
