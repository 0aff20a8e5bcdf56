import Glibc
import Synchronization

/// A deliberate crash for durability tests: with `ORCHESTRATOR_TEST_KILL_AFTER_COMMIT=N` the process sends
/// itself SIGKILL right after its N-th store commit, so a test can stop a run at every transaction boundary
/// deterministically instead of guessing with timers. Unset (always, outside tests) it does nothing.
enum CrashPoint {
    private static let killAfter: Int? = {
        guard let text = getenv("ORCHESTRATOR_TEST_KILL_AFTER_COMMIT") else { return nil }
        return Int(String(cString: text))
    }()
    private static let commits = Atomic<Int>(0)

    static func committed() {
        guard let killAfter else { return }
        let count = commits.add(1, ordering: .relaxed).newValue
        if count == killAfter { kill(getpid(), SIGKILL) }
    }
}
