import Logging

/// The logger a command hands to the libraries it runs (service lifecycle, supervisor): warnings and errors on
/// standard error, where the CLI's own messages go; standard output stays the command's result.
enum ProcessLogger {
    static func make(label: String) -> Logger {
        var logger = Logger(label: label) { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = .warning
        return logger
    }
}
