import Logging
import Processes

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How the CLI logs: the logging system is bootstrapped once, in ``Orchestrator/main()``, and each
/// command takes its logger from ``logger(for:)`` and passes it down (to the server, the JSON-RPC
/// transports, the run supervisor…). Below the CLI, only once-per-process notices make a logger of their own
/// (`Logger(label:)`), which writes through the same handler.
///
/// The handler is chosen here and only here, from ``LogSettings``: plain lines or JSON objects, on stderr, both
/// through one ``LogRedactor`` of the process's environment.
enum CommandLogging {
    /// Sets up the process's log handler; call once, before any command runs.
    static func bootstrap(_ settings: LogSettings) {
        LogSettings.install(settings)
        let redactor = LogRedactor { ProcessInfo.processInfo.environment }
        LoggingSystem.bootstrap { label in makeHandler(label: label, settings: settings, redactor: redactor) }
    }

    /// The handler every logger of this process writes through.
    static func makeHandler(label: String, settings: LogSettings, redactor: LogRedactor) -> any LogHandler {
        switch settings.format {
        case .text: StandardErrorLogHandler(level: settings.level, redactor: redactor)
        case .json:
            JSONLogHandler(label: label, level: settings.level, redactor: redactor, metadataProvider: traceIDs)
        }
    }

    /// `trace_id` and `span_id` of the span a line is logged in, when traces are exported (nothing otherwise).
    static let traceIDs = Logger.MetadataProvider {
        guard let parent = TraceContextEnvironment.current()["TRACEPARENT"] else { return [:] }
        let fields = parent.split(separator: "-")
        guard fields.count == 4 else { return [:] }
        return ["trace_id": .string(String(fields[1])), "span_id": .string(String(fields[2]))]
    }

    /// The logger a command passes down, labelled `orchestrator.<command>`.
    static func logger(for command: String) -> Logger {
        Logger(label: "orchestrator.\(command)")
    }
}
