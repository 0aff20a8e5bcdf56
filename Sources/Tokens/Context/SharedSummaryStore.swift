import Synchronization

/// Where document summaries are shared between processes and machines (Redis, in distributed mode), behind each
/// machine's on-disk ``SummaryCache``.
///
/// Entries are the cache's own encoded bytes under its content key, so a reader checks them exactly as it checks a
/// file. A store that cannot be reached answers nil and drops writes: sharing saves work, it never stops a run.
public protocol SharedSummaryStore: Sendable {
    /// The entry stored under `key`, or nil (absent, or the store unreachable).
    func entry(key: String) -> [UInt8]?
    /// Stores `entry` under `key`, replacing any.
    func store(_ entry: [UInt8], key: String)
}

/// The process's shared summary store, installed once at start-up by the executable (none by default).
public enum SummarySharing {
    private static let installed = Mutex<(any SharedSummaryStore)?>(nil)

    /// Makes `store` the tier every ``SummaryCache`` made afterwards consults.
    public static func install(_ store: (any SharedSummaryStore)?) {
        installed.withLock { $0 = store }
    }

    /// The installed store, if any.
    public static var current: (any SharedSummaryStore)? {
        installed.withLock { $0 }
    }
}
