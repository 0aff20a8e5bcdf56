import Glibc
import Logging
import Synchronization

/// How working copies are made: an overlay view that holds only the agent's changes, or a full copy.
///
/// `ORCHESTRATOR_WORKING_COPIES=overlay|copy` forces one (an overlay that cannot mount is then an error);
/// unset, the engine mounts overlays where fuse-overlayfs is installed and works, and says once in the log (stderr)
/// when it falls back to full copies, and why.
public enum CopyStrategy: String, Sendable, Hashable {
    case automatic
    /// A fuse-overlayfs view: the workspace below, the agent's changes in a folder of their own above.
    case overlay
    /// The workspace restored whole from a snapshot (the fallback).
    case materialised = "copy"

    /// The environment variable that forces a strategy.
    public static let variable = "ORCHESTRATOR_WORKING_COPIES"

    /// The strategy the environment asks for, automatic when it names none.
    static let configured: CopyStrategy = {
        guard let raw = getenv(variable) else { return .automatic }
        return CopyStrategy(rawValue: String(cString: raw)) ?? .automatic
    }()

    private static let said = Atomic<Bool>(false)

    /// The strategy for a new set of copies when automatic: overlay unless fuse-overlayfs is not installed. (A
    /// mount that fails falls back for that phase only: the next one tries again, as the cause may be its path.)
    static func settle() -> CopyStrategy {
        if configured != .automatic { return configured }
        if OverlayMount.executable == nil {
            fallBack(because: "fuse-overlayfs is not installed")
            return .materialised
        }
        return .overlay
    }

    /// Says once that copies are full copies, and why.
    static func fallBack(because reason: String) {
        say("working copies are full copies of the workspace (slow on large workspaces): \(reason)")
    }

    private static func say(_ text: String) {
        guard said.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        // A notice of the process, not of a run: its own logger, through the handler the CLI bootstrapped.
        Logger(label: "orchestrator.copies").warning("orchestrator: \(text) (\(variable); docs/adr/0011)")
    }
}
