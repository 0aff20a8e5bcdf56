import Processes

/// Runs a tool's process, reporting failures as the `ToolError`s the model sees.
enum ToolProcess {
    /// Runs the request; `notFoundHint`, when given, replaces the runner's "not found" message.
    static func run(_ request: ProcessRequest, notFoundHint: String? = nil) async throws(ToolError) -> ProcessOutcome {
        do {
            return try await ProcessRunner.run(request)
        } catch {
            throw ToolError(error, notFoundHint: notFoundHint)
        }
    }
}

extension ToolError {
    /// The tool error for a process that could not be run to its end.
    init(_ error: ProcessError, notFoundHint: String? = nil) {
        switch error.code {
        case .notFound: self = .unavailable(notFoundHint ?? error.message)
        case .timedOut: self = .timedOut(seconds: error.timeoutSeconds ?? 0)
        case .sandboxUnavailable: self = .unavailable(error.message)
        default: self = .failed(error.message)
        }
    }
}
