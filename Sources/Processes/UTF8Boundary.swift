/// Where UTF-8 text may be cut: output and file prefixes cut by a byte cap must not end in half a character.
public enum UTF8Boundary {
    /// The bytes without a multi-byte UTF-8 character cut off at their end.
    public static func completeCharacters(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let lead = bytes.lastIndex(where: { $0 & 0xC0 != 0x80 }) else { return bytes }
        let first = bytes[lead]
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        return bytes.endIndex - lead < length ? bytes[..<lead] : bytes
    }
}
