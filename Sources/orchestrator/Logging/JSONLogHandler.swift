import JSON
import Logging
import Model

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes each log message to standard error as one JSON object on one line: `time` (RFC 3339, UTC, milliseconds),
/// `level`, `logger` (the label), `message`, then the metadata in scope (workflow, phase, attempt, agent, tool,
/// connection, request…) as top-level keys, sorted. What log collectors (Loki, Elasticsearch, Cloud Logging)
/// ingest without a parser of their own.
struct JSONLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    let label: String
    let redactor: LogRedactor

    /// Keys the line itself uses; metadata of the same name is written with a `metadata_` prefix instead.
    static let reservedKeys: Set<String> = ["time", "level", "logger", "message", "source", "file", "line"]

    init(label: String, level: Logger.Level, redactor: LogRedactor, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = level
        self.redactor = redactor
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        StandardErrorLine.emit(
            line(for: event, milliseconds: Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000))
    }

    /// The line for one message, newline included (separate from ``log(event:)`` so tests can read it).
    func line(for event: LogEvent, milliseconds: Int64) -> String {
        var merged = self.metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var object: [(String, JSONValue)] = [
            ("time", .string(UTCTimestamp.text(milliseconds: milliseconds))),
            ("level", .string(event.level.rawValue)),
            ("logger", .string(label)),
            ("message", .string(redactor.redact(event.message.description))),
        ]
        if event.level >= .warning {
            object.append(("source", .string("\(event.file):\(event.line)")))
        }
        for key in merged.keys.sorted() {
            let name = Self.reservedKeys.contains(key) ? "metadata_\(key)" : key
            let value = LogRedactor.isSecretName(key) ? .string(LogRedactor.mask) : jsonValue(merged[key]!)
            object.append((name, value))
        }
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, (key, value)) in object.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONValue.appendString(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            value.append(to: &bytes)
        }
        bytes += Array("}\n".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func jsonValue(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text):
            // Counts and ids given as strings stay strings: a field keeps one type across lines.
            return .string(redactor.redact(text))
        case .stringConvertible(let convertible):
            if let number = convertible as? any BinaryInteger, let exact = Int64(exactly: number) {
                return .integer(exact)
            }
            if let number = convertible as? Double { return .double(number) }
            if let flag = convertible as? Bool { return .bool(flag) }
            return .string(redactor.redact(convertible.description))
        case .array(let items):
            return .array(items.map(jsonValue))
        case .dictionary(let entries):
            var object: [String: JSONValue] = [:]
            for (key, item) in entries {
                object[key] = LogRedactor.isSecretName(key) ? .string(LogRedactor.mask) : jsonValue(item)
            }
            return .object(object)
        }
    }
}
