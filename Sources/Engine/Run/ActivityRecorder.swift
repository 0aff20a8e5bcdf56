import Model
import StorePort

/// Stores one agent's activity events in order, gathering what comes within a short window into one transaction.
///
/// A commit per event is what made a quick agent's phase slow (each is a store round trip, and an fsync with
/// `synchronous=FULL`). So the first event of a batch starts a window of ``flushWindow``; what arrives in it is
/// committed together. A slow agent's events still reach subscribers within the window; a quick agent's all go
/// with its end, in the transaction that records it. Each event keeps the time it happened, not its commit's. A
/// delegation's record is stored with the event that ends it.
actor ActivityRecorder {
    /// How long events may wait for company before they are stored and published.
    static let flushWindow: Duration = .milliseconds(50)

    /// An event, and the delegation record that goes with it (a delegation's end).
    typealias Item = (event: WorkflowEvent, delegation: DelegationRecord?)

    private let context: EngineContext
    private let window: Duration
    private var pending: [Item] = []
    private var flushing: Task<Void, Never>?
    /// When each delegation of this agent started, by its tool use id.
    private var delegationStarts: [String: Int64] = [:]

    init(context: EngineContext, window: Duration = ActivityRecorder.flushWindow) {
        self.context = context
        self.window = window
    }

    /// Queues an event; the window already open takes it, or one opens.
    func record(_ event: WorkflowEvent) {
        enqueue((event, nil))
    }

    /// Queues a delegation's event; its end also stores the delegation's record, from its start to its end.
    func record(_ event: WorkflowEvent, delegation: Delegation, phaseRunID: Int64, agent: String) {
        if delegation.status == .running {
            delegationStarts[delegation.id] = event.timestamp
            enqueue((event, nil))
            return
        }
        var record = DelegationRecord(
            phaseRunID: phaseRunID, agent: agent, delegation: delegation,
            startedAt: delegationStarts.removeValue(forKey: delegation.id) ?? event.timestamp)
        record.endedAt = event.timestamp
        enqueue((event, record))
    }

    private func enqueue(_ item: Item) {
        pending.append(item)
        if flushing == nil {
            flushing = Task { await self.flushAfterWindow() }
        }
    }

    private func flushAfterWindow() async {
        // Cancelled by `finish`: the agent has ended and its end's transaction takes what is pending.
        guard (try? await Task.sleep(for: window)) != nil else { return }
        while !pending.isEmpty && !Task.isCancelled {
            let batch = pending
            pending.removeAll()
            // A store error here is not the agent's failure: the events are dropped, the agent goes on.
            _ = try? await context.commit { tx, published in try Self.store(batch, in: tx, published: &published) }
        }
        flushing = nil
    }

    /// Closes the window (a flush already committing finishes), then returns the events not yet stored: the caller
    /// stores them with the agent's end.
    func finish() async -> [Item] {
        while let flush = flushing {
            flush.cancel()
            await flush.value
            if flushing == flush { flushing = nil }
        }
        let rest = pending
        pending.removeAll()
        return rest
    }

    /// Appends the items' events and inserts their delegation records.
    static func store(_ items: [Item], in tx: any StoreTransaction, published: inout [WorkflowEvent]) throws {
        for item in items {
            published.append(try tx.append(item.event))
            if var record = item.delegation { try tx.insert(&record) }
        }
    }
}
