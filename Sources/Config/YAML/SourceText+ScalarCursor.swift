import Model

extension SourceText {
    /// Turns libyaml's scalar indexes into positions, resuming from the previous answer instead of starting over.
    ///
    /// A parser asks for two positions per event, almost always in file order. `position(atScalarIndex:)`
    /// binary-searches the line and walks a non-ASCII line from its start on every call; this finds the line
    /// from the previous one and walks on from the previous offset, so each answer costs the distance moved.
    /// The answers are the same as `position(atScalarIndex:)` gives for valid UTF-8.
    struct ScalarCursor {
        let text: SourceText
        /// The line of the previous answer.
        private var line = 0
        /// The non-ASCII line the walk below is on, or -1.
        private var walkLine = -1
        /// Scalar index (from the start of the file) the walk has reached.
        private var walkScalarIndex = 0
        /// Byte offset of that scalar.
        private var walkOffset = 0
        /// Its columns on the line, in scalars and UTF-16 code units.
        private var walkScalarColumn = 0
        private var walkUTF16Column = 0

        init(text: SourceText) {
            self.text = text
        }

        /// The position of the scalar with this index from the start of the file (libyaml's `mark.index`).
        mutating func position(atScalarIndex scalarIndex: Int) -> SourcePosition {
            let line = self.line(containing: scalarIndex)
            self.line = line
            let lineStart = text.lineStarts[line]
            let count = text.bytes.count
            if text.lineIsASCII[line] {
                let offset = min(lineStart + scalarIndex - text.lineScalarStarts[line], count)
                return SourcePosition(line: line, column: offset - lineStart, offset: offset)
            }
            if walkLine != line || scalarIndex < walkScalarIndex {
                walkLine = line
                walkScalarIndex = text.lineScalarStarts[line]
                walkOffset = lineStart
                walkScalarColumn = 0
                walkUTF16Column = 0
            }
            text.bytes.withUnsafeBufferPointer { walk(in: $0, to: scalarIndex) }
            return SourcePosition(
                line: line, scalarColumn: walkScalarColumn, utf16Column: walkUTF16Column,
                utf8Column: walkOffset - lineStart, offset: walkOffset)
        }

        /// Moves the walk forward to the scalar index, or to the end of the bytes.
        private mutating func walk(in bytes: UnsafeBufferPointer<UInt8>, to scalarIndex: Int) {
            let count = bytes.count
            while walkScalarIndex < scalarIndex, walkOffset < count {
                // ASCII runs inside a non-ASCII line go eight bytes at a time.
                if scalarIndex - walkScalarIndex >= 8, walkOffset + 8 <= count,
                    UTF8Scan.isASCII(UTF8Scan.word(bytes, at: walkOffset))
                {
                    walkOffset += 8
                    walkScalarIndex += 8
                    walkScalarColumn += 8
                    walkUTF16Column += 8
                    continue
                }
                let length = UTF8Scan.sequenceLength(lead: bytes[walkOffset])
                walkOffset += length
                walkScalarIndex += 1
                walkScalarColumn += 1
                walkUTF16Column += length == 4 ? 2 : 1
            }
        }

        /// The last line starting at or before the scalar index: the previous line or one of the next few,
        /// else found by binary search.
        private func line(containing scalarIndex: Int) -> Int {
            let starts = text.lineScalarStarts
            var line = self.line
            guard starts[line] <= scalarIndex else { return SourceText.upperBound(starts, scalarIndex) - 1 }
            for _ in 0..<8 {
                guard line + 1 < starts.count, starts[line + 1] <= scalarIndex else { return line }
                line += 1
            }
            return SourceText.upperBound(starts, scalarIndex) - 1
        }
    }
}
