/// A process to run: what, where, with which environment, for how long, and how much output to keep.
public struct ProcessRequest: Sendable {
    /// A name looked up on the request's PATH, or a path.
    public var executable: String
    /// The arguments after the program name, passed as they are (no shell).
    public var arguments: [String]
    /// The whole environment of the process; nothing of the caller's is inherited.
    public var environment: [String: String]
    /// The directory the process starts in.
    public var workingDirectory: String
    /// Seconds before the process group is killed and the run fails with `ProcessError.Code.timedOut`.
    public var timeoutSeconds: Double
    /// Bytes kept of each of stdout and stderr.
    public var outputCap: Int
    /// The sandbox the process runs in; nil for programs that run no agent's code.
    public var sandbox: Sandbox?

    /// Creates a request.
    public init(
        executable: String, arguments: [String], environment: [String: String], workingDirectory: String,
        timeoutSeconds: Double, outputCap: Int, sandbox: Sandbox? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeoutSeconds = timeoutSeconds
        self.outputCap = outputCap
        self.sandbox = sandbox
    }
}
