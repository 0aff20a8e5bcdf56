import Model

/// A governance policy: a layer of quality gates and waivers (universal, organization or client).
public struct PolicyConfig: Sendable, Hashable, Codable {
    /// Which layer a policy is; layers merge with precedence client > organization > universal.
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        case universal, organization, client

        private var rank: Int {
            switch self {
            case .universal: 0
            case .organization: 1
            case .client: 2
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public var id: String
    public var level: Level
    public var client: String?
    public var description: String?
    /// Programs a `tool` gate may run.
    public var allowedCommands: [String]?
    public var gates: [GateConfig]
    public var waivers: [WaiverConfig]?

    public init(
        id: String, level: Level, client: String? = nil, description: String? = nil,
        allowedCommands: [String]? = nil, gates: [GateConfig], waivers: [WaiverConfig]? = nil
    ) {
        self.id = id
        self.level = level
        self.client = client
        self.description = description
        self.allowedCommands = allowedCommands
        self.gates = gates
        self.waivers = waivers
    }

    enum CodingKeys: String, CodingKey {
        case id, level, client, description, gates, waivers
        case allowedCommands = "allowed_commands"
    }

    /// The document shape: the policy under a top-level `policy` key.
    public struct Document: Sendable, Hashable, Codable {
        public var policy: PolicyConfig
    }
}

/// A waiver: a recorded, expiring permission to pass a failing gate.
public struct WaiverConfig: Sendable, Hashable, Codable {
    /// Where a waiver applies; everywhere when absent.
    public struct Scope: Sendable, Hashable, Codable {
        public var paths: [String]?
        public var phases: [Phase]?
    }

    public var gate: String
    public var reason: String
    public var approver: String
    /// Last day the waiver applies (YYYY-MM-DD).
    public var expires: String
    public var scope: Scope?
}
