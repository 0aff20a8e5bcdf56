import Engine
import StorePort

/// Polls a workspace's state store and reports when its gate evaluations change: the store is where a CLI
/// run and the editor meet.
///
/// Polling, not inotify: two `stat` calls every 500 ms cost nothing measurable, need no file descriptor per
/// watch, and work alike on every platform and file system (network mounts included). inotify (or kqueue)
/// would cut the latency and is a possible later improvement; nothing outside this type would change.
struct GateStoreWatcher: Sendable {
    /// The database file, `<root>/.orchestrator/state.db`.
    let databasePath: String
    /// The time between two looks at the files.
    var interval: Duration = .milliseconds(500)
    /// Opens the store when its file exists.
    let openStore: @Sendable () async throws -> any WorkflowStore

    /// What says the store has something new to show: its newest gate evaluation and its review rounds' stamp.
    struct Stamp: Equatable {
        var gates: Int64
        var reviews: Int64
    }

    /// What the loop remembers between two looks.
    private struct State {
        var stamp: StateFileStamp?
        var store: (any WorkflowStore)?
        /// The database file `store` has open, to notice when it is replaced.
        var storeFile: StateFileStamp.File?
        /// The newest evaluation id and review stamp reported; nil before the first report and after the store vanished.
        var reported: Stamp?
        /// The last failure logged, so a store that stays broken is logged once, not twice a second.
        var failure: String?
        /// Looks left before a failed read is tried again although the files did not change.
        var retryCountdown = 0
    }

    /// A failed read is tried again when the files change, or after this many looks (5 s): a store that fails
    /// is not reopened (which takes its write lock for a moment) twice a second.
    static let retryLooks = 10

    /// Runs until the task is cancelled: looks at once, then every `interval`. `changed` is called with the
    /// store whenever its newest gate evaluation or review round differs from the one last reported (so at the first look when
    /// the store exists), and with nil when a store seen before is gone. A store that is missing, locked,
    /// corrupt or of a newer schema is logged and looked at again later; nothing here throws or stops.
    /// `looked` is called once, after the first look (and its `changed`, if any).
    func run(
        log: @escaping @Sendable (String) -> Void, looked: @escaping @Sendable () async -> Void = {},
        changed: @escaping @Sendable ((any WorkflowStore)?) async throws -> Void
    ) async {
        var state = State()
        var first = true
        while !Task.isCancelled {
            await self.look(&state, log: log, changed: changed)
            if first {
                first = false
                await looked()
            }
            try? await Task.sleep(for: self.interval)
        }
    }

    private func look(
        _ state: inout State, log: @Sendable (String) -> Void,
        changed: @Sendable ((any WorkflowStore)?) async throws -> Void
    ) async {
        let stamp = StateFileStamp(databasePath: self.databasePath)
        if state.failure != nil {
            state.retryCountdown -= 1
            if state.retryCountdown <= 0 { state.stamp = nil }
        }
        guard stamp != state.stamp else { return }
        guard let database = stamp.database else {
            // Only opened when it exists: opening creates and migrates a store, which is a run's job, not an editor's.
            state.store = nil
            state.stamp = stamp
            state.failure = nil
            if state.reported != nil {
                state.reported = nil
                try? await changed(nil)
            }
            return
        }
        if let open = state.storeFile, open.inode != database.inode || open.device != database.device {
            // Replaced (`rm -rf .orchestrator`, then a new run): the open connection reads the deleted file.
            state.store = nil
        }
        do {
            let store: any WorkflowStore
            if let open = state.store {
                store = open
            } else {
                store = try await self.openStore()
            }
            state.store = store
            state.storeFile = database
            let newest = try await store.read { tx in
                Stamp(gates: try tx.lastGateEvaluationID(), reviews: try tx.reviewStamp())
            }
            if newest != state.reported {
                try await changed(store)
                state.reported = newest
            }
            state.stamp = stamp
            state.failure = nil
        } catch {
            // Reopened at the next try: a new connection may succeed where this one failed (a store being replaced).
            state.store = nil
            state.stamp = stamp
            state.retryCountdown = Self.retryLooks
            let text = "gate diagnostics: cannot read \(self.databasePath): \(error)"
            if text != state.failure {
                log(text)
                state.failure = text
            }
        }
    }
}
