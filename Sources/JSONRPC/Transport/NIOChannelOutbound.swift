import NIOCore
import Synchronization

/// Writes a connection's messages into a NIO channel, whose pipeline adds the framing.
///
/// Replies finished in the same event-loop pass share one flush (one `writev`), so a client with
/// many requests in flight is not answered one system call per reply.
final class NIOChannelOutbound: JSONRPCOutbound {
    let channel: any Channel
    private let flushScheduled = Atomic<Bool>(false)

    init(channel: any Channel) {
        self.channel = channel
    }

    func write(_ message: ByteBuffer) async throws {
        try await self.write(message, flushNow: false)
    }

    func write(_ message: ByteBuffer, flushNow: Bool) async throws {
        let written = self.channel.eventLoop.makePromise(of: Void.self)
        if self.channel.eventLoop.inEventLoop, !flushNow {
            self.channel.write(message, promise: written)
            self.scheduleFlush()
        } else {
            self.channel.writeAndFlush(message, promise: written)
        }
        // The future completes once the bytes reached the socket, so a slow reader holds the
        // writer here instead of letting replies pile up in memory, and a connection that is idle
        // has nothing left unwritten when it closes. A flush on this event loop usually completes
        // it at once: then there is nothing to wait for (and no task switch to pay).
        if self.channel.eventLoop.inEventLoop {
            let outcome = NIOLoopBoundBox<Result<Void, any Error>?>(nil, eventLoop: self.channel.eventLoop)
            written.futureResult.whenComplete { outcome.value = $0 }
            if let completed = outcome.value {
                return try completed.get()
            }
        }
        try await written.futureResult.get()
    }

    /// Flushes once the tasks already queued on the event loop (other replies) have written.
    private func scheduleFlush() {
        guard !self.flushScheduled.exchange(true, ordering: .relaxed) else { return }
        self.channel.eventLoop.execute { [self] in
            self.flushScheduled.store(false, ordering: .relaxed)
            self.channel.flush()
        }
    }

    func close() async {
        // Closing twice (peer gone, or a second close) is not an error worth reporting.
        try? await self.channel.close().get()
    }
}
