import CrashPoints
import Governance
import Model
import Snapshots
import StorePort
import Tracing

/// What every engine service shares: the workspace, its store and objects, the clock, the live event hub and the
/// audit log; and the two ways into the store (a write that publishes its events, a read).
struct EngineContext: Sendable {
    let layout: WorkspaceLayout
    let store: any WorkflowStore
    let objects: ObjectStore
    let snapshotter: WorkspaceSnapshotter
    let clock: any EngineClock
    /// Live delivery of every event this engine stores.
    let events: EventHub
    /// Where the audit trail is appended, with the actor this process acts as.
    let audit: AuditLog
    /// The workflows this process runs now.
    let runs: RunRegistry
    /// Where the heads of audit chains are signed and kept, outside the workspace; nil: not kept (tests).
    let auditHeads: AuditHeadKeeper?

    /// Runs one write transaction, then publishes the events it stored.
    ///
    /// Publishing happens on the store's thread right after the commit, before the next transaction: subscribers see
    /// events in the order the store numbered them even when concurrent agents commit at once.
    func commit<T: Sendable>(
        _ body: @escaping @Sendable (any StoreTransaction, inout [WorkflowEvent]) throws -> T
    ) async throws(EngineError) -> T {
        let hub = events
        let started = ContinuousClock.now
        defer { EngineMetrics.storeTransaction("write", took: ContinuousClock.now - started) }
        do {
            return try await Traced.childSpan("store write") { _ in try await write(body, hub: hub) }
        } catch {
            throw Self.engineError(error)
        }
    }

    private func write<T: Sendable>(
        _ body: @escaping @Sendable (any StoreTransaction, inout [WorkflowEvent]) throws -> T, hub: EventHub
    ) async throws -> T {
        try await PhaseCostMeter.measure(.storeWrite) {
            try await store.write(
                { tx in
                    var published: [WorkflowEvent] = []
                    let result = try body(tx, &published)
                    return Committed(result: result, events: published)
                },
                committed: { committed in
                    CrashPoint.committed()
                    PhaseCostMeter.measureNow(.eventDelivery) { hub.publish(committed.events) }
                }
            ).result
        }
    }

    /// Runs one read transaction; store errors become engine errors.
    func read<T: Sendable>(
        _ body: @escaping @Sendable (any StoreTransaction) throws -> T
    ) async throws(EngineError) -> T {
        let started = ContinuousClock.now
        defer { EngineMetrics.storeTransaction("read", took: ContinuousClock.now - started) }
        do {
            return try await Traced.childSpan("store read") { _ in
                try await PhaseCostMeter.measure(.storeRead) { try await store.read(body) }
            }
        } catch {
            throw Self.engineError(error)
        }
    }

    /// Any error from below the engine, as the engine error that says what failed.
    static func engineError(_ error: any Error) -> EngineError {
        switch error {
        case let error as EngineError: error
        case let error as StoreError: EngineError(.storage, error.description)
        case let error as SnapshotError: EngineError(.snapshot, error.description)
        default: EngineError(.storage, "\(error)")
        }
    }

    /// The workflow with this id, or the latest one when nil.
    func workflow(_ id: String?, in tx: any StoreTransaction) throws -> WorkflowRecord {
        if let id {
            guard let record = try tx.workflow(id: id) else {
                throw EngineError(
                    .workflowNotFound, "no workflow '\(id)' in \(layout.root) (see 'orchestrator run list')")
            }
            return record
        }
        guard let latest = try tx.latestWorkflow() else {
            throw EngineError(
                .workflowNotFound,
                "no workflow in \(layout.root) yet: start one with 'orchestrator run start --intake intake.yaml'")
        }
        return latest
    }

    /// The workflow with this id (the latest when nil), read on its own.
    func workflow(_ id: String?) async throws(EngineError) -> WorkflowRecord {
        try await read { tx in try self.workflow(id, in: tx) }
    }

    /// Appends one event in a transaction of its own.
    func record(_ event: WorkflowEvent) async throws(EngineError) {
        try await commit { tx, published in published.append(try tx.append(event)) }
    }
}

/// A transaction's result with the events it stored, handed from the store's thread to the publisher.
private struct Committed<T: Sendable>: Sendable {
    var result: T
    var events: [WorkflowEvent]
}
