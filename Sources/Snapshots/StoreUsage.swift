/// How much an object store holds: objects (manifests included) and their total size.
public struct StoreUsage: Sendable, Hashable, Codable {
    public var objects: Int
    public var bytes: UInt64

    /// Creates a usage report.
    public init(objects: Int, bytes: UInt64) {
        self.objects = objects
        self.bytes = bytes
    }
}
