import Crypto

/// The SHA-256 of an object's bytes: the object's name in the store.
public struct ObjectHash: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    // Four big-endian words rather than a String: hashing, comparing and parsing 10,000 of them
    // per snapshot stays allocation-free, and word order equals hex order.
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// Parses 64 lowercase hexadecimal characters.
    public init?(hex: String) {
        var text = hex
        guard let value = text.withUTF8({ ObjectHash(hexBytes: $0) }) else { return nil }
        self = value
    }

    init?(hexBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 64 else { return nil }
        func word(_ start: Int) -> UInt64? {
            var value: UInt64 = 0
            for byte in bytes[start..<start + 16] {
                let nibble: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
                default: return nil
                }
                value = value << 4 | UInt64(nibble)
            }
            return value
        }
        guard let first = word(0), let second = word(16), let third = word(32), let fourth = word(48) else {
            return nil
        }
        self.words = (first, second, third, fourth)
    }

    init(digest: SHA256.Digest) {
        words = digest.withUnsafeBytes { raw in
            func word(_ start: Int) -> UInt64 {
                raw[start..<start + 8].reduce(0) { $0 << 8 | UInt64($1) }
            }
            return (word(0), word(8), word(16), word(24))
        }
    }

    /// The hash of a buffer.
    static func of(_ bytes: UnsafeRawBufferPointer) -> ObjectHash {
        ObjectHash(digest: SHA256.hash(data: bytes))
    }

    /// The SHA-256 of some bytes, the key content-addressed caches use.
    public static func of(contents bytes: [UInt8]) -> ObjectHash {
        bytes.withUnsafeBytes { of($0) }
    }

    /// The hash of an array of bytes.
    static func of(_ bytes: [UInt8]) -> ObjectHash {
        bytes.withUnsafeBytes { of($0) }
    }

    /// The 64 lowercase hexadecimal characters.
    public var hex: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        appendHex(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The 64 hexadecimal characters.
    public var description: String { hex }

    func appendHex(to bytes: inout [UInt8]) {
        func append(_ word: UInt64) {
            var shift: UInt64 = 64
            while shift > 0 {
                shift -= 4
                let nibble = UInt8(truncatingIfNeeded: (word >> shift) & 0xF)
                bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
            }
        }
        append(words.0)
        append(words.1)
        append(words.2)
        append(words.3)
    }

    /// Equal when all 256 bits are.
    public static func == (lhs: ObjectHash, rhs: ObjectHash) -> Bool {
        lhs.words == rhs.words
    }

    /// Orders as the hex strings would.
    public static func < (lhs: ObjectHash, rhs: ObjectHash) -> Bool {
        lhs.words < rhs.words
    }

    /// Feeds the four words to the hasher.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Decodes the hex string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ObjectHash(hex: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not 64 lowercase hexadecimal characters")
        }
        self = value
    }

    /// Encodes as the hex string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
