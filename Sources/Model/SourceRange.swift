/// A half-open span of a source file, from `start` up to (not including) `end`.
public struct SourceRange: Sendable, Hashable, Codable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }

    /// An empty range at one position.
    public init(at position: SourcePosition) {
        self.init(start: position, end: position)
    }

    /// The empty range at the start of a file.
    public static let zero = SourceRange(at: .zero)

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    /// Whether a byte offset lies inside the range (the end counts, so a cursor just after a word is on it).
    public func contains(offset: Int) -> Bool {
        start.offset <= offset && offset <= end.offset
    }
}
