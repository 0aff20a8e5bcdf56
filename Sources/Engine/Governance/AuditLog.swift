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
        let previous = try tx.lastAuditEntry(workflowID: workflow).map(AuditEntry.init(stored:))
        let entry = AuditChain.seal(
            after: previous, time: AuditTime.text(milliseconds: clock.nowMilliseconds()), actor: actor,
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

/// RFC 3339 UTC timestamps with milliseconds, computed from the epoch without a calendar library.
enum AuditTime {
    static func text(milliseconds: Int64) -> String {
        let seconds = milliseconds.floorDivided(by: 1000)
        let millis = Int(milliseconds - seconds * 1000)
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        return "\(pad(Int(year), 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(millis, 3))Z"
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, so times before 1970 format correctly.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
