import Snapshots
import Synchronization
import Tokens

/// The documents of the last context index an engine built, with their summaries, by path and content hash: the
/// next phase's index reads from the object store and the summary cache only the documents that changed since (at
/// 10,000 files, about 200 object reads and 200 cache reads a phase otherwise).
final class ContextIndexMemo: Sendable {
    struct Key: Hashable, Sendable {
        var path: String
        var hash: ObjectHash
    }

    struct Remembered: Sendable {
        var text: String
        var summary: DocumentSummary?
    }

    private let last = Mutex<[Key: Remembered]>([:])

    /// What the last index held.
    var remembered: [Key: Remembered] { last.withLock { $0 } }

    /// Keeps exactly what the latest index holds, so the memo never outgrows one index.
    func replace(with entries: [Key: Remembered]) {
        last.withLock { $0 = entries }
    }
}
