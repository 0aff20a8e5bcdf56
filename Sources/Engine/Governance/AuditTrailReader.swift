import Config
import Governance
import JSON
import Model
import Snapshots
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads a workflow's audit trail and verifies its hash chain.
struct AuditTrailReader: Sendable {
    let context: EngineContext

    /// A workflow's audit trail; with `verify`, whether its hash chain is intact and where it first breaks.
    /// `head` is an entry anchored earlier (`SEQUENCE:HASH`): verification then also fails when it is gone or
    /// differs, which is how entries cut off the end of a chain are caught. The head signed after the workflow's
    /// latest change and kept outside the workspace (``AuditHeadKeeper``) is such an anchor too, checked whenever
    /// one is kept.
    func trail(workflowID: String?, verify: Bool, head: AuditHead?) async throws(EngineError) -> AuditTrailReport {
        let (workflow, records) = try await context.read { tx in
            let workflow = try context.workflow(workflowID, in: tx)
            return (workflow, try tx.auditEntries(workflowID: workflow.id))
        }
        let entries = records.map { record in
            AuditTrailReport.Entry(
                sequence: record.sequence, time: record.time, actor: record.actor, phase: record.phase,
                action: record.action, inputs: (try? JSONValue(parsing: record.inputs)) ?? .string(record.inputs),
                outcome: record.outcome, previousHash: record.previousHash, hash: record.hash)
        }
        guard verify || head != nil else {
            return AuditTrailReport(workflow: workflow.id, entries: entries, verification: nil)
        }
        let signed = context.auditHeads.map {
            SignedHeadCheck.load(from: $0, workspace: context.layout.root, workflow: workflow.id)
        }
        return AuditTrailReport(
            workflow: workflow.id, entries: entries, verification: Self.verify(records, head: head, signed: signed))
    }

    /// Checks the chain, then the chain against the anchored `head` and the `signed` head, in that order.
    static func verify(
        _ records: [AuditRecord], head: AuditHead? = nil, signed: SignedHeadCheck? = nil
    ) -> AuditTrailReport.Verification {
        var verification = verifyChain(records)
        if verification.intact, let head, let broken = cut(records, at: head, anchored: "anchored as \(head)") {
            verification.intact = false
            verification.firstBroken = broken
        }
        guard var signed else { return verification }
        if signed.status == .badSignature {
            verification.intact = false
        } else if let anchor = signed.head, [.matches, .unverifiable].contains(signed.status) {
            if let broken = cut(records, at: anchor, anchored: "signed \(signed.signedAtText)") {
                signed.status = .mismatch
                signed.message = broken.message
                if verification.intact {
                    verification.intact = false
                    verification.firstBroken = broken
                }
            }
        }
        verification.signedHead = signed
        return verification
    }

    /// The break when the anchored entry is not in the chain as anchored: gone (cut off, every entry deleted) or
    /// different (the chain rebuilt); nil when it is there.
    private static func cut(_ records: [AuditRecord], at head: AuditHead, anchored: String) -> AuditTrailReport.Broken?
    {
        if records.contains(where: { $0.sequence == head.sequence && $0.hash == head.hash }) { return nil }
        let present = records.contains { $0.sequence == head.sequence }
        let newest = records.last.map { "entry \($0.sequence)" } ?? "no entry at all"
        return AuditTrailReport.Broken(
            sequence: head.sequence, position: records.count + 1, problem: .truncated,
            message:
                "entry \(head.sequence) (\(anchored)) is "
                + (present
                    ? "not the entry anchored: the chain was rebuilt after it was anchored"
                    : "gone: the chain now ends at \(newest), so it was cut after it was anchored"))
    }

    /// Checks the chain on its own, treating stored inputs that are not their own canonical JSON as edited content
    /// (a re-serialisation would otherwise hide an edit to their spacing).
    private static func verifyChain(_ records: [AuditRecord]) -> AuditTrailReport.Verification {
        let entries = records.map(AuditEntry.init(stored:))
        // Inputs that are not their own canonical JSON, or a phase that is not a phase, cannot be hashed as they
        // were written: both are edits.
        let firstNonCanonical = records.indices.first { index in
            AuditRecord(sealed: entries[index]) != records[index]
        }
        var broken = AuditChain.verify(entries).firstBreak.map { ($0.index, $0.problem) }
        if let index = firstNonCanonical, index <= (broken?.0 ?? Int.max) {
            broken = (index, .contentChanged)
        }
        let newest = records.last.map { AuditHead(sequence: $0.sequence, hash: $0.hash) }
        guard let (index, problem) = broken else {
            return AuditTrailReport.Verification(intact: true, count: records.count, firstBroken: nil, head: newest)
        }
        let sequence = records[index].sequence
        let message: String
        switch problem {
        case .contentChanged: message = "entry \(sequence) was edited: its content no longer matches its hash"
        case .entryMissing: message = "entries before \(sequence) were deleted: the sequence skips to it"
        case .outOfOrder: message = "entry \(sequence) is out of order or repeated"
        case .linkBroken: message = "entry \(sequence) does not link to the entry before it (replaced or re-sealed)"
        case .truncated: message = "entry \(sequence) is missing"
        }
        return AuditTrailReport.Verification(
            intact: false, count: records.count,
            firstBroken: AuditTrailReport.Broken(
                sequence: sequence, position: index + 1, problem: problem, message: message),
            head: newest)
    }
}
