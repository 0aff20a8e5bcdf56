/// The mutable state of one connection, shared by its read loop, its request tasks and its contexts.
///
/// Requests run as unstructured tasks kept here by serial number, because `$/cancelRequest` must
/// cancel one of them by id and a closing connection must be able to abandon a handler that
/// ignores cancellation instead of waiting for it forever.
actor ConnectionState {
    private struct InFlight {
        let id: RequestID
        var task: Task<Void, Never>?
    }

    /// A request this side sent, from before it is written until its response is consumed.
    private enum Outgoing {
        case pending
        case waiting(CheckedContinuation<JSONRPCResponse, any Error>)
        case arrived(JSONRPCResponse)
    }

    private let maxConcurrentRequests: Int
    private let gracePeriod: Duration
    private let taskExecutor: (any TaskExecutor)?
    private let closeSignal: AsyncStream<Void>.Continuation
    private var inFlight: [UInt64: InFlight] = [:]
    private var nextSerial: UInt64 = 0
    private var capacityWaiters: [CheckedContinuation<Void, Never>] = []
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var graceDeadline: Task<Void, Never>?
    private var outgoing: [RequestID: Outgoing] = [:]
    private var nextOutgoingID: Int64 = 1
    private(set) var exitStatus: Int32?
    private(set) var isClosing = false
    private(set) var abandonedCount = 0

    init(
        maxConcurrentRequests: Int,
        gracePeriod: Duration,
        taskExecutor: (any TaskExecutor)?,
        closeSignal: AsyncStream<Void>.Continuation
    ) {
        // At least one, or the read loop would wait for a slot forever.
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.gracePeriod = gracePeriod
        self.taskExecutor = taskExecutor
        self.closeSignal = closeSignal
    }

    // MARK: Incoming requests

    /// Waits for a free slot, then runs `operation` in its own task tracked under `id`.
    /// Returns `false`, without running it, once the connection is closing.
    func startRequest(id: RequestID, operation: @escaping @Sendable () async -> Void) async -> Bool {
        while self.inFlight.count >= self.maxConcurrentRequests, !self.isClosing {
            await withCheckedContinuation { self.capacityWaiters.append($0) }
        }
        guard !self.isClosing else { return false }
        let serial = self.nextSerial
        self.nextSerial += 1
        self.inFlight[serial] = InFlight(id: id)
        // The task cannot reach `finish` before the entry is complete: it needs this actor, which
        // this method holds until it returns.
        // Unstructured tasks do not inherit the connection's executor preference: pass it on.
        let task = Task(executorPreference: self.taskExecutor) {
            await operation()
            await self.finish(serial)
        }
        self.inFlight[serial]?.task = task
        return true
    }

    private func finish(_ serial: UInt64) {
        guard self.inFlight.removeValue(forKey: serial) != nil else { return }
        if self.inFlight.count < self.maxConcurrentRequests { self.resumeCapacityWaiters() }
        if self.inFlight.isEmpty { self.becameIdle() }
    }

    /// Cancels the running requests with this id; returns how many there were.
    @discardableResult
    func cancel(id: RequestID) -> Int {
        let matching = self.inFlight.values.filter { $0.id == id }
        for entry in matching { entry.task?.cancel() }
        return matching.count
    }

    /// Returns once no request is running (or the grace period after a close has run out).
    func waitUntilIdle() async {
        guard !self.inFlight.isEmpty else { return }
        await withCheckedContinuation { self.idleWaiters.append($0) }
    }

    // MARK: Closing

    /// Starts closing: wakes the run loop, cancels every running request (each still answers,
    /// with -32800) and arms the grace deadline after which stragglers are abandoned.
    func requestClose(exitStatus: Int32?) {
        if let exitStatus { self.exitStatus = exitStatus }
        guard !self.isClosing else { return }
        self.isClosing = true
        self.closeSignal.yield()
        self.closeSignal.finish()
        for entry in self.inFlight.values { entry.task?.cancel() }
        self.resumeCapacityWaiters()
        guard !self.inFlight.isEmpty else { return }
        let grace = self.gracePeriod
        self.graceDeadline = Task {
            try? await Task.sleep(for: grace)
            if !Task.isCancelled { self.abandonInFlight() }
        }
    }

    private func abandonInFlight() {
        self.abandonedCount += self.inFlight.count
        self.inFlight.removeAll()
        self.becameIdle()
    }

    private func becameIdle() {
        self.graceDeadline?.cancel()
        self.graceDeadline = nil
        let waiters = self.idleWaiters
        self.idleWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    private func resumeCapacityWaiters() {
        let waiters = self.capacityWaiters
        self.capacityWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    // MARK: Outgoing requests

    /// Reserves an id for a request to the peer; its response is kept even if it arrives early.
    func reserveOutgoingID() throws -> RequestID {
        guard !self.isClosing else { throw Self.closedError }
        let id = RequestID.integer(self.nextOutgoingID)
        self.nextOutgoingID += 1
        self.outgoing[id] = .pending
        return id
    }

    /// Waits for the response to a reserved id.
    func awaitResponse(to id: RequestID) async throws -> JSONRPCResponse {
        switch self.outgoing[id] {
        case .arrived(let response):
            self.outgoing[id] = nil
            return response
        case .pending:
            return try await withCheckedThrowingContinuation { self.outgoing[id] = .waiting($0) }
        case .waiting, nil:
            // Abandoned (cancelled or closed) before we got here.
            throw self.isClosing ? Self.closedError : CancellationError()
        }
    }

    /// Routes a response from the peer; `false` if nothing is waiting for its id.
    func deliver(_ response: JSONRPCResponse) -> Bool {
        switch self.outgoing[response.id] {
        case .pending:
            self.outgoing[response.id] = .arrived(response)
            return true
        case .waiting(let continuation):
            self.outgoing[response.id] = nil
            continuation.resume(returning: response)
            return true
        case .arrived, nil:
            return false
        }
    }

    /// Gives up on one outgoing request, failing its waiter with `error`.
    func abandonOutgoing(_ id: RequestID, error: any Error) {
        if case .waiting(let continuation) = self.outgoing.removeValue(forKey: id) {
            continuation.resume(throwing: error)
        }
    }

    /// Fails every outgoing request still waiting: no response can arrive any more.
    func failAllOutgoing() {
        let entries = self.outgoing
        self.outgoing.removeAll()
        for case .waiting(let continuation) in entries.values {
            continuation.resume(throwing: Self.closedError)
        }
    }

    static let closedError = JSONRPCConnectionError(.connectionClosed, "the JSON-RPC connection is closed")
}
