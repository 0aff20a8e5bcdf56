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
    /// differs, which is how entries cut off the end of a chain are caught.
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
        return AuditTrailReport(
            workflow: workflow.id, entries: entries,
            verification: verify || head != nil ? Self.verify(records, head: head) : nil)
    }

    /// Checks the chain, treating stored inputs that are not their own canonical JSON as edited content (a
    /// re-serialisation would otherwise hide an edit to their spacing).
    static func verify(_ records: [AuditRecord], head: AuditHead? = nil) -> AuditTrailReport.Verification {
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
        if broken == nil, let head, !records.contains(where: { $0.sequence == head.sequence && $0.hash == head.hash }) {
            return AuditTrailReport.Verification(
                intact: false, count: records.count,
                firstBroken: AuditTrailReport.Broken(
                    sequence: head.sequence, position: records.count + 1, problem: .truncated,
                    message:
                        "entry \(head.sequence) (anchored as \(head)) is "
                        + (records.contains { $0.sequence == head.sequence } ? "not the entry anchored" : "gone")
                        + ": the chain was cut or rebuilt after it was anchored"),
                head: newest)
        }
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
