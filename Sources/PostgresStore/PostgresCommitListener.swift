import Glibc
import StorePort
import Synchronization

/// Waits, on a connection and a thread of its own, for the NOTIFY each write transaction sends as it commits, and
/// signals every subscriber. Started by the first subscriber; a CLI command that never subscribes never connects.
final class PostgresCommitListener: Sendable {
    /// The channel every write transaction notifies (``PostgresWorkflowStore``'s commit).
    static let channel = "orchestrator_commits"

    /// What the listening thread shares with its owner: the subscribers, and whether to stop.
    private final class Shared: Sendable {
        let url: PostgresURL
        let state = Mutex<
            (next: Int, subscribers: [Int: AsyncStream<Void>.Continuation], started: Bool, stopped: Bool)
        >(
            (0, [:], false, false))

        init(url: PostgresURL) {
            self.url = url
        }

        var stopped: Bool { state.withLock { $0.stopped } }

        func signal() {
            state.withLock { state in
                for subscriber in state.subscribers.values { subscriber.yield() }
            }
        }
    }

    private let shared: Shared

    init(url: PostgresURL) {
        shared = Shared(url: url)
    }

    deinit {
        let subscribers = shared.state.withLock { state in
            state.stopped = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        // Outside the lock: finishing runs each stream's termination handler, which takes the lock.
        for subscriber in subscribers { subscriber.finish() }
    }

    /// A new subscriber's stream of signals; the first one starts the listening thread.
    func signals() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let shared = self.shared
        let start = shared.state.withLock { state -> Bool in
            let id = state.next
            state.next += 1
            state.subscribers[id] = continuation
            continuation.onTermination = { _ in _ = shared.state.withLock { $0.subscribers.removeValue(forKey: id) } }
            defer { state.started = true }
            return !state.started
        }
        if start { Self.spawn(shared) }
        return stream
    }

    private static func spawn(_ shared: Shared) {
        let box = Unmanaged.passRetained(shared).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                PostgresCommitListener.listen(Unmanaged<Shared>.fromOpaque(argument).takeRetainedValue())
                return nil
            }, box)
        if status == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Shared>.fromOpaque(box).release()
        }
    }

    /// The thread's loop: (re)connect and LISTEN, then wait on the socket in quarter-second slices (so a stop is
    /// seen), signalling on each batch of notifications and after every reconnection.
    private static func listen(_ shared: Shared) {
        if let comm = fopen("/proc/thread-self/comm", "w") {
            fputs("orchestrator-ntf", comm)
            fclose(comm)
        }
        var connection: PostgresConnection?
        while !shared.stopped {
            guard let open = connection, !open.isBroken else {
                connection?.close()
                connection = try? PostgresConnection(url: shared.url)
                if let fresh = connection, (try? fresh.execute("LISTEN \(channel)")) != nil {
                    shared.signal()
                } else {
                    connection = nil
                    for _ in 0..<4 where !shared.stopped { usleep(250_000) }
                }
                continue
            }
            var descriptor = pollfd(fd: open.socket, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 250) > 0, open.takeNotifications() > 0 {
                shared.signal()
            }
        }
        connection?.close()
    }
}
