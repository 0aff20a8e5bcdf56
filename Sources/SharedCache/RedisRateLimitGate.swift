import Crypto
import Providers

/// Model-call pauses shared through Redis: a `retry-after` one worker sees holds every worker's calls on that key.
///
/// A pause is a key `orchestrator:pause:<SHA-256 of the quota key>` (never the API key itself) that expires when the
/// pause ends; a longer pause is never shortened. Every pause is also kept in this process's own gate, which is all
/// there is while Redis is down.
public struct RedisRateLimitGate: RateLimitGate {
    public let tier: RedisTier
    public let local: LocalRateLimitGate

    public init(tier: RedisTier, local: LocalRateLimitGate = .shared) {
        self.tier = tier
        self.local = local
    }

    /// Sets the pause unless one at least as long holds (PTTL), atomically on the server.
    static let extendScript = """
        local held = redis.call('PTTL', KEYS[1])
        if held < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
        return 1
        """

    static func name(_ key: String) -> [UInt8] {
        let digest = SHA256.hash(data: Array(key.utf8)).map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return [hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
        }
        return Array("orchestrator:pause:".utf8) + digest.joined()
    }

    public func remainingPause(key: String) async -> Duration? {
        let here = await local.remainingPause(key: key)
        guard case .integer(let milliseconds) = tier.run([Array("PTTL".utf8), Self.name(key)]), milliseconds > 0
        else { return here }
        let shared = Duration.milliseconds(milliseconds)
        return max(here ?? .zero, shared)
    }

    public func pause(key: String, for duration: Duration) async {
        await local.pause(key: key, for: duration)
        let milliseconds = max(
            1, Int64(duration.components.seconds) * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        _ = tier.run([
            Array("EVAL".utf8), Array(Self.extendScript.utf8), Array("1".utf8), Self.name(key),
            Array(String(milliseconds).utf8),
        ])
    }
}
