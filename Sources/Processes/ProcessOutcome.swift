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

    /// An outcome as a runner reports it.
    public init(
        termination: Termination, stdout: String, stderr: String, stdoutTruncated: Bool, stderrTruncated: Bool
    ) {
        self.termination = termination
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutTruncated = stdoutTruncated
        self.stderrTruncated = stderrTruncated
    }

    /// The exit code, or 128 + the signal number as shells report it.
    public var exitCode: Int32 {
        switch termination {
        case .exited(let code): code
        case .signalled(let signal): 128 + signal
        }
    }
}
