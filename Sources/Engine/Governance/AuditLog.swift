import Glibc
import Governance
import JSON
import Model
import StorePort

/// Seals and appends audit entries to a workflow's hash chain, inside the transaction of what they record.
///
/// Appending in the same transaction as the change it describes means an entry exists exactly when its change
/// does: a crash loses both or neither.
struct AuditLog: Sendable {
    /// Who acts: the user the process runs as (`ORCHESTRATOR_ACTOR` overrides it, e.g. a CI job's name).
    let actor: String
    let clock: any EngineClock

    /// Appends one entry linked to the workflow's last entry.
    func append(
        _ tx: any StoreTransaction, workflow: String, phase: Phase?, action: AuditAction, inputs: JSONValue,
        outcome: String
    ) throws {
        // Sealing reads only the previous entry's sequence and hash: its inputs are not parsed (a checkpoint
        // appends an entry per gate, each after the one before).
        let previous = try tx.lastAuditEntry(workflowID: workflow).map { record in
            AuditEntry(
                sequence: record.sequence, time: record.time, actor: record.actor, workflow: record.workflowId,
                phase: nil, action: record.action, inputs: .null, outcome: record.outcome,
                previousHash: record.previousHash, hash: record.hash)
        }
        let entry = AuditChain.seal(
            after: previous, time: UTCTimestamp.text(milliseconds: clock.nowMilliseconds()), actor: actor,
            workflow: workflow, phase: phase, action: action.rawValue, inputs: inputs, outcome: outcome)
        try tx.append(AuditRecord(sealed: entry))
    }

    /// The actor of this process: `ORCHESTRATOR_ACTOR`, else the login name of its user, else `uid:N`.
    static func processActor(environment: [String: String]) -> String {
        if let named = environment["ORCHESTRATOR_ACTOR"] ?? environment["USER"] ?? environment["LOGNAME"],
            !named.isEmpty
        {
            return named
        }
        let uid = getuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return "uid:\(uid)"
    }
}

extension AuditEntry {
    /// An entry as stored; `inputs` that are not JSON are kept as a string (verification then flags the entry).
    init(stored record: AuditRecord) {
        self.init(
            sequence: record.sequence, time: record.time, actor: record.actor, workflow: record.workflowId,
            phase: record.phase.flatMap(Phase.init(rawValue:)), action: record.action,
            inputs: (try? JSONValue(parsing: record.inputs)) ?? .string(record.inputs), outcome: record.outcome,
            previousHash: record.previousHash, hash: record.hash)
    }
}

extension AuditRecord {
    /// A sealed entry as the store keeps it, `inputs` in their canonical JSON text.
    init(sealed entry: AuditEntry) {
        self.init(
            workflowID: entry.workflow, sequence: entry.sequence, time: entry.time, actor: entry.actor,
            phase: entry.phase?.rawValue, action: entry.action, inputs: entry.inputs.jsonString(),
            outcome: entry.outcome, previousHash: entry.previousHash, hash: entry.hash)
    }
}

/// What an audit entry records.
enum AuditAction: String, Sendable {
    case policyLoaded = "policy.loaded"
    case gateEvaluated = "gate.evaluated"
    case waiverApplied = "waiver.applied"
    case waiverExpired = "waiver.expired"
    case checkpointSaved = "checkpoint.saved"
    case checkpointRolledBack = "checkpoint.rolled_back"
    case budgetChanged = "budget.changed"
    /// A resume adopted an edited intake; inputs carry both texts' SHA-256.
    case intakeChanged = "intake.changed"
}
