import Subprocess
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A process a tool runs: what, where, with which environment, for how long, and how much output to keep.
public struct ProcessRequest: Sendable {
    /// A name looked up on the request's PATH, or a path.
    public var executable: String
    /// The arguments after the program name, passed as they are (no shell).
    public var arguments: [String]
    /// The whole environment of the process; nothing of the caller's is inherited.
    public var environment: [String: String]
    /// The directory the process starts in.
    public var workingDirectory: String
    /// Seconds before the process group is killed and the run fails with `ToolError.timedOut`.
    public var timeoutSeconds: Double
    /// Bytes kept of each of stdout and stderr.
    public var outputCap: Int

    /// Creates a request.
    public init(
        executable: String, arguments: [String], environment: [String: String], workingDirectory: String,
        timeoutSeconds: Double, outputCap: Int
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeoutSeconds = timeoutSeconds
        self.outputCap = outputCap
    }
}

/// How a process ended and what it wrote (each stream cut at the request's cap).
public struct ProcessOutcome: Sendable, Hashable {
    /// How the process ended.
    public enum Termination: Sendable, Hashable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal (this number) ended it.
        case signalled(Int32)
    }

    /// How the process ended.
    public var termination: Termination
    /// Standard output as UTF-8 text, cut at the request's cap.
    public var stdout: String
    /// Standard error as UTF-8 text, cut at the request's cap.
    public var stderr: String
    /// Whether the process wrote more to stdout than the cap kept.
    public var stdoutTruncated: Bool
    /// Whether the process wrote more to stderr than the cap kept.
    public var stderrTruncated: Bool

    /// The exit code, or 128 + the signal number as shells report it.
    public var exitCode: Int32 {
        switch termination {
        case .exited(let code): code
        case .signalled(let signal): 128 + signal
        }
    }
}

/// Runs one process in its own process group and kills the whole group when the time is up.
///
/// The group is what makes a timeout stick: a child that forks (a shell, `multiprocessing`) would otherwise
/// leave grandchildren running and holding the output pipes open. Cancellation of the calling task goes the
/// same way, through the teardown sequence, so the registry's deadline also kills the group.
public enum ProcessRunner {
    private enum Event: Sendable {
        case finished(Result<ProcessOutcome, ToolError>)
        case deadline
    }

    /// Runs the request to its end; `.timedOut` when the deadline passed, `.unavailable` when the program is missing.
    public static func run(_ request: ProcessRequest) async throws(ToolError) -> ProcessOutcome {
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
            var finished: Result<ProcessOutcome, ToolError> = .failure(.failed("the process did not report"))
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
        case .deadline: throw .timedOut(seconds: request.timeoutSeconds)
        case .finished(let result): return try result.get()
        }
    }

    private static func launch(_ request: ProcessRequest) async -> Result<ProcessOutcome, ToolError> {
        var options = PlatformOptions()
        options.processGroupID = 0  // a new group led by the child, so `kill(-pid)` reaches all it starts
        options.teardownSequence = [
            .send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(500))
        ]
        let executable: Executable =
            request.executable.contains("/") ? .path(FilePath(request.executable)) : .name(request.executable)
        // Raw entries are handed to execve as they are, so each carries its own NUL terminator.
        let environment = request.environment.sorted { $0.key < $1.key }.map { Array("\($0.key)=\($0.value)\0".utf8) }
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
            return .failure(.unavailable("'\(request.executable)' was not found on PATH"))
        } catch is CancellationError {
            return .failure(.failed("'\(request.executable)' was cancelled"))
        } catch {
            return .failure(.failed("cannot run '\(request.executable)': \(error)"))
        }
    }
}

/// Reads an output stream to its end, keeping the first `cap` bytes: a chatty process must neither fill
/// memory nor block on a full pipe, so the rest is read and dropped.
enum CappedCapture {
    struct Captured: Sendable {
        var text: String
        var truncated: Bool
    }

    static func collect(_ sequence: SubprocessOutputSequence, cap: Int) async throws -> Captured {
        var kept: [UInt8] = []
        var truncated = false
        for try await buffer in sequence {
            let room = cap - kept.count
            if room <= 0 {
                truncated = truncated || buffer.count > 0
                continue
            }
            buffer.withUnsafeBytes { bytes in
                kept.append(contentsOf: bytes.prefix(room))
                if bytes.count > room { truncated = true }
            }
        }
        return Captured(text: decode(kept, truncated: truncated), truncated: truncated)
    }

    /// UTF-8 text; a multi-byte character cut by the cap is dropped rather than shown as garbage.
    static func decode(_ bytes: [UInt8], truncated: Bool) -> String {
        String(decoding: truncated ? completeCharacters(bytes[...]) : bytes[...], as: UTF8.self)
    }

    /// The bytes without a multi-byte UTF-8 character cut off at their end.
    static func completeCharacters(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let lead = bytes.lastIndex(where: { $0 & 0xC0 != 0x80 }) else { return bytes }
        let first = bytes[lead]
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        return bytes.endIndex - lead < length ? bytes[..<lead] : bytes
    }
}
