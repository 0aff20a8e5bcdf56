import PostgresStore
import Synchronization

/// Where the state of workflows is kept: the workspace's embedded SQLite store (the default), or a PostgreSQL
/// database given by `--database postgres://…` anywhere on the command line or `ORCHESTRATOR_DATABASE_URL` (the flag
/// wins). Global, as `--log-format` is: every command that opens a workspace's store takes it.
struct DatabaseSetting: Sendable, Equatable {
    /// The PostgreSQL URL, password included (never printed); nil for the embedded store.
    var url: String?

    static let variable = "ORCHESTRATOR_DATABASE_URL"
    static let flag = "--database"

    /// A flag or variable whose value is not a PostgreSQL URL: a usage error, exit 2.
    struct Invalid: Error, Equatable {
        var message: String
    }

    /// The setting from the environment, then from the flag, and the arguments without the flag (for the command
    /// parser): `--database URL` or `--database=URL`, before or after the subcommand; nothing after `--` is read.
    static func extract(
        from arguments: [String], environment: [String: String]
    ) throws(Invalid) -> (setting: DatabaseSetting, arguments: [String]) {
        var setting = DatabaseSetting()
        if let url = environment[variable], !url.isEmpty {
            setting.url = try checked(url, source: variable)
        }
        var remaining: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                remaining += arguments[index...]
                break
            }
            if argument == flag {
                guard index + 1 < arguments.count else { throw Invalid(message: "\(flag) needs a value") }
                setting.url = try checked(arguments[index + 1], source: flag)
                index += 2
            } else if argument.hasPrefix(flag + "=") {
                setting.url = try checked(String(argument.dropFirst(flag.count + 1)), source: flag)
                index += 1
            } else {
                remaining.append(argument)
                index += 1
            }
        }
        return (setting, remaining)
    }

    private static func checked(_ url: String, source: String) throws(Invalid) -> String {
        guard PostgresURL.isPostgres(url) else {
            throw Invalid(
                message: "\(source): expected a PostgreSQL URL (postgres://user@host:port/database), got "
                    + "'\(PostgresURL.redact(url))'")
        }
        return url
    }

    /// The setting of this process, fixed before any command runs.
    static var current: DatabaseSetting { storage.withLock { $0 } }

    static func install(_ setting: DatabaseSetting) { storage.withLock { $0 = setting } }

    private static let storage = Mutex(DatabaseSetting())
}
