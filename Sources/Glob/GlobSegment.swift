/// One element of a pattern component: a byte, `?`, `*`, or a `[...]` class.
enum GlobToken: Sendable, Equatable {
    case byte(UInt8)
    case anyCharacter
    case anyRun
    case set(GlobCharacterSet)
}

/// A `[...]` class: inclusive Unicode scalar ranges, possibly negated.
struct GlobCharacterSet: Sendable, Equatable {
    var ranges: [ClosedRange<UInt32>]
    var negated: Bool

    func contains(_ value: UInt32) -> Bool {
        ranges.contains { $0.contains(value) } != negated
    }
}

/// The pattern for one path component (no `/` inside), matched against the UTF-8 bytes of one name.
struct GlobSegment: Sendable {
    let tokens: [GlobToken]
    /// Set when the segment has no wildcards, for a plain byte comparison.
    let literal: [UInt8]?

    init(tokens: [GlobToken]) {
        self.tokens = tokens
        var literal: [UInt8] = []
        for token in tokens {
            guard case .byte(let byte) = token else {
                self.literal = nil
                return
            }
            literal.append(byte)
        }
        self.literal = literal
    }

    func matches(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        if let literal { return literal.elementsEqual(name) }
        var tokenIndex = 0
        var position = 0
        var starToken = -1
        var starPosition = 0
        while position < name.count {
            if tokenIndex < tokens.count {
                if case .anyRun = tokens[tokenIndex] {
                    starToken = tokenIndex
                    starPosition = position
                    tokenIndex += 1
                    continue
                }
                if let next = step(tokens[tokenIndex], name, at: position) {
                    tokenIndex += 1
                    position = next
                    continue
                }
            }
            // Only the latest `*` needs revisiting, which keeps `*a*a*a*b` linear in practice, never exponential.
            guard starToken >= 0 else { return false }
            starPosition += 1
            position = starPosition
            tokenIndex = starToken + 1
        }
        while tokenIndex < tokens.count, case .anyRun = tokens[tokenIndex] {
            tokenIndex += 1
        }
        return tokenIndex == tokens.count
    }

    /// Where matching one non-star token at `position` ends, or nil if it does not match there.
    private func step(_ token: GlobToken, _ name: UnsafeBufferPointer<UInt8>, at position: Int) -> Int? {
        switch token {
        case .byte(let byte):
            return name[position] == byte ? position + 1 : nil
        case .anyCharacter:
            return Self.scalar(in: name, at: position)?.end
        case .set(let set):
            guard let (value, end) = Self.scalar(in: name, at: position), set.contains(value) else { return nil }
            return end
        case .anyRun:
            return nil
        }
    }

    /// Decodes the UTF-8 scalar starting at `position`; nil inside a multi-byte sequence or on bad UTF-8.
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> (value: UInt32, end: Int)? {
        let lead = bytes[position]
        let length: Int
        var value: UInt32
        switch lead {
        case 0x00...0x7F: return (UInt32(lead), position + 1)
        case 0xC0...0xDF:
            length = 2
            value = UInt32(lead & 0x1F)
        case 0xE0...0xEF:
            length = 3
            value = UInt32(lead & 0x0F)
        case 0xF0...0xF7:
            length = 4
            value = UInt32(lead & 0x07)
        default: return nil
        }
        guard position + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let byte = bytes[position + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (value, position + length)
    }
}
