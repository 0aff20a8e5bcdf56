/// What a process that runs agents' code may see and change: the working copy, read-write, and the system,
/// read-only, in new PID, network, IPC, UTS, user and mount namespaces (see `BubblewrapArguments`).
public struct Sandbox: Sendable, Hashable {
    /// Folders bound read-write at their own paths: the working copy, a scratch folder.
    public var writable: [String]
    /// Folders bound read-only at their own paths, beside the system's (`/usr`, `/etc`'s harmless files).
    public var readOnly: [String]
    /// Folders inside a writable one replaced by an empty, read-only folder: the orchestrator's state and
    /// the policies the agents' work is judged by are neither readable nor writable.
    public var hidden: [String]
    /// Whether the process keeps the host's network; otherwise it has only a loopback of its own.
    public var network: Bool
    /// Whether the sandbox is required, and which bubblewrap sets it up.
    public var settings: SandboxSettings

    /// A sandbox with exactly these folders.
    public init(
        writable: [String], readOnly: [String] = [], hidden: [String] = [], network: Bool = false,
        settings: SandboxSettings = .current
    ) {
        self.writable = writable
        self.readOnly = readOnly
        self.hidden = hidden
        self.network = network
        self.settings = settings
    }

    /// The folders a workspace's state and policies live in, relative to its root.
    public static let hiddenInWorkingCopy = [".orchestrator", "governance"]

    /// The sandbox for a working copy (an absolute, symlink-free path): writable, with `.orchestrator/` and
    /// `governance/` hidden, plus `scratch` folders writable.
    public static func workingCopy(
        _ root: String, scratch: [String] = [], network: Bool = false, settings: SandboxSettings = .current
    ) -> Sandbox {
        let root = RealPath.of(root) ?? root
        return Sandbox(
            writable: [root] + scratch, hidden: hiddenInWorkingCopy.map { root + "/" + $0 }, network: network,
            settings: settings)
    }
}
