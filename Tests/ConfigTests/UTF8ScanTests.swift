import Testing

@testable import Config

/// The hand-written UTF-8 check must find the same first bad byte as the standard library's decoder.
struct UTF8ScanTests {
    /// The offset `Unicode.UTF8` stops at: the start of the first sequence it cannot decode.
    static func decoderOffset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    static let samples: [[UInt8]] = [
        [], [0x41], [0xC2, 0x80], [0xC1, 0xBF], [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80], [0xED, 0xA0, 0x80],
        [0xED, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF4, 0x8F, 0xBF, 0xBF], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x9A],
        Array("twelve bytes\u{E9} and more \u{1F680} ascii text".utf8),
        [UInt8](repeating: 0x61, count: 17) + [0xC3],
    ]

    @Test("edge cases of Table 3-7", arguments: samples)
    func edgeCases(bytes: [UInt8]) {
        #expect(UTF8Scan.firstInvalidOffset(in: bytes) == Self.decoderOffset(bytes))
    }

    @Test("random bytes, mostly ASCII with some multi-byte and broken sequences")
    func randomBytes() {
        var generator = SplitMix(seed: 42)
        let pieces: [[UInt8]] = [
            Array("plain ascii text ".utf8), Array("é".utf8), Array("日本".utf8), Array("🚀".utf8), [0x80], [0xC3],
            [0xE6, 0x97], [0xF0, 0x9F], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xFE], [0x0A],
        ]
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<generator.next() % 12 {
                let piece = pieces[Int(generator.next() % UInt64(pieces.count))]
                // Broken pieces are rare, so most inputs are valid or fail late.
                if piece.count < 4, piece.first.map({ $0 >= 0x80 }) == true, generator.next() % 4 != 0 { continue }
                bytes += piece
            }
            #expect(UTF8Scan.firstInvalidOffset(in: bytes) == Self.decoderOffset(bytes), "\(bytes)")
        }
    }
}
