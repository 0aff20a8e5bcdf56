import Tokens

/// Document summaries shared through Redis: every worker reads what any worker outlined, by content key.
///
/// Entries live under `orchestrator:summary:<key>` for ``timeToLive`` (refreshed by each write), so a server with a
/// memory limit keeps the summaries of the content still in use.
public struct RedisSummaryStore: SharedSummaryStore {
    public let tier: RedisTier
    public static let timeToLive = 30 * 24 * 3600

    public init(tier: RedisTier) {
        self.tier = tier
    }

    static func name(_ key: String) -> [UInt8] { Array("orchestrator:summary:\(key)".utf8) }

    public func entry(key: String) -> [UInt8]? {
        guard case .string(let bytes) = tier.run([Array("GET".utf8), Self.name(key)]) else { return nil }
        return bytes
    }

    public func store(_ entry: [UInt8], key: String) {
        _ = tier.run([Array("SET".utf8), Self.name(key), entry, Array("EX".utf8), Array(String(Self.timeToLive).utf8)])
    }
}
