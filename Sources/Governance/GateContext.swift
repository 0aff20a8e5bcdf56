import Model
import Processes

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What gate evaluation sees of a checkpoint: the workspace, its files, what changed, and the phase's numbers.
public struct GateContext: Sendable {
    /// Absolute path of the workspace root; tool gates run here and files are read under it.
    public var workspace: String
    /// The phase whose checkpoint is judged; only gates listing it are evaluated.
    public var phase: Phase
    /// Workspace-relative paths of the regular files in the checkpoint's snapshot, sorted, without `.orchestrator/`.
    public var files: [String]
    /// Files changed or added since the previous passed checkpoint; nil when unknown, so every file counts as new.
    public var changedFiles: Set<String>?
    /// Files matching the phase's artifact globs (metric `artifact_count`).
    public var artifactCount: Int
    /// Tokens spent in the phase (metric `token_spend`).
    public var tokenSpend: Int64
    /// The moment waiver expiry is judged at.
    public var date: Date
    /// The whole environment of tool gate processes; nothing else of the orchestrator's is inherited.
    public var environment: [String: String]
    /// Whether tool gates must run in the sandbox (they run code the agents wrote: tests, build scripts).
    public var sandbox: SandboxSettings

    /// Creates a context; the environment defaults to the short allow-list tools get, never the full one.
    public init(
        workspace: String, phase: Phase, files: [String], changedFiles: Set<String>? = nil, artifactCount: Int = 0,
        tokenSpend: Int64 = 0, date: Date = Date(), environment: [String: String] = ProcessEnvironment.minimal(),
        sandbox: SandboxSettings = .current
    ) {
        self.workspace = workspace
        self.phase = phase
        self.files = files
        self.changedFiles = changedFiles
        self.artifactCount = artifactCount
        self.tokenSpend = tokenSpend
        self.date = date
        self.environment = environment
        self.sandbox = sandbox
    }
}
