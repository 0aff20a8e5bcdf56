#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads a number member of a JSON object as the text it was written in, so money becomes an exact `Decimal`.
///
/// `JSONValue` keeps non-integers as `Double`, and `0.1` as a `Double` is not `0.1`: the cost a CLI reports
/// must reach the ledger digit for digit.
enum JSONNumberLiteral {
    /// The member `key` of the top-level object in `bytes`, as a `Decimal`; `nil` when absent or not a number.
    static func decimal(member key: String, in bytes: [UInt8]) -> Decimal? {
        guard let text = text(ofMember: key, in: bytes) else { return nil }
        return Decimal(string: text)
    }

    /// The literal text of the number member `key` of the top-level object, when there is one.
    static func text(ofMember key: String, in bytes: [UInt8]) -> String? {
        var scanner = Scanner(bytes: bytes)
        let wanted = Array(key.utf8)
        guard scanner.skipSpace(), scanner.consume(UInt8(ascii: "{")) else { return nil }
        while scanner.skipSpace() {
            guard let name = scanner.string(), scanner.skipSpace(), scanner.consume(UInt8(ascii: ":")),
                scanner.skipSpace()
            else { return nil }
            if name.elementsEqual(wanted) { return scanner.number() }
            guard scanner.skipValue(), scanner.skipSpace() else { return nil }
            guard scanner.consume(UInt8(ascii: ",")) else { return nil }
        }
        return nil
    }

    /// A forward-only walk over JSON text that can skip whole values without building them.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// Skips whitespace; false at the end of the input.
        mutating func skipSpace() -> Bool {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
            return index < bytes.count
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A string's raw bytes between its quotes (escapes left as written: keys we look for have none).
        mutating func string() -> ArraySlice<UInt8>? {
            guard consume(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""):
                    index += 1
                    return bytes[start..<index - 1]
                default: index += 1
                }
            }
            return nil
        }

        mutating func number() -> String? {
            let start = index
            let allowed = Array("+-.eE0123456789".utf8)
            while index < bytes.count, allowed.contains(bytes[index]) { index += 1 }
            guard index > start else { return nil }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// Skips one value of any kind, counting brackets outside strings.
        mutating func skipValue() -> Bool {
            guard index < bytes.count else { return false }
            if bytes[index] == UInt8(ascii: "\"") { return string() != nil }
            var depth = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    guard string() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return true }
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                case UInt8(ascii: ","):
                    if depth == 0 { return true }
                default: break
                }
                index += 1
            }
            return depth == 0
        }
    }
}
