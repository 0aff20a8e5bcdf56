/// How long a prompt-cache write lives, which sets its price (1.25× input for five minutes, 2× for an hour).
public enum CacheTTL: String, Sendable, Hashable, Codable, CaseIterable {
    /// The default lifetime (`cache_control: {"type": "ephemeral"}`).
    case fiveMinutes = "5m"
    /// `cache_control: {"type": "ephemeral", "ttl": "1h"}`.
    case oneHour = "1h"
}
