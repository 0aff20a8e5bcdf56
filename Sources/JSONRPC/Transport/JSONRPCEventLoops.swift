import Glibc
import NIOCore
import Synchronization

/// How many event-loop threads the servers run on.
///
/// NIO's shared group has one loop per core. A local daemon serves a few editors and scripts: a
/// handful of loops is plenty, and each idle loop thread (with the malloc arena it may claim) is
/// memory held for nothing on a machine with many cores.
public enum JSONRPCEventLoops {
    private static let limited = Mutex(false)

    /// Caps the loops at `count`, or at the core count if lower. Takes effect only before the first
    /// server starts, once per process; `NIO_SINGLETON_GROUP_LOOP_COUNT`, when set, wins.
    public static func limit(to count: Int) {
        let first = Self.limited.withLock { limited in
            defer { limited = true }
            return !limited
        }
        guard first, getenv("NIO_SINGLETON_GROUP_LOOP_COUNT") == nil else { return }
        NIOSingletons.groupLoopCountSuggestion = max(1, min(count, System.coreCount))
    }
}
