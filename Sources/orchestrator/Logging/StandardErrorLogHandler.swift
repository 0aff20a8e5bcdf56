import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes log messages to standard error as plain lines, as the server has always printed them:
/// the message alone, prefixed with `[label] ` when it concerns one connection (`connection`
/// metadata). Other metadata, the level and the source are left to structured handlers.
struct StandardErrorLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(level: Logger.Level = .info) {
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let connection = event.metadata?["connection"] ?? self.metadata["connection"]
        var line = connection.map { "[\($0)] " } ?? ""
        line += event.message.description
        line += "\n"
        Self.emit(line)
    }

    /// One `write(2)` per line (retried only for what remains), so lines from concurrent connections
    /// do not interleave.
    private static func emit(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = write(2, base + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
