import Model
import StorePort

/// One writer per workspace: the lease a run, a rollback or a prune holds for as long as it changes the workspace's
/// tree, its objects or its workflows' progress.
///
/// A second writer — in another process or this one, for the same workflow or another — is refused, naming the
/// holder's pid and what it does. A dead holder's lease is taken over, and whoever takes it over first settles
/// what the dead one left: a rollback it recorded and did not finish is finished, and the engine's temporary files
/// it left in the tree are removed.
struct WorkspaceLease: Sendable {
    let context: EngineContext
    let journal: RollbackJournal

    typealias Activity = WorkspaceLeaseRecord.Activity

    /// What taking the lease found.
    struct Taken: Sendable {
        /// The lease of the process that held it before and is gone (or a lease this process failed to give back).
        var previous: WorkspaceLeaseRecord?
        /// Rollbacks recorded and not finished, oldest first.
        var unfinished: [RollbackRecord]
        /// For a run: its workflow was cancelled before the lease could be taken, so it was not taken (a cancel
        /// recorded while a detached run's process was starting; `run cancel` has already said "cancelled").
        var cancelledBefore = false
    }

    /// Takes the lease, or refuses with ``EngineError/Code/workspaceBusy`` naming the live holder. A prune or a
    /// rollback holding it is waited for (see ``waitingForShortHolders(_:)``); a run is not. With `unlessCancelled`
    /// (a run's start), a workflow found cancelled leaves the lease untaken: decided in the same write as taking it.
    func acquire(
        _ activity: Activity, workflowID: String?, unlessCancelled: Bool = false
    ) async throws(EngineError) -> Taken {
        try await Self.waitingForShortHolders { () async throws(EngineError) in
            try await acquireOnce(activity, workflowID: workflowID, unlessCancelled: unlessCancelled)
        }
    }

    /// Runs `attempt` again while it is refused because a prune or a rollback holds the workspace: those end within
    /// seconds (a prune beside a starting run must not make the run fail), and the store has no notification to
    /// wait on, so it looks again every 50 ms, for at most a minute. A refusal naming a run is final at once.
    static func waitingForShortHolders<T>(
        _ attempt: () async throws(EngineError) -> T
    ) async throws(EngineError) -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        while true {
            do {
                return try await attempt()
            } catch {
                guard error.code == .workspaceBusy, let holder = error.holder, holder.activity != Activity.run.rawValue,
                    clock.now < deadline, !Task.isCancelled
                else { throw error }
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    private func acquireOnce(
        _ activity: Activity, workflowID: String?, unlessCancelled: Bool
    ) async throws(EngineError) -> Taken {
        let me = ProcessIdentity.current
        let root = context.layout.root
        let lease = WorkspaceLeaseRecord(
            activity: activity, workflowID: workflowID, pid: me.pid, processStart: me.startTime, host: me.host,
            acquiredAt: context.clock.nowMilliseconds())
        if let holder = WorkspaceOccupancy.shared.claim(root, for: lease) {
            throw Self.busy(WorkspaceHolder(holder), root: root)
        }
        do {
            return try await context.commit { tx, _ in
                let current = try tx.workspaceLease()
                if let current, !Self.isOwn(current), ProcessIdentity.isAlive(current) {
                    throw Self.busy(WorkspaceHolder(current), root: root)
                }
                if unlessCancelled, let workflowID, try tx.workflow(id: workflowID)?.status == .cancelled {
                    WorkspaceOccupancy.shared.release(root)
                    return Taken(previous: nil, unfinished: [], cancelledBefore: true)
                }
                try tx.save(lease)
                return Taken(previous: current, unfinished: try tx.unfinishedRollbacks())
            }
        } catch {
            WorkspaceOccupancy.shared.release(root)
            throw error
        }
    }

    /// Gives the lease back, if this process still holds it.
    func release() async throws(EngineError) {
        defer { WorkspaceOccupancy.shared.release(context.layout.root) }
        try await context.commit { tx, _ in
            if let lease = try tx.workspaceLease(), Self.isOwn(lease) { try tx.deleteWorkspaceLease() }
        }
    }

    /// Settles what a dead holder left: finishes its unfinished rollbacks and removes the engine's temporary files
    /// from the tree. Called with the lease held.
    func recover(_ taken: Taken) async throws(EngineError) {
        for rollback in taken.unfinished {
            try await journal.finish(rollback)
        }
        if taken.previous != nil {
            try journal.removeTemporaryFiles()
        }
    }

    /// Runs `body` holding the lease (recovering first what a dead holder left), and gives it back however it ends.
    func holding<T: Sendable>(
        _ activity: Activity, workflowID: String?, _ body: () async throws(EngineError) -> T
    ) async throws(EngineError) -> T {
        let taken = try await acquire(activity, workflowID: workflowID)
        let result: T
        do {
            try await recover(taken)
            result = try await body()
        } catch {
            try? await release()
            throw error
        }
        try await release()
        return result
    }

    /// Finishes the rollbacks an earlier process recorded and did not complete, taking the lease for it; false when
    /// there were none. What a command that might not take the lease otherwise (a resume of a workflow that looks
    /// completed) calls first.
    func finishUnfinishedRollbacks() async throws(EngineError) -> Bool {
        let unfinished = try await context.read { tx in try tx.unfinishedRollbacks() }
        guard let first = unfinished.first else { return false }
        try await holding(.rollback, workflowID: first.workflowId) { () async throws(EngineError) in }
        return true
    }

    /// The live holder of the workspace's lease (this process included), if any.
    static func holder(in tx: any StoreTransaction) throws -> WorkspaceLeaseRecord? {
        try tx.workspaceLease().flatMap { ProcessIdentity.isAlive($0) ? $0 : nil }
    }

    /// The workflow a live process is running in the workspace now, if any.
    static func runningWorkflow(in tx: any StoreTransaction) throws -> String? {
        guard let holder = try holder(in: tx), holder.activity == .run else { return nil }
        return holder.workflowId
    }

    /// Refuses when the workspace has a live writer: what creating a workflow checks, so that a start in a busy
    /// workspace records nothing.
    static func refuseIfBusy(in tx: any StoreTransaction, root: String) throws {
        if let claimedHere = WorkspaceOccupancy.shared.holder(of: root) {
            throw busy(WorkspaceHolder(claimedHere), root: root)
        }
        if let current = try tx.workspaceLease(), !isOwn(current), ProcessIdentity.isAlive(current) {
            throw busy(WorkspaceHolder(current), root: root)
        }
    }

    private static func isOwn(_ lease: WorkspaceLeaseRecord) -> Bool {
        let me = ProcessIdentity.current
        return lease.pid == me.pid && lease.processStart == me.startTime && lease.host == me.host
    }

    static func busy(_ holder: WorkspaceHolder, root: String) -> EngineError {
        EngineError(
            .workspaceBusy,
            "the workspace \(root) is busy: process \(holder.pid) on \(holder.host) is \(holder.doing) (one process "
                + "changes a workspace at a time; wait for it, or 'orchestrator run cancel' a run)",
            holder: holder)
    }
}
