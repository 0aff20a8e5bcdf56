import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Holds the process's umask at 0177 while any socket is being bound, and restores the umask from before the first.
///
/// The umask is process-wide: two servers binding at once each saving and restoring it around their own bind
/// would let the second restore the first's 0177 for good, and every file the process made afterwards would
/// lose its group, other and execute bits. Counting holders makes the save and the restore happen once.
enum RestrictiveUmask {
    private struct State {
        var holders = 0
        var saved: mode_t = 0
    }

    private static let state = Mutex(State())

    /// Sets 0177 if nobody holds it yet; every call must be paired with one ``release()``.
    static func acquire() {
        state.withLock { state in
            if state.holders == 0 { state.saved = umask(0o177) }
            state.holders += 1
        }
    }

    /// Restores the umask from before the first ``acquire()`` once the last holder releases.
    static func release() {
        state.withLock { state in
            precondition(state.holders > 0, "RestrictiveUmask.release() without acquire()")
            state.holders -= 1
            if state.holders == 0 { umask(state.saved) }
        }
    }
}
