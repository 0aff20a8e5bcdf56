import Glibc
import Synchronization

/// Deliberate crashes for durability tests, so that a test can stop a process at every point of one kind
/// deterministically instead of guessing with timers. Unset (always, outside tests) they do nothing.
///
/// - `ORCHESTRATOR_TEST_KILL_AFTER_COMMIT=N`: the process sends itself SIGKILL right after its N-th store commit.
/// - `ORCHESTRATOR_TEST_KILL_BEFORE_RENAME=N`: SIGKILL just before the N-th rename of a file written under a
///   temporary name (an object, a restored or merged file, a tool's write, a cache entry): the temporary file is
///   whole and left behind, the moment a crash leaves the most to clean up.
public enum CrashPoint {
    private static let killAfterCommit = setting("ORCHESTRATOR_TEST_KILL_AFTER_COMMIT")
    private static let killBeforeRename = setting("ORCHESTRATOR_TEST_KILL_BEFORE_RENAME")
    private static let commits = Atomic<Int>(0)
    private static let renames = Atomic<Int>(0)

    /// Called after every store commit.
    public static func committed() {
        guard let killAfterCommit else { return }
        if commits.add(1, ordering: .relaxed).newValue == killAfterCommit { kill(getpid(), SIGKILL) }
    }

    /// Called before every rename that puts a temporarily named file in place.
    public static func renaming() {
        guard let killBeforeRename else { return }
        if renames.add(1, ordering: .relaxed).newValue == killBeforeRename { kill(getpid(), SIGKILL) }
    }

    private static func setting(_ name: String) -> Int? {
        guard let text = getenv(name) else { return nil }
        return Int(String(cString: text))
    }
}
