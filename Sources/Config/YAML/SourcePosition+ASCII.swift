import Model

extension SourcePosition {
    /// The position `count` bytes further on the same line (back when negative), when every byte crossed is ASCII.
    ///
    /// Every column unit moves by the same amount then, so nothing needs the line's text.
    func advanced(byASCII count: Int) -> SourcePosition {
        SourcePosition(
            line: line, scalarColumn: scalarColumn + count, utf16Column: utf16Column + count,
            utf8Column: utf8Column + count, offset: offset + count)
    }
}
