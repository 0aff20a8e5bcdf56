import Glibc
import Synchronization

/// How working copies are made: an overlay view that holds only the agent's changes, or a full copy.
///
/// `ORCHESTRATOR_WORKING_COPIES=overlay|copy` forces one (an overlay that cannot mount is then an error);
/// unset, the engine mounts overlays where fuse-overlayfs is installed and works, and says once on stderr
/// which it uses and why.
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

    /// Why overlays are not used in this process, once one failed to mount.
    private static let failure = Mutex<String?>(nil)
    private static let said = Atomic<Bool>(false)

    /// The strategy for a new set of copies when automatic: overlay unless it is unavailable or failed before.
    static func settle() -> CopyStrategy {
        if configured != .automatic { return configured }
        if OverlayMount.executable == nil {
            fallBack(because: "fuse-overlayfs is not installed")
            return .materialised
        }
        if failure.withLock({ $0 }) != nil { return .materialised }
        say("working copies are fuse-overlayfs views holding only each agent's changes")
        return .overlay
    }

    /// Records that overlays do not work here, and says so once.
    static func fallBack(because reason: String) {
        failure.withLock { $0 = $0 ?? reason }
        say("working copies are full copies of the workspace (slow on large workspaces): \(reason)")
    }

    private static func say(_ text: String) {
        guard said.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let bytes = Array("orchestrator: \(text) (\(variable); docs/adr/0011)\n".utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
