import Logging
import Synchronization

/// Says once per process, in the log (stderr), that agents' code runs unconfined because the user opted out.
enum SandboxNotice {
    private static let said = Atomic<Bool>(false)

    static let text =
        "orchestrator: \(SandboxSettings.variable)=\(SandboxSettings.offValue): python_executor, linters and tool "
        + "gates run agents' code without the sandbox, with your user's network, files and the orchestrator's "
        + "state within reach"

    /// Writes the notice the first time it is called; true when it did.
    @discardableResult
    static func sayOnce() -> Bool {
        guard said.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return false }
        // A notice of the process, not of a run: its own logger, through the handler the CLI bootstrapped.
        Logger(label: "orchestrator.sandbox").warning("\(text)")
        return true
    }
}
