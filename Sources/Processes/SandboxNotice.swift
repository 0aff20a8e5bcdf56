import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Says once per process, on stderr, that agents' code runs unconfined because the user opted out.
enum SandboxNotice {
    private static let said = Atomic<Bool>(false)

    static let text =
        "orchestrator: \(SandboxSettings.variable)=\(SandboxSettings.offValue): python_executor, linters and tool "
        + "gates run agents' code without the sandbox, with your user's network, files and the orchestrator's "
        + "state within reach\n"

    /// Writes the notice the first time it is called; true when it did.
    @discardableResult
    static func sayOnce() -> Bool {
        guard said.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return false }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        return true
    }
}
