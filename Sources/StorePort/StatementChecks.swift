import Synchronization

/// Statements a store's connection ran anywhere but on the store's own thread (a blocking call on Swift's
/// cooperative pool): kept at zero by design, counted so that tests can check it. Shared between a connection and
/// the store that reads it from other threads.
public final class OffThreadCount: Sendable {
    public let value = Atomic<Int>(0)

    public init() {}

    /// Counts one statement when `onStoreThread` (nil: no store thread to compare with) says it runs elsewhere.
    public func check(_ onStoreThread: (() -> Bool)?) {
        if let onStoreThread, !onStoreThread() {
            value.add(1, ordering: .relaxed)
        }
    }
}

/// The table a statement reads or writes (the word after FROM or INTO), for messages about values that cannot be
/// read; "?" when there is none.
public enum StatementTable {
    public static func of(_ sql: String) -> String {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard let from = words.firstIndex(where: { $0.uppercased() == "FROM" || $0.uppercased() == "INTO" }),
            from + 1 < words.count
        else { return "?" }
        return String(words[from + 1].prefix { $0.isLetter || $0 == "_" })
    }
}
