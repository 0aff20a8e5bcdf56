/// What one garbage collection removed from an object store.
public struct GarbageCollection: Sendable, Hashable, Codable {
    /// Objects and stray files (crashed writers' temporary files included) removed.
    public var removedObjects: Int
    public var freedBytes: UInt64

    /// Creates a report.
    public init(removedObjects: Int, freedBytes: UInt64) {
        self.removedObjects = removedObjects
        self.freedBytes = freedBytes
    }
}
