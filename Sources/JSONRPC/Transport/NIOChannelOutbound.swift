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
        let written = self.channel.eventLoop.makePromise(of: Void.self)
        if self.channel.eventLoop.inEventLoop {
            self.channel.write(message, promise: written)
            self.scheduleFlush()
        } else {
            self.channel.writeAndFlush(message, promise: written)
        }
        // The future completes once the bytes reached the socket, so a slow reader holds the
        // writer here instead of letting replies pile up in memory, and a connection that is idle
        // has nothing left unwritten when it closes.
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
