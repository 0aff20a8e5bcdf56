import JSON
import Model
import Subprocess

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs the Claude Code CLI headless for a turn: Claude Code loops with its own tools in the agent's working
/// copy, its stream-json is reported as it arrives, and its usage and cost come back in the turn.
///
/// Outcomes: a run that prints its result line gives a turn (`toolsRunByProvider`), whatever the exit status.
/// A run that ends without one (crash, signal, timeout) gives a turn whose stop reason is `.processFailed`
/// when any model message was seen, so the usage spent is still charged; when none was seen there is nothing
/// to charge and it throws `ProviderError.processFailed` (or `.timeout`). Cancellation stops the process and
/// everything it started, and throws `.cancelled`.
public struct ClaudeCodeProvider: ModelProvider {
    public let name = "claude-code"
    /// Claude Code runs the tools in its own loop; the runtime only records them.
    public var runsToolsItself: Bool { true }
    public var configuration: ClaudeCodeConfiguration
    public var defaultModel: String? { configuration.model }
    private let lookupEnvironment: [String: String]?

    /// A provider; `environment` is where the executable is looked up (`PATH`, `ORCHESTRATOR_CLAUDE_EXECUTABLE`),
    /// this process's environment when `nil`.
    public init(
        configuration: ClaudeCodeConfiguration = ClaudeCodeConfiguration(), environment: [String: String]? = nil
    ) {
        self.configuration = configuration
        self.lookupEnvironment = environment
    }

    public func complete(
        _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async throws(ProviderError) -> ModelTurn {
        if Task.isCancelled { throw .cancelled }
        let executable = try ClaudeExecutableLocator.locate(
            explicit: configuration.executable, environment: lookupEnvironment ?? ProcessInfo.processInfo.environment)
        let invocation = ClaudeCodeInvocation(request: request, defaultModel: configuration.model)
        let run: ClaudeCodeRun.Outcome
        do {
            let process = ClaudeCodeRun(
                executable: executable, invocation: invocation, workingDirectory: request.workingDirectory,
                configuration: configuration)
            run = try await process.run(events: events)
        } catch let error as SubprocessError {
            if Task.isCancelled { throw .cancelled }
            throw Self.startFailure(error, executable: executable, workingDirectory: request.workingDirectory)
        } catch {
            if Task.isCancelled { throw .cancelled }
            throw .processFailed(status: "could not run \(executable)", stderr: "\(error)")
        }
        if Task.isCancelled { throw .cancelled }
        if let turn = run.accumulator.completedTurn() { return turn }
        let status = Self.describe(run.status)
        if run.timedOut {
            let seconds = configuration.runTimeout.map(Self.seconds) ?? 0
            guard run.accumulator.sawMessages else { throw .timeout(seconds: seconds) }
            return run.accumulator.failedTurn(
                status: "stopped after the \(seconds) s run timeout (\(status))", stderr: run.stderr)
        }
        guard run.accumulator.sawMessages else {
            throw .processFailed(status: status, stderr: run.accumulator.failureDetail(stderr: run.stderr))
        }
        return run.accumulator.failedTurn(status: status, stderr: run.stderr)
    }

    private static func startFailure(
        _ error: SubprocessError, executable: String, workingDirectory: String
    ) -> ProviderError {
        switch error.code {
        case .executableNotFound:
            return .notConfigured(
                "claude-code: cannot run \(executable) (\(error)). Install Claude Code "
                    + "(`npm install -g @anthropic-ai/claude-code`) or set "
                    + "\(ClaudeExecutableLocator.environmentVariable).")
        case .failedToChangeWorkingDirectory:
            return .notConfigured("claude-code: cannot run in the working directory \(workingDirectory) (\(error))")
        default:
            return .processFailed(status: "could not run \(executable)", stderr: "\(error)")
        }
    }

    /// An exit status in words: `exit status 3`, `killed by signal 9 (SIGKILL)`.
    static func describe(_ status: TerminationStatus) -> String {
        switch status {
        case .exited(let code): return "exit status \(code)"
        case .signaled(let signal):
            let names: [Int32: String] = [
                1: "SIGHUP", 2: "SIGINT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM",
            ]
            return "killed by signal \(signal)" + (names[signal].map { " (\($0))" } ?? "")
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
