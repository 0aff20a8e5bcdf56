/// A file a checkpoint found for one of its required patterns.
public struct ArtifactRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var checkpointId: Int64
    public var pattern: String
    public var path: String
    public var size: Int64
    public var hash: String

    public init(checkpointID: Int64, pattern: String, path: String, size: Int64, hash: String) {
        self.checkpointId = checkpointID
        self.pattern = pattern
        self.path = path
        self.size = size
        self.hash = hash
    }
}
