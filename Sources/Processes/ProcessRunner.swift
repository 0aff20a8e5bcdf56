import Subprocess
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one process in its own process group and kills the whole group when the time is up.
///
/// The group is what makes a timeout stick: a child that forks (a shell, `multiprocessing`) would otherwise
/// leave grandchildren running and holding the output pipes open. Cancellation of the calling task goes the
/// same way, through the teardown sequence, so the registry's deadline also kills the group.
public enum ProcessRunner {
    private enum Event: Sendable {
        case finished(Result<ProcessOutcome, ProcessError>)
        case deadline
    }

    /// Runs the request to its end, in its sandbox when it has one; `timedOut` when the deadline passed,
    /// `notFound` when the program is missing, `sandboxUnavailable` when the sandbox is required and cannot
    /// be set up (then nothing runs).
    public static func run(_ request: ProcessRequest) async throws(ProcessError) -> ProcessOutcome {
        guard let sandbox = request.sandbox else { return try await runUnconfined(request) }
        switch sandbox.settings.mode {
        case .off:
            SandboxNotice.sayOnce()
            return try await runUnconfined(request)
        case .required:
            let launch = try await SandboxedLaunch(request, in: sandbox)
            defer { launch.cleanUp() }
            return try await runUnconfined(launch.request)
        }
    }

    /// Runs the request as it is, ignoring its sandbox.
    static func runUnconfined(_ request: ProcessRequest) async throws(ProcessError) -> ProcessOutcome {
        let event = await withTaskGroup(of: Event?.self) { group in
            group.addTask { .finished(await launch(request)) }
            group.addTask {
                do {
                    try await Task.sleep(for: .seconds(request.timeoutSeconds))
                    return .deadline
                } catch {
                    return nil
                }
            }
            var expired = false
            var finished: Result<ProcessOutcome, ProcessError> = .failure(
                ProcessError(.failed, "the process did not report"))
            while let next = await group.next() {
                switch next {
                case .deadline?:
                    expired = true
                    group.cancelAll()  // the launch task's teardown kills the process group
                case .finished(let result)?:
                    finished = result
                    group.cancelAll()
                case nil:
                    continue
                }
            }
            return expired ? Event.deadline : Event.finished(finished)
        }
        switch event {
        case .deadline:
            throw ProcessError(
                .timedOut, "timed out after \(request.timeoutSeconds) s", timeoutSeconds: request.timeoutSeconds)
        case .finished(let result): return try result.get()
        }
    }

    private static func launch(_ request: ProcessRequest) async -> Result<ProcessOutcome, ProcessError> {
        var options = PlatformOptions()
        options.processGroupID = 0  // a new group led by the child, so `kill(-pid)` reaches all it starts
        options.teardownSequence = [
            .send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(500))
        ]
        let executable: Executable =
            request.executable.contains("/") ? .path(FilePath(request.executable)) : .name(request.executable)
        // Raw entries are handed to execve as they are, so each carries its own NUL terminator.
        // A traced run's context goes to the program too (TRACEPARENT), unless the caller set its own.
        let variables = request.environment.merging(TraceContextEnvironment.current()) { own, _ in own }
        let environment = variables.sorted { $0.key < $1.key }.map { Array("\($0.key)=\($0.value)\0".utf8) }
        let cap = request.outputCap
        do {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(request.arguments), environment: .custom(environment),
                workingDirectory: FilePath(request.workingDirectory), platformOptions: options, input: .none,
                output: .sequence, error: .sequence
            ) { execution in
                async let stdout = CappedCapture.collect(execution.standardOutput, cap: cap)
                async let stderr = CappedCapture.collect(execution.standardError, cap: cap)
                return try await (stdout, stderr)
            }
            let (stdout, stderr) = result.closureResult
            let termination: ProcessOutcome.Termination
            switch result.terminationStatus {
            case .exited(let code): termination = .exited(code)
            case .signaled(let signal): termination = .signalled(signal)
            }
            return .success(
                ProcessOutcome(
                    termination: termination, stdout: stdout.text, stderr: stderr.text,
                    stdoutTruncated: stdout.truncated, stderrTruncated: stderr.truncated))
        } catch let error as SubprocessError where error.code == .executableNotFound {
            return .failure(ProcessError(.notFound, "'\(request.executable)' was not found on PATH"))
        } catch is CancellationError {
            return .failure(ProcessError(.failed, "'\(request.executable)' was cancelled"))
        } catch {
            return .failure(ProcessError(.failed, "cannot run '\(request.executable)': \(error)"))
        }
    }
}
