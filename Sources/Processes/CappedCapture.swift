import Subprocess

/// Reads an output stream to its end, keeping the first `cap` bytes: a chatty process must neither fill
/// memory nor block on a full pipe, so the rest is read and dropped.
enum CappedCapture {
    struct Captured: Sendable {
        var text: String
        var truncated: Bool
    }

    static func collect(_ sequence: SubprocessOutputSequence, cap: Int) async throws -> Captured {
        var kept: [UInt8] = []
        var truncated = false
        for try await buffer in sequence {
            let room = cap - kept.count
            if room <= 0 {
                truncated = truncated || buffer.count > 0
                continue
            }
            buffer.withUnsafeBytes { bytes in
                kept.append(contentsOf: bytes.prefix(room))
                if bytes.count > room { truncated = true }
            }
        }
        return Captured(text: decode(kept, truncated: truncated), truncated: truncated)
    }

    /// UTF-8 text; a multi-byte character cut by the cap is dropped rather than shown as garbage.
    static func decode(_ bytes: [UInt8], truncated: Bool) -> String {
        String(decoding: truncated ? UTF8Boundary.completeCharacters(bytes[...]) : bytes[...], as: UTF8.self)
    }
}
