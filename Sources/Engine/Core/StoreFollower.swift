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
        var cursor = (try? await context.read { tx in try tx.lastEventSequence() }) ?? 0
        for await _ in signals {
            while !Task.isCancelled {
                let after = cursor
                guard let events = try? await context.read({ tx in try tx.events(after: after, limit: batch) }),
                    let last = events.last?.sequence
                else { break }
                context.events.publishFollowed(events)
                cursor = last
                if events.count < batch { break }
            }
        }
    }
}
