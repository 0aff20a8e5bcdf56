import Model
import Store

/// Delivers stored workflow events to any number of live subscribers, in order, without blocking the engine.
public actor EventHub {
    private var subscribers: [Int: Subscriber] = [:]
    private var nextID = 0

    private struct Subscriber {
        var workflowID: String?
        var continuation: AsyncStream<WorkflowEvent>.Continuation
    }

    public init() {}

    /// A stream of the events published from now on, of one workflow or of all; it ends when the subscriber stops.
    public func subscribe(workflowID: String? = nil) -> AsyncStream<WorkflowEvent> {
        open(workflowID: workflowID).events
    }

    /// A subscription its owner can end: events already published are still delivered, then the stream ends.
    /// How a follower reads every event of one run without knowing which will be the last.
    public func open(workflowID: String? = nil) -> EventSubscription {
        let (stream, continuation) = AsyncStream.makeStream(
            of: WorkflowEvent.self, bufferingPolicy: .bufferingNewest(10_000))
        let id = nextID
        nextID += 1
        subscribers[id] = Subscriber(workflowID: workflowID, continuation: continuation)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.remove(id) }
        }
        return EventSubscription(id: id, events: stream)
    }

    /// Ends a subscription after the events already sent to it.
    public func end(_ subscription: EventSubscription) {
        subscribers.removeValue(forKey: subscription.id)?.continuation.finish()
    }

    /// Runs a write transaction and sends the events it stored, with no other commit in between: the order
    /// subscribers see is the store's. Nothing here suspends, so the actor runs one commit at a time.
    func commit<T: Sendable>(
        to store: StateStore, _ body: @Sendable (StoreTransaction, inout [WorkflowEvent]) throws -> T
    ) throws -> T {
        var published: [WorkflowEvent] = []
        let result = try store.write { tx in
            published = []
            return try body(tx, &published)
        }
        CrashPoint.committed()
        for event in published { publish(event) }
        return result
    }

    /// Sends an event (already stored) to every subscriber that wants it.
    public func publish(_ event: WorkflowEvent) {
        for subscriber in subscribers.values
        where subscriber.workflowID == nil || subscriber.workflowID == event.workflowID {
            subscriber.continuation.yield(event)
        }
    }

    /// How many subscribers are listening.
    public var subscriberCount: Int { subscribers.count }

    private func remove(_ id: Int) {
        subscribers[id] = nil
    }
}

/// One subscriber's stream of events, and the handle to end it.
public struct EventSubscription: Sendable {
    let id: Int
    public let events: AsyncStream<WorkflowEvent>
}
