import StorePort

/// Watches gate evaluations in a store kept on a database server, where there is no file to `stat`: it looks when
/// the store signals a commit (PostgreSQL's LISTEN/NOTIFY, any writer's) and, as a safety net, every few seconds.
///
/// Reports as ``GateStoreWatcher`` does: `changed` with the store whenever its newest gate evaluation or review
/// round differs from the one last reported (so at the first look that reads it); a store that cannot be opened or
/// read is logged once and tried again at the next wake-up.
struct GateSignalWatcher: Sendable {
    /// Opens the store (read-only).
    let openStore: @Sendable () async throws -> any WorkflowStore
    /// The look taken without a signal: a lost signal connection costs at most this much delay.
    var safetyNet: Duration = .seconds(5)

    func run(
        log: @escaping @Sendable (String) -> Void, looked: @escaping @Sendable () async -> Void = {},
        changed: @escaping @Sendable ((any WorkflowStore)?) async throws -> Void
    ) async {
        let (wakeUps, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let interval = safetyNet
        let timer = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                wake.yield()
            }
        }
        var forwarder: Task<Void, Never>?
        defer {
            timer.cancel()
            forwarder?.cancel()
        }
        var store: (any WorkflowStore)?
        var reported: GateStoreWatcher.Stamp?
        var failure: String?
        var first = true
        wake.yield()
        for await _ in wakeUps {
            if Task.isCancelled { break }
            do {
                let open: any WorkflowStore
                if let store {
                    open = store
                } else {
                    open = try await openStore()
                    store = open
                    // Subscribed before the read below: a commit after it wakes the next look.
                    if let signals = (open as? any CommitSignalling)?.commitSignals() {
                        forwarder = Task {
                            for await _ in signals { wake.yield() }
                        }
                    }
                }
                let newest = try await open.read { tx in
                    GateStoreWatcher.Stamp(gates: try tx.lastGateEvaluationID(), reviews: try tx.reviewStamp())
                }
                if newest != reported {
                    try await changed(open)
                    reported = newest
                }
                failure = nil
            } catch {
                forwarder?.cancel()
                forwarder = nil
                store = nil
                let text = "gate diagnostics: cannot read the database: \(error)"
                if text != failure {
                    log(text)
                    failure = text
                }
            }
            if first {
                first = false
                await looked()
            }
        }
    }
}
