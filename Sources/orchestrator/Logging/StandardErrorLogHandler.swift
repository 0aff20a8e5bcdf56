import Logging

/// Writes log messages to standard error as plain lines, as the server has always printed them:
/// the message alone, prefixed with `[label] ` when it concerns one connection (`connection`
/// metadata). Other metadata, the level and the source are left to ``JSONLogHandler``.
struct StandardErrorLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let redactor: LogRedactor

    init(level: Logger.Level = .info, redactor: LogRedactor = LogRedactor(environment: [:])) {
        self.logLevel = level
        self.redactor = redactor
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let connection = event.metadata?["connection"] ?? self.metadata["connection"]
        var line = connection.map { "[\($0)] " } ?? ""
        line += event.message.description
        StandardErrorLine.emit(redactor.redact(line) + "\n")
    }
}
