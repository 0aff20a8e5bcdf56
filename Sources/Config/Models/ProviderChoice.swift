/// Which model backend runs an agent, and with which model.
public struct ProviderChoice: Sendable, Hashable, Codable {
    /// The model backends the tool ships.
    public enum Name: String, Sendable, Hashable, Codable, CaseIterable {
        case offline
        case anthropic
        case claudeCode = "claude-code"
    }

    public var name: Name
    public var model: String?

    public init(name: Name = .offline, model: String? = nil) {
        self.name = name
        self.model = model
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(Name.self, forKey: .name) ?? .offline
        model = try container.decodeIfPresent(String.self, forKey: .model)
    }
}
