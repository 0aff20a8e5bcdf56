import Model
import Synchronization

/// Delivers stored workflow events to any number of live subscribers, in order, without blocking the engine.
///
/// Events are published on the store's thread right after their commit, which is what keeps their order the
/// store's; so publishing is a synchronous call guarded by a lock rather than an actor hop (yielding to a stream
/// never blocks).
public final class EventHub: Sendable {
    private struct Subscriber {
        var workflowID: String?
        var continuation: AsyncStream<WorkflowEvent>.Continuation
    }

    private let subscribers = Mutex<(next: Int, all: [Int: Subscriber])>((0, [:]))
    /// The sequence numbers this process published lately, so that a follower of the store's other writers
    /// (``publishFollowed(_:)``) does not publish them twice; the oldest are forgotten past ``rememberedLimit``.
    private let published = Mutex<(on: Bool, sequences: Set<Int64>, order: [Int64], next: Int)>((false, [], [], 0))
    static let rememberedLimit = 65_536

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
        let id = subscribers.withLock { state in
            let id = state.next
            state.next += 1
            state.all[id] = Subscriber(workflowID: workflowID, continuation: continuation)
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.all.removeValue(forKey: id) }
        }
        return EventSubscription(id: id, events: stream)
    }

    /// Ends a subscription after the events already sent to it.
    public func end(_ subscription: EventSubscription) {
        subscribers.withLock { $0.all.removeValue(forKey: subscription.id) }?.continuation.finish()
    }

    /// Sends events (already stored) to every subscriber that wants them.
    public func publish(_ events: [WorkflowEvent]) {
        guard !events.isEmpty else { return }
        published.withLock { memory in
            guard memory.on else { return }
            for sequence in events.map(\.sequence) {
                if memory.order.count < Self.rememberedLimit {
                    memory.order.append(sequence)
                } else {
                    memory.sequences.remove(memory.order[memory.next])
                    memory.order[memory.next] = sequence
                    memory.next = (memory.next + 1) % Self.rememberedLimit
                }
                memory.sequences.insert(sequence)
            }
        }
        deliver(events)
    }

    /// Starts remembering what this process publishes, for a follower of the store's other writers (none follows
    /// an embedded store, whose hubs remember nothing).
    public func rememberPublished() {
        published.withLock { $0.on = true }
    }

    /// Sends events another process stored, skipping those this process published itself.
    public func publishFollowed(_ events: [WorkflowEvent]) {
        let others = published.withLock { memory in
            events.filter { !memory.sequences.contains($0.sequence) }
        }
        deliver(others)
    }

    private func deliver(_ events: [WorkflowEvent]) {
        guard !events.isEmpty else { return }
        subscribers.withLock { state in
            for event in events {
                for subscriber in state.all.values
                where subscriber.workflowID == nil || subscriber.workflowID == event.workflowID {
                    subscriber.continuation.yield(event)
                }
            }
        }
    }

    /// How many subscribers are listening.
    public var subscriberCount: Int { subscribers.withLock { $0.all.count } }
}

/// One subscriber's stream of events, and the handle to end it.
public struct EventSubscription: Sendable {
    let id: Int
    public let events: AsyncStream<WorkflowEvent>
}
