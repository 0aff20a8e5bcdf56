/// How the `claude-code` provider runs the Claude Code CLI.
public struct ClaudeCodeConfiguration: Sendable, Hashable {
    /// An explicit executable: a path, or a name looked up on `PATH`. It wins over
    /// `ORCHESTRATOR_CLAUDE_EXECUTABLE`, which wins over `claude` on `PATH`.
    public var executable: String?
    /// The model for requests that name none; `nil` leaves `--model` out, so the CLI's own default applies.
    public var model: String?
    /// How long one run may take before the process (and everything it started) is stopped; `nil` for no limit.
    public var runTimeout: Duration?
    /// How long a stopped run gets between SIGTERM and SIGKILL.
    public var terminationGracePeriod: Duration
    /// Variables added to the inherited environment of the process (e.g. `CLAUDE_CONFIG_DIR`).
    public var environment: [String: String]

    public init(
        executable: String? = nil, model: String? = nil, runTimeout: Duration? = .seconds(1800),
        terminationGracePeriod: Duration = .seconds(5), environment: [String: String] = [:]
    ) {
        self.executable = executable
        self.model = model
        self.runTimeout = runTimeout
        self.terminationGracePeriod = terminationGracePeriod
        self.environment = environment
    }
}
