import Instrumentation

/// Which span a context is in: the W3C trace context of a span this process started, or of a caller's span read
/// from a `traceparent`.
struct SpanIdentity: Sendable, Hashable {
    var traceID: [UInt8]
    var spanID: [UInt8]
    var sampled: Bool
    var traceState: String?

    /// `00-<trace id>-<span id>-<flags>`.
    var traceparent: String {
        "00-\(Self.hex(traceID))-\(Self.hex(spanID))-\(sampled ? "01" : "00")"
    }

    /// Reads a W3C `traceparent`; `nil` when it is not one (or names the all-zero trace or span).
    init?(traceparent: String, traceState: String? = nil) {
        let fields = traceparent.split(separator: "-")
        guard fields.count >= 4, fields[0].count == 2, fields[0] != "ff", let traceID = Self.bytes(fields[1], 16),
            let spanID = Self.bytes(fields[2], 8), let flags = Self.bytes(fields[3], 1),
            traceID.contains(where: { $0 != 0 }), spanID.contains(where: { $0 != 0 })
        else { return nil }
        self.init(traceID: traceID, spanID: spanID, sampled: flags[0] & 1 == 1, traceState: traceState)
    }

    init(traceID: [UInt8], spanID: [UInt8], sampled: Bool, traceState: String?) {
        self.traceID = traceID
        self.spanID = spanID
        self.sampled = sampled
        self.traceState = traceState
    }

    static func random(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if bytes.allSatisfy({ $0 == 0 }) { bytes[count - 1] = 1 }
        return bytes
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func bytes(_ text: Substring, _ count: Int) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count == count * 2 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: utf8.count, by: 2) {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// Where a context carries its span's identity.
enum SpanIdentityKey: InstrumentationContextKey {
    typealias Value = SpanIdentity
    static let nameOverride: String? = "otlp-span"
}
