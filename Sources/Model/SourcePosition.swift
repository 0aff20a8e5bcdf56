/// A point in a source file, with its column in every unit a client may ask for.
///
/// Lines and columns are zero-based, as in LSP. libyaml counts columns in Unicode scalars;
/// editors count in UTF-16 code units (LSP's default) or UTF-8 bytes, so all three are kept.
public struct SourcePosition: Sendable, Hashable, Codable, Comparable {
    /// Zero-based line number.
    public var line: Int
    /// Zero-based column in Unicode scalars (code points).
    public var scalarColumn: Int
    /// Zero-based column in UTF-16 code units.
    public var utf16Column: Int
    /// Zero-based column in UTF-8 bytes.
    public var utf8Column: Int
    /// Zero-based byte offset from the start of the file.
    public var offset: Int

    public init(line: Int, scalarColumn: Int, utf16Column: Int, utf8Column: Int, offset: Int) {
        self.line = line
        self.scalarColumn = scalarColumn
        self.utf16Column = utf16Column
        self.utf8Column = utf8Column
        self.offset = offset
    }

    /// A position on a line of ASCII text, where every column unit agrees.
    public init(line: Int, column: Int, offset: Int) {
        self.init(line: line, scalarColumn: column, utf16Column: column, utf8Column: column, offset: offset)
    }

    /// The start of a file.
    public static let zero = SourcePosition(line: 0, column: 0, offset: 0)

    /// The column counted in the given unit.
    public func column(in encoding: PositionEncoding) -> Int {
        switch encoding {
        case .utf8: utf8Column
        case .utf16: utf16Column
        case .utf32: scalarColumn
        }
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.offset < rhs.offset
    }
}

/// The unit in which a column is counted (LSP 3.17 `PositionEncodingKind`).
public enum PositionEncoding: String, Sendable, Hashable, Codable, CaseIterable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"
}
