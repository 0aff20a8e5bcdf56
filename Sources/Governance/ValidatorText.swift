import Model

/// A decoded text file with an index of its line starts, to turn string indices into positions.
struct ValidatorText {
    let text: String
    /// The index at which each line starts; lines end at LF (a CR before it stays on the line).
    let lineStarts: [String.Index]

    init(_ text: String) {
        self.text = text
        var starts = [text.startIndex]
        var index = text.utf8.startIndex
        while index < text.utf8.endIndex {
            let next = text.utf8.index(after: index)
            if text.utf8[index] == UInt8(ascii: "\n") {
                starts.append(next)
            }
            index = next
        }
        lineStarts = starts
    }

    /// The zero-based line that holds `index`.
    func line(of index: String.Index) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= index {
                low = mid
            } else {
                high = mid - 1
            }
        }
        return low
    }

    /// The position of a string index, with columns in every unit.
    func position(of index: String.Index) -> SourcePosition {
        let line = line(of: index)
        let start = lineStarts[line]
        return SourcePosition(
            line: line,
            scalarColumn: text.unicodeScalars.distance(from: start, to: index),
            utf16Column: text.utf16.distance(from: start, to: index),
            utf8Column: text.utf8.distance(from: start, to: index),
            offset: text.utf8.distance(from: text.startIndex, to: index)
        )
    }

    /// The range of a span of the text.
    func range(of span: Range<String.Index>) -> SourceRange {
        SourceRange(start: position(of: span.lowerBound), end: position(of: span.upperBound))
    }

    /// The text of a line without its line break.
    func lineText(_ line: Int) -> Substring {
        let start = lineStarts[line]
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : text.endIndex
        while end > start, let last = text.unicodeScalars[..<end].last, last == "\n" || last == "\r" {
            end = text.unicodeScalars.index(before: end)
        }
        return text[start..<end]
    }

    /// The end of the first `count` lines (after their line break), or the end of the text.
    func endOfLines(_ count: Int) -> String.Index {
        count < lineStarts.count ? lineStarts[count] : text.endIndex
    }
}
