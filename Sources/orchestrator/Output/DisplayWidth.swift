/// How many terminal columns text takes, as terminals draw it: East Asian wide and fullwidth characters
/// and emoji take two, combining marks and format characters none, everything else one.
///
/// Counted per character (grapheme cluster): an emoji with a skin tone, a ZWJ family or a flag is drawn
/// as one glyph two columns wide, not as the sum of its scalars.
enum DisplayWidth {
    /// The columns of a whole text.
    static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The columns of one character.
    static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // U+FE0F asks for the emoji presentation of what precedes it (❤️, ✔️).
        if first.properties.isEmojiPresentation || scalars.contains("\u{FE0F}") || isEastAsianWide(first) {
            return 2
        }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: return 1
        }
    }

    /// Unicode's East Asian Width W and F blocks (UAX #11) that hold letters and symbols, which the
    /// standard library does not expose as a property.
    private static func isEastAsianWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF,
            0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
