/// Byte-level UTF-8 facts the position index and the input checks need.
enum UTF8Scan {
    /// The length of the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte).
    @inline(__always)
    static func sequenceLength(lead: UInt8) -> Int {
        if lead < 0xC0 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return 4
    }

    /// Eight bytes of which none has its high bit set (pure ASCII).
    @inline(__always)
    static func isASCII(_ word: UInt64) -> Bool {
        word & 0x8080_8080_8080_8080 == 0
    }

    /// The high bit of each of eight bytes that is a line feed or a carriage return, and no other bit.
    @inline(__always)
    static func lineBreakMask(_ word: UInt64) -> UInt64 {
        zeroByteMask(word ^ 0x0A0A_0A0A_0A0A_0A0A) | zeroByteMask(word ^ 0x0D0D_0D0D_0D0D_0D0D)
    }

    /// The high bit of each of eight bytes that is zero, and no other bit, so the lowest set bit locates the
    /// first zero byte: adding 0x7F to a byte's low seven bits sets its high bit when any is set, never carrying.
    @inline(__always)
    static func zeroByteMask(_ word: UInt64) -> UInt64 {
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low) &+ low) | word | low)
    }

    /// How many of eight bytes are UTF-8 continuation bytes (10xxxxxx), which do not start a scalar.
    @inline(__always)
    static func continuationCount(_ word: UInt64) -> Int {
        // Bit 7 set and bit 6 clear: shifting left by one puts each byte's bit 6 under its bit 7. The flags,
        // moved to bit 0, are summed into the top byte by one multiplication (x86-64 has no baseline popcount).
        let flags = (word & ~(word << 1) & 0x8080_8080_8080_8080) >> 7
        return Int((flags &* 0x0101_0101_0101_0101) >> 56)
    }

    /// The eight bytes at `offset` as one word, the first in the lowest bits (the caller checks that eight remain).
    @inline(__always)
    static func word(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawBufferPointer(buffer).loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The byte offset of the first byte that is not valid UTF-8, or nil when all of it is.
    ///
    /// This is the start of the first ill-formed sequence (Unicode Table 3-7: no overlong forms, surrogates
    /// or scalars past U+10FFFF; a sequence cut short by the end is ill-formed), as `Unicode.UTF8` decodes.
    /// Runs of ASCII are skipped eight bytes at a time, since configuration files are mostly ASCII.
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var offset = 0
            while offset < count {
                if offset + 8 <= count, isASCII(word(buffer, at: offset)) {
                    offset += 8
                    continue
                }
                let lead = buffer[offset]
                if lead < 0x80 {
                    offset += 1
                    continue
                }
                guard let length = wellFormedLength(buffer, at: offset) else { return offset }
                offset += length
            }
            return nil
        }
    }

    /// The offset of the first NUL byte, or nil; eight bytes at a time.
    static func firstNULOffset(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset + 8 <= buffer.count, zeroByteMask(word(buffer, at: offset)) == 0 {
                offset += 8
            }
            return buffer[offset...].firstIndex(of: 0)
        }
    }

    /// The number of Unicode scalars in valid UTF-8: the bytes that do not continue a sequence.
    static func scalarCount(in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var offset = 0
        while offset + 8 <= buffer.count {
            count += 8 - continuationCount(word(buffer, at: offset))
            offset += 8
        }
        for byte in buffer[offset...] where byte & 0xC0 != 0x80 {
            count += 1
        }
        return count
    }

    /// The length of the well-formed multi-byte sequence at `offset`, or nil when it is ill-formed.
    private static func wellFormedLength(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        let lead = buffer[offset]
        let length: Int
        // The range the second byte must fall in depends on the lead (Table 3-7).
        let second: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: return nil
        }
        guard offset + length <= buffer.count, second.contains(buffer[offset + 1]) else { return nil }
        for index in (offset + 2)..<(offset + length) where buffer[index] & 0xC0 != 0x80 {
            return nil
        }
        return length
    }
}
