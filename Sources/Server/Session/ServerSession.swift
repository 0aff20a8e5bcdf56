import Config
import JSONRPC
import Model
import Synchronization

/// The state of one connection: scripting until `initialize`, then an LSP session with its
/// negotiated position encoding and open documents.
actor ServerSession {
    /// Where the connection is in the LSP lifecycle.
    enum Phase: Sendable, CustomStringConvertible {
        /// No `initialize` yet: scripting methods answer, LSP-only ones are refused.
        case scripting
        /// `initialize` received: everything answers.
        case languageServer
        /// `shutdown` received: only `exit` is honoured.
        case shuttingDown

        var description: String {
            switch self {
            case .scripting: "the session is not initialized"
            case .languageServer: "the session is initialized"
            case .shuttingDown: "the session is shutting down"
            }
        }
    }

    /// Behind a lock rather than the actor: every request and notification is admitted by it, and
    /// an actor hop per message for one comparison cost more than the rest of a cheap request.
    private let phaseState = Mutex(Phase.scripting)
    /// Where the connection is in the LSP lifecycle.
    nonisolated var phase: Phase { self.phaseState.withLock { $0 } }
    private(set) var positionEncoding = PositionEncoding.utf16
    /// How hover contents are written: the first format in the client's `hover.contentFormat` we can write.
    private(set) var hoverFormat = MarkupKind.markdown
    /// How completion documentation is written (`completionItem.documentationFormat`).
    private(set) var completionDocumentationFormat = MarkupKind.markdown
    /// Whether the client asked to hear `workspace/diagnostic/refresh` (`workspace.diagnostics.refreshSupport`).
    private(set) var diagnosticRefresh = false
    /// Whether the client pulls diagnostics (`textDocument.diagnostic`): then none are pushed.
    private(set) var pullDiagnostics = false
    /// False from `initialized` until the store poller's first look: a pull waits for it, so a client that pulls
    /// as soon as it opens a file still gets the gate findings already recorded.
    private var gateReadingSettled = true
    private var gateReadingWaiters: [CheckedContinuation<Void, Never>] = []
    var documents: [String: OpenDocument] = [:]
    /// The workspace folder from `initialize`, without a trailing slash; nil turns gate diagnostics off.
    private(set) var workspaceRoot: String?
    /// The latest gate findings of the workspace, as read from its store.
    var gateDiagnostics = GateDiagnostics()
    /// Counts the changes of `gateDiagnostics`, so a pull result id changes when they do.
    var gateGeneration = 0
    /// The last publication queued: each waits for the one before it (see `enqueuePublication`).
    var publishing: Task<Void, Never>?
    /// `workflow/subscribe` forwarders of this connection, cancelled when it closes.
    private var subscriptions: [Task<Void, Never>] = []
    /// The poller of the workspace's store, cancelled on `shutdown` and when the connection closes.
    private var gateWatcher: Task<Void, Never>?

    func keep(subscription: Task<Void, Never>) {
        subscriptions.append(subscription)
    }

    /// Called when the connection closes: stops everything that would outlive it.
    func endSubscriptions() {
        for subscription in subscriptions { subscription.cancel() }
        subscriptions.removeAll()
        self.stopGateWatcher()
    }

    /// Keeps the store poller, replacing (and stopping) an earlier one; stops it at once after `shutdown`.
    func keep(gateWatcher watcher: Task<Void, Never>) {
        self.gateWatcher?.cancel()
        self.gateWatcher = watcher
        if case .shuttingDown = self.phase { self.stopGateWatcher() }
    }

    private func stopGateWatcher() {
        self.gateWatcher?.cancel()
        self.gateWatcher = nil
        self.gateReadingDone()
    }

    /// Takes the workspace root `initialize` named.
    func rooted(at path: String?) {
        guard var path, !path.isEmpty else { return }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.workspaceRoot = path
    }

    /// Requests that only mean something inside an LSP session.
    static func isLanguageServerOnly(_ method: String) -> Bool {
        method == "shutdown" || method.hasPrefix("textDocument/") || method.hasPrefix("workspace/")
    }

    /// Nil to run the request, or the error to answer it with. `initialize` and `shutdown` switch
    /// phase here, as they arrive: a request sent after `shutdown` is refused even if it would run
    /// before `shutdown`'s handler, and an `exit` right behind `shutdown` ends with status 0.
    nonisolated func admit(request method: String) -> JSONRPCError? {
        self.phaseState.withLock { phase in
            switch (phase, method) {
            case (.shuttingDown, _):
                return .invalidRequest("the server is shutting down: only the exit notification is accepted")
            case (.scripting, "initialize"):
                phase = .languageServer
                return nil
            case (.languageServer, "initialize"):
                return .invalidRequest("initialize may be sent once per connection")
            case (.languageServer, "shutdown"):
                phase = .shuttingDown
                return nil
            case (.scripting, let name) where Self.isLanguageServerOnly(name):
                return .serverNotInitialized()
            default:
                return nil
            }
        }
    }

    /// Whether to handle a notification: `exit` always; LSP-only ones inside a session only.
    nonisolated func admit(notification method: String) -> Bool {
        if method == "exit" { return true }
        switch self.phase {
        case .scripting: return !method.hasPrefix("textDocument/") && method != "initialized"
        case .languageServer: return true
        case .shuttingDown: return false
        }
    }

    /// Takes the encoding chosen by `initialize`.
    func negotiated(_ encoding: PositionEncoding) {
        self.positionEncoding = encoding
    }

    /// Takes the formats and notifications `initialize` settled on.
    func negotiated(
        hover: MarkupKind, completionDocumentation: MarkupKind, diagnosticRefresh: Bool, pullDiagnostics: Bool
    ) {
        self.hoverFormat = hover
        self.completionDocumentationFormat = completionDocumentation
        self.diagnosticRefresh = diagnosticRefresh
        self.pullDiagnostics = pullDiagnostics
    }

    /// The store poller is starting: pulls wait for its first look (`gateReadingDone`).
    func expectGateReading() {
        self.gateReadingSettled = false
    }

    /// The store poller looked once (or stopped): pulls waiting for it go on.
    func gateReadingDone() {
        self.gateReadingSettled = true
        let waiters = self.gateReadingWaiters
        self.gateReadingWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the gate findings recorded when the session started have been read.
    func awaitGateReading() async {
        guard !self.gateReadingSettled else { return }
        await withCheckedContinuation { self.gateReadingWaiters.append($0) }
    }

    /// Called when `initialize` failed (its params did not decode): the connection is as if it had never
    /// been sent, so the client may correct it and send it again.
    nonisolated func initializeFailed() {
        self.phaseState.withLock { phase in
            if case .languageServer = phase { phase = .scripting }
        }
    }

    /// Enters the shutting-down phase, forgets the open documents and stops watching the store.
    func beginShutdown() {
        self.phaseState.withLock { $0 = .shuttingDown }
        self.documents.removeAll()
        self.stopGateWatcher()
    }

    /// The exit status LSP prescribes for `exit`: 0 after `shutdown`, 1 without.
    var exitStatus: Int32 {
        if case .shuttingDown = self.phase { 0 } else { 1 }
    }
}
