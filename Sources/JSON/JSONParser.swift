/// Why some bytes are not a JSON document (maps to JSON-RPC -32700).
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in words.
    public let message: String
    /// The byte offset where the problem was found.
    public let offset: Int

    /// The message with its byte offset.
    public var description: String { "\(self.message) at byte \(self.offset)" }
}

extension JSONValue {
    /// Parses one JSON document (RFC 8259, UTF-8) nested at most `maxDepth` arrays/objects deep.
    public init(parsing bytes: UnsafeRawBufferPointer, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError)
    {
        var parser = JSONParser(bytes: bytes, maxDepth: maxDepth)
        self = try parser.parseDocument()
    }

    /// Parses one JSON document from UTF-8 bytes.
    public init(parsing bytes: [UInt8], maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        let result = bytes.withUnsafeBytes { bytes in
            Result { () throws(JSONParseError) in try JSONValue(parsing: bytes, maxDepth: maxDepth) }
        }
        self = try result.get()
    }

    /// Parses one JSON document from text.
    public init(parsing text: String, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        var text = text
        let result = text.withUTF8 { utf8 in
            Result { () throws(JSONParseError) in
                try JSONValue(parsing: UnsafeRawBufferPointer(utf8), maxDepth: maxDepth)
            }
        }
        self = try result.get()
    }
}

/// A strict recursive-descent JSON parser; recursion is bounded by `maxDepth`.
///
/// Hand-written because JSON-RPC needs what Foundation's parsers blur: integer ids kept exact as
/// `Int64` (never round-tripped through `Double`), a depth bound chosen by the server, and the
/// byte offset of the first error for the -32700 message. It parses straight from the caller's bytes.
///
/// Callers that take untrusted input also run `JSONDepthScanner` first, so a hostile document is
/// refused before any recursion happens; the depth check here is the second line of defence.
struct JSONParser {
    private let bytes: UnsafeRawBufferPointer
    private let maxDepth: Int
    private var index = 0

    init(bytes: UnsafeRawBufferPointer, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        self.skipWhitespace()
        let value = try self.parseValue(depth: 0)
        self.skipWhitespace()
        guard self.index == self.bytes.count else { throw self.error("unexpected data after the JSON value") }
        return value
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard self.index < self.bytes.count else { throw self.error("unexpected end of input") }
        switch self.bytes[self.index] {
        case UInt8(ascii: "{"): return try self.parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try self.parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try self.parseString())
        case UInt8(ascii: "t"):
            try self.expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try self.expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try self.expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try self.parseNumber()
        case let byte:
            throw self.error("unexpected character \(Self.show(byte))")
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= self.maxDepth else { throw self.error("JSON nested deeper than \(self.maxDepth) levels") }
        self.index += 1
        var members: [String: JSONValue] = [:]
        self.skipWhitespace()
        if self.consume(UInt8(ascii: "}")) { return .object(members) }
        while true {
            self.skipWhitespace()
            guard self.peek() == UInt8(ascii: "\"") else { throw self.error("expected a string key") }
            let key = try self.parseString()
            self.skipWhitespace()
            guard self.consume(UInt8(ascii: ":")) else { throw self.error("expected ':' after an object key") }
            self.skipWhitespace()
            members[key] = try self.parseValue(depth: depth)
            self.skipWhitespace()
            if self.consume(UInt8(ascii: ",")) { continue }
            if self.consume(UInt8(ascii: "}")) { return .object(members) }
            throw self.error("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= self.maxDepth else { throw self.error("JSON nested deeper than \(self.maxDepth) levels") }
        self.index += 1
        var elements: [JSONValue] = []
        self.skipWhitespace()
        if self.consume(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            self.skipWhitespace()
            elements.append(try self.parseValue(depth: depth))
            self.skipWhitespace()
            if self.consume(UInt8(ascii: ",")) { continue }
            if self.consume(UInt8(ascii: "]")) { return .array(elements) }
            throw self.error("expected ',' or ']' in an array")
        }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        self.index += 1
        let start = self.index
        // Fast path: most strings have no escapes and can be validated in place.
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeRawBufferPointer(rebasing: self.bytes[start..<self.index])
                self.index += 1
                guard let string = String(validating: slice, as: UTF8.self) else {
                    throw JSONParseError(message: "string is not valid UTF-8", offset: start)
                }
                return string
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            self.index += 1
        }
        var utf8 = Array(self.bytes[start..<self.index])
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            switch byte {
            case UInt8(ascii: "\""):
                self.index += 1
                guard let string = String(validating: utf8, as: UTF8.self) else {
                    throw JSONParseError(message: "string is not valid UTF-8", offset: start)
                }
                return string
            case UInt8(ascii: "\\"):
                self.index += 1
                try self.parseEscape(into: &utf8)
            case 0..<0x20:
                throw self.error("unescaped control character in a string")
            default:
                utf8.append(byte)
                self.index += 1
            }
        }
        throw self.error("unterminated string")
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(JSONParseError) {
        guard let byte = self.peek() else { throw self.error("unterminated escape") }
        self.index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try self.parseHex4()
            var scalar = Unicode.Scalar(unit)
            if (0xD800...0xDBFF).contains(unit), self.hasLowSurrogateEscape() {
                self.index += 2
                let low = try self.parseHex4()
                scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
            }
            // A lone surrogate cannot live in a Swift String: it becomes U+FFFD.
            utf8.append(contentsOf: String(Character(scalar ?? "\u{FFFD}")).utf8)
        default:
            throw self.error("invalid escape \\\(Self.show(byte))")
        }
    }

    private func hasLowSurrogateEscape() -> Bool {
        guard self.index + 5 < self.bytes.count,
            self.bytes[self.index] == UInt8(ascii: "\\"), self.bytes[self.index + 1] == UInt8(ascii: "u")
        else { return false }
        var value: UInt16 = 0
        for offset in 2..<6 {
            guard let digit = Self.hexValue(self.bytes[self.index + offset]) else { return false }
            value = value << 4 | UInt16(digit)
        }
        return (0xDC00...0xDFFF).contains(value)
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard self.index + 4 <= self.bytes.count else { throw self.error("truncated \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(self.bytes[self.index]) else { throw self.error("invalid \\u escape") }
            value = value << 4 | UInt16(digit)
            self.index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = self.index
        var isInteger = true
        _ = self.consume(UInt8(ascii: "-"))
        if self.consume(UInt8(ascii: "0")) {
            // A leading zero stands alone: "01" is not JSON.
        } else if self.consumeDigits() == 0 {
            throw self.error("expected a digit")
        }
        if self.consume(UInt8(ascii: ".")) {
            isInteger = false
            guard self.consumeDigits() > 0 else { throw self.error("expected a digit after '.'") }
        }
        if self.consume(UInt8(ascii: "e")) || self.consume(UInt8(ascii: "E")) {
            isInteger = false
            if !self.consume(UInt8(ascii: "+")) { _ = self.consume(UInt8(ascii: "-")) }
            guard self.consumeDigits() > 0 else { throw self.error("expected a digit in the exponent") }
        }
        let literal = self.bytes[start..<self.index]
        if isInteger, let value = Self.exactInteger(literal) { return .integer(value) }
        guard let value = Double(String(decoding: literal, as: UTF8.self)) else {
            throw JSONParseError(message: "invalid number", offset: start)
        }
        // Beyond Double's range the literal would read as infinity, which JSON cannot write back (found by
        // fuzzing: `1e555555555555` came back as `null`).
        guard value.isFinite else {
            throw JSONParseError(message: "number out of range (beyond ±1.8e308)", offset: start)
        }
        return .double(value)
    }

    /// Accumulates negatively so `Int64.min` parses; `nil` on overflow (the caller falls back to `Double`).
    private static func exactInteger(_ literal: Slice<UnsafeRawBufferPointer>) -> Int64? {
        var digits = literal[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        var value: Int64 = 0
        for byte in digits {
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.subtractingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    private mutating func consumeDigits() -> Int {
        let start = self.index
        while let byte = self.peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { self.index += 1 }
        return self.index - start
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard self.index + count <= self.bytes.count else { throw self.error("unexpected end of input") }
        let matches = literal.withUTF8Buffer { expected in
            expected.elementsEqual(self.bytes[self.index..<self.index + count])
        }
        guard matches else { throw self.error("invalid literal") }
        self.index += count
    }

    private mutating func skipWhitespace() {
        while let byte = self.peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            self.index += 1
        }
    }

    private func peek() -> UInt8? {
        self.index < self.bytes.count ? self.bytes[self.index] : nil
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard self.peek() == byte else { return false }
        self.index += 1
        return true
    }

    private func error(_ message: String) -> JSONParseError {
        JSONParseError(message: message, offset: self.index)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func show(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x\(String(byte, radix: 16))"
    }
}
