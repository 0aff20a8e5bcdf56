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

extension ConfigKind {
    /// Decodes a kind name; an unknown one is an error that lists the four (not Swift's "Cannot initialize…").
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let kind = ConfigKind(rawValue: name) else {
            let allowed = ConfigKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected one of \(allowed); found \"\(name)\"")
        }
        self = kind
    }
}
