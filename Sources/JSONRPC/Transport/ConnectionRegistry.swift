/// The socket server's live connections and lifecycle, so shutdown can reach every connection.
actor ConnectionRegistry {
    private var connections: [Int: JSONRPCConnection] = [:]
    private var nextID = 1
    private var isRunning = false
    private var isFinished = false
    private(set) var isShuttingDown = false
    private var finishWaiters: [CheckedContinuation<Void, Never>] = []

    /// Marks the accept loop started; `false` if shutdown came first.
    func startRunning() -> Bool {
        guard !self.isShuttingDown, !self.isRunning else { return false }
        self.isRunning = true
        return true
    }

    /// A fresh connection number for logs.
    func makeID() -> Int {
        defer { self.nextID += 1 }
        return self.nextID
    }

    /// Tracks a connection; `false` if the server is shutting down (the caller closes it).
    func add(_ connection: JSONRPCConnection, id: Int) -> Bool {
        guard !self.isShuttingDown else { return false }
        self.connections[id] = connection
        return true
    }

    /// Forgets a connection that ended.
    func remove(id: Int) {
        self.connections[id] = nil
    }

    /// Marks shutdown begun; returns whether the accept loop is running (and will finish).
    func beginShutdown() -> (firstCall: Bool, running: Bool) {
        let first = !self.isShuttingDown
        self.isShuttingDown = true
        return (first, self.isRunning && !self.isFinished)
    }

    /// Closes every tracked connection (each cancels its requests and closes after its grace period).
    func closeAll() async {
        for connection in self.connections.values {
            await connection.close()
        }
    }

    /// Marks the accept loop finished and wakes `shutdown()` callers.
    func markFinished() {
        self.isFinished = true
        let waiters = self.finishWaiters
        self.finishWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the accept loop has finished.
    func waitUntilFinished() async {
        guard !self.isFinished else { return }
        await withCheckedContinuation { self.finishWaiters.append($0) }
    }
}
