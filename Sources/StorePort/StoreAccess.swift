/// How a process means to use a store: read-only commands never write, and may open a store they cannot write.
public enum StoreAccess: Sendable, Hashable {
    /// Reads and writes (runs, rollbacks, prunes, budget changes).
    case readWrite
    /// Reads only (status, lists, the audit trail): an adapter opens a store it cannot write (a read-only archive of
    /// an engagement) in whatever way lets it read every committed change, and refuses writes.
    case readOnly
}
