/// A cheap linear scan that measures how deeply a JSON text nests, without parsing it.
///
/// It runs before any recursive decoder sees untrusted bytes, so ten thousand `[` are refused
/// in O(n) time and constant stack. Brackets inside strings (escapes honoured) are not counted.
/// Malformed text is not diagnosed here: the parser does that once the depth is known to be safe.
public enum JSONDepthScanner {
    /// The outcome of a scan.
    public enum Outcome: Equatable, Sendable {
        /// Nesting never exceeds the limit.
        case withinLimit
        /// Nesting exceeds `limit`; scanning stopped at that point.
        case tooDeep(limit: Int)
    }

    /// Scans UTF-8 JSON text for nesting deeper than `maxDepth`.
    public static func scan(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) -> Outcome {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxDepth { return .tooDeep(limit: maxDepth) }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            default:
                break
            }
        }
        return .withinLimit
    }
}
