import Model

/// Stores one agent's activity events in order, as soon as it can, several to a transaction when they come
/// faster than a commit: a commit per event is what made a quick agent's phase slow, while a slow agent's
/// events still reach subscribers as they happen.
actor ActivityRecorder {
    private let context: EngineContext
    private var pending: [WorkflowEvent] = []
    private var flushing: Task<Void, Never>?

    init(context: EngineContext) {
        self.context = context
    }

    /// Queues an event; a flush already under way takes it, or one starts.
    func record(_ event: WorkflowEvent) {
        pending.append(event)
        if flushing == nil {
            flushing = Task { await self.flush() }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = pending
            pending.removeAll()
            // A store error here is not the agent's failure: the events are dropped, the agent goes on.
            _ = try? await context.commit { tx, published in
                for event in batch { published.append(try tx.append(event)) }
            }
        }
        flushing = nil
    }

    /// Waits for any flush, then returns the events not yet stored: the caller stores them with the agent's end.
    func finish() async -> [WorkflowEvent] {
        while let flush = flushing {
            await flush.value
        }
        let rest = pending
        pending.removeAll()
        return rest
    }
}
