import Logging
import Providers
import Tokens

/// Installs the Redis tier a process shares with other workers, from `ORCHESTRATOR_REDIS_URL`; without it, each
/// process keeps its own summary cache and rate limits.
public enum SharedTierSetup {
    public static let variable = "ORCHESTRATOR_REDIS_URL"

    /// Installs the shared summary store and rate-limit gate when `url` is set (nothing connects until first use);
    /// returns the tier, or nil when none is configured. A URL it cannot read is a usage error.
    @discardableResult
    public static func install(url: String?, logger: Logger) throws(RedisURL.Invalid) -> RedisTier? {
        guard let tier = try tier(url: url, logger: logger) else { return nil }
        SummarySharing.install(RedisSummaryStore(tier: tier))
        RateLimitGates.install(RedisRateLimitGate(tier: tier))
        return tier
    }

    /// The tier `url` names (not connected yet), or nil when `url` is unset or blank.
    public static func tier(url: String?, logger: Logger) throws(RedisURL.Invalid) -> RedisTier? {
        guard let url, !url.trimmedWhitespaceIsEmpty else { return nil }
        return RedisTier(connection: RedisConnection(url: try RedisURL(parsing: url)), logger: logger)
    }
}

extension String {
    fileprivate var trimmedWhitespaceIsEmpty: Bool { allSatisfy(\.isWhitespace) }
}
