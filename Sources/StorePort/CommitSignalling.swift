/// A store that tells when any of its writers committed — another process's, another machine's, or this one's — so
/// that a server can read and stream what it did not write itself (PostgreSQL's LISTEN/NOTIFY). The embedded
/// SQLite store has no such signal.
public protocol CommitSignalling: Sendable {
    /// A signal after commits, coalesced (one signal may stand for many), and after the store's link to the signals
    /// was lost and is back (commits may have passed unheard). The stream never ends on its own.
    func commitSignals() -> AsyncStream<Void>
}
