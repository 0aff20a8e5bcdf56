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

    /// Each byte's value as a lowercase hex digit, 0xFF for any other byte: one load per digit when parsing
    /// 100,000 hashes of a manifest.
    private static let nibbles: [UInt8] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(byte) - UInt8(ascii: "a") + 10
        default: 0xFF
        }
    }

    init?(hexBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 64, let base = bytes.baseAddress else { return nil }
        let parsed: (UInt64, UInt64, UInt64, UInt64)? = Self.nibbles.withUnsafeBufferPointer { table in
            func word(_ start: Int) -> UInt64? {
                var value: UInt64 = 0
                var invalid: UInt8 = 0
                for offset in start..<start + 16 {
                    let nibble = table[Int(base[offset])]
                    invalid |= nibble & 0xF0
                    value = value << 4 | UInt64(nibble & 0x0F)
                }
                return invalid == 0 ? value : nil
            }
            guard let first = word(0), let second = word(16), let third = word(32), let fourth = word(48) else {
                return nil
            }
            return (first, second, third, fourth)
        }
        guard let parsed else { return nil }
        self.words = parsed
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

    /// The 32 bytes of the digest, most significant first (a pack index stores them so).
    func appendBytes(to bytes: inout [UInt8]) {
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
    }

    /// Reads the 32 bytes `appendBytes` writes, from `start`.
    init(bytes: UnsafeRawBufferPointer, at start: Int) {
        func word(_ offset: Int) -> UInt64 {
            (0..<8).reduce(0) { $0 << 8 | UInt64(bytes[start + offset + $1]) }
        }
        words = (word(0), word(8), word(16), word(24))
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
        // The 64 digits into a fixed buffer, then one append (a manifest appends 100,000 of them).
        var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            func put(_ word: UInt64, at start: Int) {
                for position in 0..<16 {
                    let nibble = UInt8(truncatingIfNeeded: (word >> UInt64(60 - 4 * position)) & 0xF)
                    buffer[start + position] =
                        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
                }
            }
            put(words.0, at: 0)
            put(words.1, at: 16)
            put(words.2, at: 32)
            put(words.3, at: 48)
            bytes.append(contentsOf: UnsafeRawBufferPointer(buffer))
        }
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
