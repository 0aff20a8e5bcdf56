import Model

/// Checks of the raw bytes made before any YAML parsing, so hostile input fails fast with a location.
enum InputCheck {
    /// A diagnostic for input that is too large, binary, UTF-16/32, or not valid UTF-8; nil when it is fine.
    static func problem(in bytes: [UInt8], limits: YAMLLimits) -> Diagnostic? {
        if bytes.count > limits.maxBytes {
            return Diagnostic(
                range: .zero, code: DiagnosticCode.fileTooLarge,
                // Files are read up to the limit plus one byte, so the size past the limit is not known here.
                message: "file is larger than the limit of \(formatSize(limits.maxBytes)) for a configuration file")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF])
        {
            return Diagnostic(
                range: .zero, code: DiagnosticCode.invalidEncoding,
                message: "file is encoded as UTF-16 or UTF-32 (it starts with a byte-order mark); save it as UTF-8")
        }
        if let nul = UTF8Scan.firstNULOffset(in: bytes) {
            let text = SourceText(bytes: bytes)
            return Diagnostic(
                range: text.range(fromOffset: nul, toOffset: nul + 1), code: DiagnosticCode.binaryFile,
                message: "file looks binary (a NUL byte at offset \(nul)); expected UTF-8 YAML text")
        }
        if let bad = UTF8Scan.firstInvalidOffset(in: bytes) {
            let text = SourceText(bytes: bytes)
            let hex = String(bytes[bad], radix: 16, uppercase: true)
            return Diagnostic(
                range: text.range(fromOffset: bad, toOffset: bad + 1), code: DiagnosticCode.invalidEncoding,
                message: "invalid UTF-8 (byte 0x\(hex) at offset \(bad)); save the file as UTF-8")
        }
        return nil
    }

    static func formatSize(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024 {
            let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
            return "\(tenths / 10).\(tenths % 10) MiB"
        }
        if bytes >= 1024 { return "\(bytes / 1024) KiB" }
        return "\(bytes) bytes"
    }
}
