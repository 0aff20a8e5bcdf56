import Logging

/// How the CLI logs: the logging system is bootstrapped once, in ``Orchestrator/main()``, and each
/// command takes its logger from ``logger(for:)`` and passes it down (to the server, the JSON-RPC
/// transports, …); nothing below the CLI creates or looks up a logger of its own.
///
/// The handler is chosen here and only here: a structured (JSON) handler plugs in by changing
/// ``makeHandler(label:)``, without touching a call site.
enum CommandLogging {
    /// Sets up the process's log handler; call once, before any command runs.
    static func bootstrap() {
        LoggingSystem.bootstrap { label in makeHandler(label: label) }
    }

    /// The handler every logger of this process writes through: plain lines on standard error.
    static func makeHandler(label: String) -> any LogHandler {
        StandardErrorLogHandler()
    }

    /// The logger a command passes down, labelled `orchestrator.<command>`.
    static func logger(for command: String) -> Logger {
        Logger(label: "orchestrator.\(command)")
    }
}
