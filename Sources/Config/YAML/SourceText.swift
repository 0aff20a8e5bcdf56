import Model

/// The bytes of a source file with an index of its lines, turning offsets into positions in every column unit.
///
/// Lines end at `\n`, `\r\n` or `\r`, as LSP counts them. Lines of pure ASCII (the common case) convert
/// in constant time; others are walked once per conversion.
public struct SourceText: Sendable {
    /// The file's bytes, as read.
    public let bytes: [UInt8]
    /// Byte offset at which each line starts.
    let lineStarts: [Int]
    /// Unicode scalar index (from the start of the file) at which each line starts.
    let lineScalarStarts: [Int]
    /// Whether each line is pure ASCII, so all column units agree.
    let lineIsASCII: [Bool]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var scalarStarts = [0]
        var ascii: [Bool] = []
        var lineASCII = true
        var scalars = 0
        var index = 0
        let count = bytes.count
        bytes.withUnsafeBufferPointer { buffer in
            while index < count {
                // Up to eight bytes at a time, stopping before a line break: one load and a few bit operations.
                if index + 8 <= count {
                    let word = UTF8Scan.word(buffer, at: index)
                    let breaks = UTF8Scan.lineBreakMask(word)
                    let run = breaks == 0 ? 8 : breaks.trailingZeroBitCount / 8
                    if run > 0 {
                        let bytesBeforeBreak = run == 8 ? word : word & ((1 << UInt64(run * 8)) - 1)
                        if UTF8Scan.isASCII(bytesBeforeBreak) {
                            scalars += run
                        } else {
                            lineASCII = false
                            scalars += run - UTF8Scan.continuationCount(bytesBeforeBreak)
                        }
                        index += run
                        continue
                    }
                }
                let byte = buffer[index]
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    var next = index + 1
                    scalars += 1
                    if byte == UInt8(ascii: "\r"), next < count, buffer[next] == UInt8(ascii: "\n") {
                        next += 1
                        scalars += 1
                    }
                    ascii.append(lineASCII)
                    lineASCII = true
                    starts.append(next)
                    scalarStarts.append(scalars)
                    index = next
                    continue
                }
                if byte >= 0x80 {
                    lineASCII = false
                }
                // Continuation bytes (10xxxxxx) do not start a scalar.
                if byte & 0xC0 != 0x80 {
                    scalars += 1
                }
                index += 1
            }
        }
        ascii.append(lineASCII)
        self.lineStarts = starts
        self.lineScalarStarts = scalarStarts
        self.lineIsASCII = ascii
    }

    /// Text decoded as UTF-8 (invalid bytes replaced), for callers that want a `String`.
    public init(_ string: String) {
        self.init(bytes: Array(string.utf8))
    }

    /// The number of lines (a file ending in a newline has an empty last line).
    public var lineCount: Int { lineStarts.count }

    /// The position of a byte offset (clamped to the file).
    public func position(atOffset rawOffset: Int) -> SourcePosition {
        let offset = max(0, min(rawOffset, bytes.count))
        let line = lineContaining(offset: offset)
        return position(line: line, toOffset: offset)
    }

    /// The position of the Unicode scalar with this index from the start of the file (libyaml's `mark.index`).
    public func position(atScalarIndex scalarIndex: Int) -> SourcePosition {
        let line = Self.upperBound(lineScalarStarts, scalarIndex) - 1
        let lineStart = lineStarts[line]
        let wanted = scalarIndex - lineScalarStarts[line]
        if lineIsASCII[line] {
            let offset = min(lineStart + wanted, bytes.count)
            return SourcePosition(line: line, column: offset - lineStart, offset: offset)
        }
        var offset = lineStart
        var seen = 0
        while seen < wanted, offset < bytes.count {
            offset += UTF8Scan.sequenceLength(lead: bytes[offset])
            seen += 1
        }
        return position(line: line, toOffset: min(offset, bytes.count))
    }

    /// The byte offset of a zero-based line and column counted in `encoding` (an LSP position).
    ///
    /// A column past the end of the line clamps to the line's end, as LSP asks.
    public func offset(line: Int, column: Int, encoding: PositionEncoding) -> Int {
        guard line >= 0 else { return 0 }
        guard line < lineStarts.count else { return bytes.count }
        let start = lineStarts[line]
        let end = lineContentEnd(line)
        if lineIsASCII[line] {
            return min(start + max(0, column), end)
        }
        var offset = start
        var units = 0
        while offset < end {
            let length = UTF8Scan.sequenceLength(lead: bytes[offset])
            let width: Int
            switch encoding {
            case .utf8: width = length
            case .utf16: width = length == 4 ? 2 : 1
            case .utf32: width = 1
            }
            if units + width > column { break }
            units += width
            offset += length
        }
        return offset
    }

    /// The bytes of a line without its line break.
    public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 0, line < lineStarts.count else { return [] }
        return bytes[lineStarts[line]..<lineContentEnd(line)]
    }

    /// The text of a line without its line break.
    public func lineText(_ line: Int) -> String {
        String(decoding: lineBytes(line), as: UTF8.self)
    }

    /// The range covering the bytes `start..<end`.
    public func range(fromOffset start: Int, toOffset end: Int) -> SourceRange {
        SourceRange(start: position(atOffset: start), end: position(atOffset: end))
    }

    /// The byte offset just past a line's last character (before its line break).
    public func lineContentEnd(_ line: Int) -> Int {
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        while end > lineStarts[line], bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return end
    }

    private func lineContaining(offset: Int) -> Int {
        Self.upperBound(lineStarts, offset) - 1
    }

    private func position(line: Int, toOffset offset: Int) -> SourcePosition {
        let start = lineStarts[line]
        if lineIsASCII[line] {
            return SourcePosition(line: line, column: offset - start, offset: offset)
        }
        var scalars = 0
        var utf16 = 0
        var cursor = start
        while cursor < offset {
            let length = UTF8Scan.sequenceLength(lead: bytes[cursor])
            scalars += 1
            utf16 += length == 4 ? 2 : 1
            cursor += length
        }
        return SourcePosition(
            line: line, scalarColumn: scalars, utf16Column: utf16, utf8Column: offset - start, offset: offset)
    }

    /// The index of the first element greater than `value` in a sorted array.
    static func upperBound(_ array: [Int], _ value: Int) -> Int {
        var low = 0
        var high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
