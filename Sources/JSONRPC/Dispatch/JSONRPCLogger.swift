#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the library's diagnostics go: a tiny injectable sink, stderr by default, never stdout
/// (stdout carries the protocol when serving over stdio).
public struct JSONRPCLogger: Sendable {
    private let sink: @Sendable (String) -> Void

    /// Creates a logger that hands each line to `sink`.
    public init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    /// Logs one line.
    public func log(_ message: @autoclosure () -> String) {
        self.sink(message())
    }

    /// Writes lines to standard error, each with a trailing newline, in one `write(2)` so lines
    /// from concurrent connections do not interleave.
    public static let standardError = JSONRPCLogger { message in
        var line = Array(message.utf8)
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = write(2, base + offset, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// Drops everything (tests that expect noise).
    public static let silent = JSONRPCLogger { _ in }
}
