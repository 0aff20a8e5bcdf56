/// YAML fixtures with position markers (`1️⃣`, `2️⃣`, …), as sourcekit-lsp's tests write them.
///
/// Markers are stripped from the text and their byte offsets kept, so a test can say
/// "the diagnostic starts here" in the fixture itself.
public struct MarkedText: Sendable {
    /// The text with the markers removed.
    public let text: String
    /// Byte offset of each marker in `text`, by marker.
    public let markers: [String: Int]

    public static let markerGlyphs = ["0️⃣", "1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    public init(_ marked: String) {
        var output: [UInt8] = []
        var found: [String: Int] = [:]
        var rest = Substring(marked)
        outer: while !rest.isEmpty {
            for glyph in Self.markerGlyphs where rest.hasPrefix(glyph) {
                found[glyph] = output.count
                rest = rest.dropFirst(glyph.count)
                continue outer
            }
            let character = rest.removeFirst()
            output.append(contentsOf: Array(String(character).utf8))
        }
        self.text = String(decoding: output, as: UTF8.self)
        self.markers = found
    }

    /// The byte offset of a marker; a missing marker is a bug in the test.
    public subscript(_ glyph: String) -> Int {
        guard let offset = markers[glyph] else {
            preconditionFailure("marker \(glyph) not in fixture")
        }
        return offset
    }
}
