import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How this process logs: the format and level every command takes, from `--log-format` / `--log-level` anywhere
/// on the command line or `ORCHESTRATOR_LOG_FORMAT` / `ORCHESTRATOR_LOG_LEVEL` (the flags win).
struct LogSettings: Sendable, Equatable {
    /// How a line is written.
    enum Format: String, Sendable, CaseIterable {
        /// The message alone, as people read it.
        case text
        /// One JSON object per line: time, level, logger, message and the ids in scope.
        case json
    }

    var format: Format = .text
    var level: Logger.Level = .info
    /// Whether a flag or the environment set the format or level, so a child process is told the same.
    var given = false

    static let formatVariable = "ORCHESTRATOR_LOG_FORMAT"
    static let levelVariable = "ORCHESTRATOR_LOG_LEVEL"
    static let levelNames = Logger.Level.allCases.map(\.rawValue)

    /// The two variables these settings read, from the process's environment: looked up by name, because
    /// building `ProcessInfo`'s dictionary of the whole environment costs every command 0.9 million instructions
    /// (callgrind, `--version`), more than the rest of logging's start-up.
    static var processEnvironment: [String: String] {
        var found: [String: String] = [:]
        for name in [formatVariable, levelVariable] {
            if let value = getenv(name) { found[name] = String(cString: value) }
        }
        return found
    }

    /// A flag or variable with a value it does not know: a usage error, exit 2.
    struct Invalid: Error, Equatable {
        var message: String
    }

    /// The settings from the environment, then from the flags, and the arguments without the flags (for the
    /// command parser). The flags are global, as kubectl's are: they may come before or after the subcommand,
    /// as `--log-format json` or `--log-format=json`; nothing after a `--` is read.
    static func extract(
        from arguments: [String], environment: [String: String]
    ) throws(Invalid) -> (settings: LogSettings, arguments: [String]) {
        var settings = LogSettings()
        if let format = environment[formatVariable], !format.isEmpty {
            settings.format = try parseFormat(format, source: formatVariable)
            settings.given = true
        }
        if let level = environment[levelVariable], !level.isEmpty {
            settings.level = try parseLevel(level, source: levelVariable)
            settings.given = true
        }
        var remaining: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                remaining += arguments[index...]
                break
            }
            guard let (flag, inlineValue) = splitFlag(argument) else {
                remaining.append(argument)
                index += 1
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
                index += 1
            } else {
                guard index + 1 < arguments.count else { throw Invalid(message: "\(flag) needs a value") }
                value = arguments[index + 1]
                index += 2
            }
            if flag == "--log-format" {
                settings.format = try parseFormat(value, source: flag)
            } else {
                settings.level = try parseLevel(value, source: flag)
            }
            settings.given = true
        }
        return (settings, remaining)
    }

    /// The flags that give a child process (a detached run) these settings.
    var childArguments: [String] {
        given ? ["--log-format", format.rawValue, "--log-level", level.rawValue] : []
    }

    /// The settings of this process, fixed by ``CommandLogging/bootstrap(_:)`` before any command runs.
    static var current: LogSettings { storage.withLock { $0 } }

    static func install(_ settings: LogSettings) { storage.withLock { $0 = settings } }

    private static let storage = Mutex(LogSettings())

    private static func splitFlag(_ argument: String) -> (String, String?)? {
        for flag in ["--log-format", "--log-level"] {
            if argument == flag { return (flag, nil) }
            if argument.hasPrefix(flag + "=") { return (flag, String(argument.dropFirst(flag.count + 1))) }
        }
        return nil
    }

    private static func parseFormat(_ value: String, source: String) throws(Invalid) -> Format {
        guard let format = Format(rawValue: value.lowercased()) else {
            throw Invalid(message: "\(source): expected text or json, got '\(value)'")
        }
        return format
    }

    private static func parseLevel(_ value: String, source: String) throws(Invalid) -> Logger.Level {
        // `warn` is what many tools call it (RUST_LOG, zap): accepted as `warning`.
        let name = value.lowercased() == "warn" ? "warning" : value.lowercased()
        guard let level = Logger.Level(rawValue: name) else {
            throw Invalid(message: "\(source): expected one of \(levelNames.joined(separator: ", ")), got '\(value)'")
        }
        return level
    }
}
