/// Bounds that keep hostile YAML from costing more than a configuration file should.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    public var maxBytes: Int
    /// Deepest nesting of collections accepted.
    public var maxDepth: Int
    /// Most nodes that aliases may expand to in one document (an alias bomb stops here).
    public var maxAliasExpansion: Int
    /// Most documents read from one stream.
    public var maxDocuments: Int

    public init(
        maxBytes: Int = 4 * 1024 * 1024,
        maxDepth: Int = 64,
        maxAliasExpansion: Int = 100_000,
        maxDocuments: Int = 64
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxDocuments = maxDocuments
    }

    /// The limits used unless a caller asks otherwise.
    public static let `default` = YAMLLimits()
}
