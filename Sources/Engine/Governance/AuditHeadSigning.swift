import Governance
import StorePort

extension EngineContext {
    /// Signs the workflow's audit head (its newest entry) with the user's key and keeps it outside the workspace, so
    /// that `governance audit --verify` catches a chain later cut short, emptied or rebuilt (see
    /// ``AuditHeadKeeper``). Called after every change that appends to the chain.
    ///
    /// A head that cannot be signed or kept (no home folder, a full disk) costs that evidence, never the change it
    /// follows: verification then reports the older head it finds, or none.
    func signAuditHead(of workflowID: String) async {
        guard let keeper = auditHeads else { return }
        let newest = try? await read { tx in try tx.lastAuditEntry(workflowID: workflowID) }
        guard let newest = newest ?? nil else { return }
        _ = try? keeper.sign(
            workspace: layout.root, workflow: workflowID, sequence: newest.sequence, hash: newest.hash,
            at: clock.nowMilliseconds())
    }

    /// A workflow just created under an id whose head is still kept here belongs to an earlier life of the
    /// workspace: that head is set aside, so `--verify` checks the new chain from its own start (ADR 0009).
    func setAsideAuditHead(of workflowID: String) {
        _ = auditHeads?.setAside(workspace: layout.root, workflow: workflowID, at: clock.nowMilliseconds())
    }
}
