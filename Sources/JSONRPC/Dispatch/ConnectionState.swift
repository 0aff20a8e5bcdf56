import Synchronization

/// The mutable state of one connection, shared by its read loop, its request tasks and its contexts.
///
/// Requests run as unstructured tasks kept here by serial number, because `$/cancelRequest` must
/// cancel one of them by id and a closing connection must be able to abandon a handler that
/// ignores cancellation instead of waiting for it forever.
///
/// A lock, not an actor: every operation is a few dictionary updates, and as an actor each request
/// paid two executor hops (start and finish) for them.
final class ConnectionState: Sendable {
    private struct InFlight {
        let id: RequestID
        var task: Task<Void, Never>?
        /// Cancelled before its task handle was stored: cancel the task as soon as it is.
        var cancelled = false
    }

    /// A request this side sent, from before it is written until its response is consumed.
    private enum Outgoing {
        case pending
        case waiting(CheckedContinuation<JSONRPCResponse, any Error>)
        case arrived(JSONRPCResponse)
    }

    private struct Fields {
        var inFlight: [UInt64: InFlight] = [:]
        var nextSerial: UInt64 = 0
        var capacityWaiters: [CheckedContinuation<Void, Never>] = []
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
        var graceDeadline: Task<Void, Never>?
        var outgoing: [RequestID: Outgoing] = [:]
        var nextOutgoingID: Int64 = 1
        var exitStatus: Int32?
        var abandonedCount = 0
        /// Requests cancelled with no reply wanted (MCP's `notifications/cancelled`): their answer is dropped.
        var silenced: Set<RequestID> = []
    }

    private let maxConcurrentRequests: Int
    private let gracePeriod: Duration
    private let taskExecutor: (any TaskExecutor)?
    private let closeSignal: AsyncStream<Void>.Continuation
    private let fields = Mutex(Fields())
    /// Set once, under the lock, when closing starts; the read loop checks it for every frame.
    let closing = Atomic<Bool>(false)

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

    private var isClosing: Bool { self.closing.load(ordering: .relaxed) }

    /// The exit status a handler asked for when closing, if any.
    var exitStatus: Int32? { self.fields.withLock { $0.exitStatus } }

    /// How many requests are running.
    var inFlightCount: Int { self.fields.withLock { $0.inFlight.count } }

    /// How many requests were abandoned because they ignored cancellation past the grace period.
    var abandonedCount: Int { self.fields.withLock { $0.abandonedCount } }

    // MARK: Incoming requests

    /// Waits for a free slot, then runs `operation` in its own task tracked under `id`.
    /// Returns `false`, without running it, once the connection is closing.
    func startRequest(id: RequestID, operation: @escaping @Sendable () async -> Void) async -> Bool {
        enum Admission {
            case admitted(UInt64)
            case full, closed
        }
        var serial: UInt64
        admission: while true {
            let admission = self.fields.withLock { fields -> Admission in
                if self.isClosing { return .closed }
                guard fields.inFlight.count < self.maxConcurrentRequests else { return .full }
                let next = fields.nextSerial
                fields.nextSerial += 1
                fields.inFlight[next] = InFlight(id: id)
                return .admitted(next)
            }
            switch admission {
            case .admitted(let admitted):
                serial = admitted
                break admission
            case .closed:
                return false
            case .full:
                await withCheckedContinuation { continuation in
                    // Re-checked under the lock: a slot may have freed since.
                    let waits = self.fields.withLock { fields in
                        let full = fields.inFlight.count >= self.maxConcurrentRequests && !self.isClosing
                        if full { fields.capacityWaiters.append(continuation) }
                        return full
                    }
                    if !waits { continuation.resume() }
                }
            }
        }
        // Unstructured tasks do not inherit the connection's executor preference: pass it on. Started
        // immediately: on the connection's executor (where the read loop runs) the request begins now,
        // and one that never suspends is answered without a trip through the executor's queue.
        let task = Task.immediate(executorPreference: self.taskExecutor) { [serial] in
            await operation()
            self.finish(serial)
        }
        let cancelNow = self.fields.withLock { fields -> Bool in
            // The task may already have finished and removed its entry.
            guard fields.inFlight[serial] != nil else { return false }
            fields.inFlight[serial]?.task = task
            return fields.inFlight[serial]?.cancelled == true || self.isClosing
        }
        if cancelNow { task.cancel() }
        return true
    }

    private func finish(_ serial: UInt64) {
        let (capacity, idle) = self.fields.withLock {
            fields -> ([CheckedContinuation<Void, Never>], [CheckedContinuation<Void, Never>]) in
            guard fields.inFlight.removeValue(forKey: serial) != nil else { return ([], []) }
            var capacity: [CheckedContinuation<Void, Never>] = []
            if fields.inFlight.count < self.maxConcurrentRequests {
                capacity = fields.capacityWaiters
                fields.capacityWaiters.removeAll()
            }
            return (capacity, fields.inFlight.isEmpty ? Self.becameIdle(&fields) : [])
        }
        for waiter in capacity + idle { waiter.resume() }
    }

    /// Cancels the running requests with this id; returns how many there were. `silently`: their replies are
    /// dropped instead of sent (see ``takeSilenced(_:)``).
    @discardableResult
    func cancel(id: RequestID, silently: Bool = false) -> Int {
        let tasks = self.fields.withLock { fields -> [Task<Void, Never>?] in
            var tasks: [Task<Void, Never>?] = []
            for (serial, entry) in fields.inFlight where entry.id == id {
                fields.inFlight[serial]?.cancelled = true
                tasks.append(entry.task)
            }
            if silently && !tasks.isEmpty { fields.silenced.insert(id) }
            return tasks
        }
        for task in tasks { task?.cancel() }
        return tasks.count
    }

    /// Whether the reply to `id` must be dropped (it was cancelled silently); forgets the mark.
    func takeSilenced(_ id: RequestID) -> Bool {
        self.fields.withLock { $0.silenced.remove(id) != nil }
    }

    /// Returns once no request is running (or the grace period after a close has run out).
    func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let waits = self.fields.withLock { fields in
                if !fields.inFlight.isEmpty { fields.idleWaiters.append(continuation) }
                return !fields.inFlight.isEmpty
            }
            if !waits { continuation.resume() }
        }
    }

    // MARK: Closing

    /// Starts closing: wakes the run loop, cancels every running request (each still answers,
    /// with -32800) and arms the grace deadline after which stragglers are abandoned.
    func requestClose(exitStatus: Int32?) {
        typealias Closing = (tasks: [Task<Void, Never>?], waiters: [CheckedContinuation<Void, Never>], busy: Bool)
        let closing = self.fields.withLock { fields -> Closing? in
            if let exitStatus { fields.exitStatus = exitStatus }
            guard !self.closing.exchange(true, ordering: .relaxed) else { return nil }
            let waiters = fields.capacityWaiters
            fields.capacityWaiters.removeAll()
            return (fields.inFlight.values.map(\.task), waiters, !fields.inFlight.isEmpty)
        }
        guard let closing else { return }
        self.closeSignal.yield()
        self.closeSignal.finish()
        for task in closing.tasks { task?.cancel() }
        for waiter in closing.waiters { waiter.resume() }
        guard closing.busy else { return }
        let grace = self.gracePeriod
        let deadline = Task {
            try? await Task.sleep(for: grace)
            if !Task.isCancelled { self.abandonInFlight() }
        }
        let stillBusy = self.fields.withLock { fields in
            if !fields.inFlight.isEmpty { fields.graceDeadline = deadline }
            return !fields.inFlight.isEmpty
        }
        if !stillBusy { deadline.cancel() }
    }

    private func abandonInFlight() {
        let idle = self.fields.withLock { fields -> [CheckedContinuation<Void, Never>] in
            fields.abandonedCount += fields.inFlight.count
            fields.inFlight.removeAll()
            return Self.becameIdle(&fields)
        }
        for waiter in idle { waiter.resume() }
    }

    /// Disarms the grace deadline and hands back the idle waiters to resume (outside the lock).
    private static func becameIdle(_ fields: inout Fields) -> [CheckedContinuation<Void, Never>] {
        fields.graceDeadline?.cancel()
        fields.graceDeadline = nil
        let waiters = fields.idleWaiters
        fields.idleWaiters.removeAll()
        return waiters
    }

    // MARK: Outgoing requests

    /// Reserves an id for a request to the peer; its response is kept even if it arrives early.
    func reserveOutgoingID() throws -> RequestID {
        try self.fields.withLock { fields throws(JSONRPCConnectionError) -> RequestID in
            guard !self.isClosing else { throw Self.closedError }
            let id = RequestID.integer(fields.nextOutgoingID)
            fields.nextOutgoingID += 1
            fields.outgoing[id] = .pending
            return id
        }
    }

    /// Waits for the response to a reserved id.
    func awaitResponse(to id: RequestID) async throws -> JSONRPCResponse {
        try await withCheckedThrowingContinuation { continuation in
            let outcome: Result<JSONRPCResponse, any Error>? = self.fields.withLock { fields in
                switch fields.outgoing[id] {
                case .arrived(let response):
                    fields.outgoing[id] = nil
                    return .success(response)
                case .pending:
                    fields.outgoing[id] = .waiting(continuation)
                    return nil
                case .waiting, nil:
                    // Abandoned (cancelled or closed) before we got here.
                    return .failure(self.isClosing ? Self.closedError : CancellationError())
                }
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    /// Routes a response from the peer; `false` if nothing is waiting for its id.
    func deliver(_ response: JSONRPCResponse) -> Bool {
        let (known, waiter) = self.fields.withLock {
            fields -> (Bool, CheckedContinuation<JSONRPCResponse, any Error>?) in
            switch fields.outgoing[response.id] {
            case .pending:
                fields.outgoing[response.id] = .arrived(response)
                return (true, nil)
            case .waiting(let continuation):
                fields.outgoing[response.id] = nil
                return (true, continuation)
            case .arrived, nil:
                return (false, nil)
            }
        }
        waiter?.resume(returning: response)
        return known
    }

    /// Gives up on one outgoing request, failing its waiter with `error`.
    func abandonOutgoing(_ id: RequestID, error: any Error) {
        let removed = self.fields.withLock { $0.outgoing.removeValue(forKey: id) }
        if case .waiting(let continuation) = removed {
            continuation.resume(throwing: error)
        }
    }

    /// Fails every outgoing request still waiting: no response can arrive any more.
    func failAllOutgoing() {
        let entries = self.fields.withLock { fields in
            let entries = fields.outgoing
            fields.outgoing.removeAll()
            return entries
        }
        for case .waiting(let continuation) in entries.values {
            continuation.resume(throwing: Self.closedError)
        }
    }

    static let closedError = JSONRPCConnectionError(.connectionClosed, "the JSON-RPC connection is closed")
}
