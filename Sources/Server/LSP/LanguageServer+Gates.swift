import Config
import Engine
import JSONRPC
import StorePort

/// Gate diagnostics: the workspace's latest gate findings and review findings, published on the files they point
/// at and kept current while runs (from the CLI or any other process) record new results in the store.
extension LanguageServer {
    /// The store of a workspace, where every run records its gate evaluations.
    static func databasePath(root: String) -> String {
        (root == "/" ? "" : root) + "/.orchestrator/state.db"
    }

    /// Starts watching the workspace's store (after `initialized`: a client takes notifications from then on).
    /// Without a workspace root there is no store to watch, and gate diagnostics stay off.
    func startGateDiagnostics(context: JSONRPCConnectionContext) async {
        guard let root = await self.session.workspaceRoot else { return }
        let opener = self.server.engines.openStore
        let open: @Sendable () async throws -> any WorkflowStore = {
            try await opener(WorkspaceLayout(root: root), .readOnly)
        }
        let limit = self.server.validator.limits.maxBytes
        let session = self.session
        await session.expectGateReading()
        let refresh: @Sendable ((any WorkflowStore)?) async throws -> Void = { store in
            try await self.refreshGateDiagnostics(from: store, root: root, readLimit: limit, context: context)
        }
        let log: @Sendable (String) -> Void = { context.log($0) }
        let looked: @Sendable () async -> Void = { await session.gateReadingDone() }
        // The workspace's own file is watched by its stamp; a database server's store, by its commit signals.
        let task =
            self.server.engines.storeInWorkspace
            ? Task {
                await GateStoreWatcher(databasePath: Self.databasePath(root: root), openStore: open).run(
                    log: log, looked: looked, changed: refresh)
            }
            : Task { await GateSignalWatcher(openStore: open).run(log: log, looked: looked, changed: refresh) }
        await self.session.keep(gateWatcher: task)
    }

    /// Reads the latest evaluations (none when the store is gone) and republishes every file whose gate
    /// diagnostics changed.
    func refreshGateDiagnostics(
        from store: (any WorkflowStore)?, root: String, readLimit: Int, context: JSONRPCConnectionContext
    ) async throws {
        var diagnostics = GateDiagnostics()
        if let store {
            let evaluations = try await StoredGateEvaluation.latest(in: store)
            let buffers = await self.session.openBuffers()
            diagnostics = GateDiagnostics(evaluations, root: root) { path in
                buffers[path] ?? (try? BoundedFileReader.contents(of: path, limit: readLimit, regularFileOnly: true))
            }
            diagnostics.add(reviews: try await store.read { tx in try tx.latestReviews() }, root: root)
        }
        let changed = await self.session.replaceGateDiagnostics(diagnostics)
        await self.publish(changed, context: context)
        if !changed.isEmpty, await self.session.diagnosticRefresh {
            // Pull-model clients learn of new findings only when told to ask again (without refresh support, at
            // their next pull).
            Task { _ = try? await context.sendRequest(method: "workspace/diagnostic/refresh") }
        }
    }
}
