import Model
import StorePort

/// Streams into an engine's event hub what other processes store — a CLI's run, another server's, a worker's on
/// another machine — when the store signals their commits (PostgreSQL's LISTEN/NOTIFY). A server's
/// `workflow/subscribe` then hears every run of the database, not only its own.
enum StoreFollower {
    /// Events read per query while catching up.
    static let batch = 500

    /// Reads every event stored after the last one seen on each signal, and publishes those this process did not
    /// (its own are published at their commit). Runs until the task is cancelled or the signals end.
    static func follow(context: EngineContext, signals: AsyncStream<Void>) async {
        // The signals are subscribed, and the hub remembers this process's events, before the starting point is
        // read: a commit in between is read, not lost, and one of this process's is not published twice.
        context.events.rememberPublished()
        // Unknown until the store answers: read then, rather than from 0 (every event the database ever stored).
        var cursor: Int64? = try? await context.read { tx in try tx.lastEventSequence() }
        for await _ in signals {
            guard let start = cursor else {
                cursor = try? await context.read { tx in try tx.lastEventSequence() }
                continue
            }
            var after = start
            while !Task.isCancelled {
                let from = after
                guard let events = try? await context.read({ tx in try tx.events(after: from, limit: batch) }),
                    let last = events.last?.sequence
                else { break }
                context.events.publishFollowed(events)
                after = last
                if events.count < batch { break }
            }
            cursor = after
        }
    }
}
