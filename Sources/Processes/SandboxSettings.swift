/// Whether processes that run agents' code must run in the sandbox, and with which bubblewrap.
public struct SandboxSettings: Sendable, Hashable {
    /// Whether the sandbox is required.
    public enum Mode: Sendable, Hashable {
        /// Such processes run only inside the sandbox; where it cannot be set up they do not run at all.
        case required
        /// The user opted out (`ORCHESTRATOR_SANDBOX=off`): they run unconfined, with the user's full access.
        case off
    }

    /// The environment variable that opts out, and the value that does.
    public static let variable = "ORCHESTRATOR_SANDBOX"
    public static let offValue = "off"

    /// Whether the sandbox is required.
    public var mode: Mode
    /// The bubblewrap executable: a name looked up on PATH, or a path.
    public var bubblewrap: String

    /// Settings; the sandbox is required unless said otherwise.
    public init(mode: Mode = .required, bubblewrap: String = "bwrap") {
        self.mode = mode
        self.bubblewrap = bubblewrap
    }

    /// The settings an environment asks for: required unless `ORCHESTRATOR_SANDBOX=off`.
    public static func fromEnvironment(_ environment: [String: String]) -> SandboxSettings {
        let value = environment[variable]?.lowercased()
        return SandboxSettings(mode: value == offValue ? .off : .required)
    }

    /// The settings of this process's environment.
    public static var current: SandboxSettings {
        fromEnvironment(ProcessEnvironment.inherited([variable]))
    }
}
