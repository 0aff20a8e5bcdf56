import NIOCore
import Synchronization

/// The frames a channel has read and its connection has not yet taken, as an `AsyncSequence` for
/// exactly one consumer, with back-pressure: past `highWatermark` buffered frames the channel stops
/// reading until the consumer has brought them down to `lowWatermark`.
///
/// Stands in for `NIOAsyncChannel`'s inbound side, which is generic over its element and, unspecialized
/// across the module boundary, cost a fifth of a request's CPU time in runtime metadata lookups. This
/// one holds concrete frames behind one lock.
final class JSONRPCFrameInbox: AsyncSequence, Sendable {
    typealias Element = JSONRPCFrame

    private struct State {
        var frames: [JSONRPCFrame] = []
        var head = 0
        var waiter: CheckedContinuation<JSONRPCFrame?, any Error>?
        /// Set when the input ended: nil for a clean end, the error otherwise.
        var end: Result<Void, any Error>?
        /// The channel asked to read while the buffer was full.
        var readPending = false

        var count: Int { self.frames.count - self.head }

        mutating func popFirst() -> JSONRPCFrame {
            let frame = self.frames[self.head]
            self.head += 1
            if self.head == self.frames.count {
                self.frames.removeAll(keepingCapacity: true)
                self.head = 0
            }
            return frame
        }
    }

    private let state = Mutex(State())
    private let lowWatermark: Int
    private let highWatermark: Int
    /// Resumes reading; set by the handler, called when the consumer drained a full buffer.
    private let resumeReading = Mutex<(@Sendable () -> Void)?>(nil)

    init(lowWatermark: Int, highWatermark: Int) {
        self.lowWatermark = lowWatermark
        self.highWatermark = Swift.max(lowWatermark + 1, highWatermark)
    }

    // MARK: Producer side (the channel's event loop)

    /// Hands a frame to the consumer (directly if it is waiting).
    func push(_ frame: JSONRPCFrame) {
        let waiter = self.state.withLock { state -> CheckedContinuation<JSONRPCFrame?, any Error>? in
            guard state.end == nil else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.frames.append(frame)
            return nil
        }
        waiter?.resume(returning: frame)
    }

    /// Whether the channel may read now; if not, the read is remembered and resumed once drained.
    func mayRead() -> Bool {
        self.state.withLock { state in
            guard state.count >= self.highWatermark, state.end == nil else { return true }
            state.readPending = true
            return false
        }
    }

    /// Ends the sequence after the frames already buffered: cleanly, or by throwing `error`.
    func finish(throwing error: (any Error)? = nil) {
        let waiter = self.state.withLock { state -> CheckedContinuation<JSONRPCFrame?, any Error>? in
            guard state.end == nil else { return nil }
            state.end = error.map { .failure($0) } ?? .success(())
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        if let error {
            waiter?.resume(throwing: error)
        } else {
            waiter?.resume(returning: nil)
        }
    }

    /// Sets what resumes the channel's reading; nil when the channel is gone (the closure holds the
    /// channel's handler context, which holds the handler that holds this inbox).
    func onDrained(_ resume: (@Sendable () -> Void)?) {
        self.resumeReading.withLock { $0 = resume }
    }

    // MARK: Consumer side

    /// The next frame, nil at the end of input; throws what ended the input, if it was an error.
    /// Cancellation of the consuming task ends the sequence.
    func next() async throws -> JSONRPCFrame? {
        enum Step {
            case frame(JSONRPCFrame, resumeReading: Bool)
            case end(Result<Void, any Error>)
            case wait
        }
        let step = self.state.withLock { state -> Step in
            if state.count > 0 {
                let (frame, resume) = self.take(&state)
                return .frame(frame, resumeReading: resume)
            }
            if let end = state.end { return .end(end) }
            return .wait
        }
        switch step {
        case .frame(let frame, let resume):
            if resume { self.readAgain() }
            return frame
        case .end(let end):
            try end.get()
            return nil
        case .wait:
            return try await self.waitForFrame()
        }
    }

    /// Lets the channel read again (called outside the state lock).
    private func readAgain() {
        self.resumeReading.withLock { $0 }?()
    }

    /// Takes the first buffered frame; also says whether the buffer just drained enough to read again.
    private func take(_ state: inout State) -> (JSONRPCFrame, resumeReading: Bool) {
        let frame = state.popFirst()
        let resume = state.readPending && state.count <= self.lowWatermark
        if resume { state.readPending = false }
        return (frame, resume)
    }

    private func waitForFrame() async throws -> JSONRPCFrame? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                var resume = false
                let ready = self.state.withLock { state -> Result<JSONRPCFrame?, any Error>? in
                    if state.count > 0 {
                        let taken = self.take(&state)
                        resume = taken.resumeReading
                        return .success(taken.0)
                    }
                    if let end = state.end { return end.map { nil } }
                    if Task.isCancelled { return .success(nil) }
                    state.waiter = continuation
                    return nil
                }
                if resume { self.readAgain() }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = self.state.withLock { state -> CheckedContinuation<JSONRPCFrame?, any Error>? in
                let waiter = state.waiter
                state.waiter = nil
                return waiter
            }
            waiter?.resume(returning: nil)
        }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let inbox: JSONRPCFrameInbox

        mutating func next() async throws -> JSONRPCFrame? {
            try await self.inbox.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(inbox: self)
    }
}
