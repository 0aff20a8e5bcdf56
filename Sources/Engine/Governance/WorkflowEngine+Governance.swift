import Config
import Governance
import JSON
import Model
import Snapshots
import Store

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension WorkflowEngine {
    /// The effective policy of a workspace for a client (none: universal and organization layers only), with
    /// where each gate came from and every policy error. Without a client every client policy is still merged,
    /// one at a time, for its errors: a broken client policy must not pass unnoticed because no client was named.
    /// Reads files only; needs no store.
    public static func policyReport(workspace: String, client: String?, now: Date = Date()) -> PolicyValidationReport {
        let layout = WorkspaceLayout(root: workspace)
        let load = PolicyLoader.load(workspace: layout.root)
        var policy = load.effectivePolicy(client: client)
        if client == nil {
            for other in Set(load.stack.clients.compactMap(\.policy.client)).sorted() {
                for diagnostic in load.stack.effectivePolicy(client: other).diagnostics
                where !policy.diagnostics.contains(diagnostic) {
                    policy.diagnostics.append(diagnostic)
                }
            }
        }
        let waivers = WaiverEvaluation(waivers: policy.waivers.map(\.waiver))
        let origin = { (provenance: GateProvenance) in PolicyOrigin(provenance, layout: layout) }
        return PolicyValidationReport(
            client: client,
            layers: policy.layers.map(origin),
            gates: policy.gates.map { gate in
                PolicyValidationReport.Gate(
                    id: gate.id, type: gate.gate.type, phases: gate.gate.phases, severity: gate.gate.effectiveSeverity,
                    locked: gate.lockedBy != nil, description: gate.gate.description, source: origin(gate.provenance),
                    overrides: gate.overridden.map(origin), lockedBy: gate.lockedBy.map(origin))
            },
            allowedCommands: policy.allowedCommands,
            waivers: policy.waivers.map { item in
                PolicyValidationReport.Waiver(
                    gate: item.waiver.gate, reason: item.waiver.reason, approver: item.waiver.approver,
                    expires: item.waiver.expires, status: waivers.expiryStatus(of: item.waiver, date: now),
                    source: origin(item.source))
            },
            diagnostics: policy.diagnostics.map { item in
                PolicyValidationReport.Problem(
                    location: FileLocation(file: layout.relative(item.file), range: item.diagnostic.range),
                    severity: item.diagnostic.severity.description, code: item.diagnostic.code,
                    message: item.diagnostic.message)
            },
            valid: !policy.hasErrors)
    }

    /// Evaluates a phase's gates on the workspace as it is now, records the evaluation (trigger `check`) and
    /// audits it; the workflow's client chooses the client policy.
    public func checkGates(phase: Phase, workflowID: String?) async throws(EngineError) -> GateCheckReport {
        let workflow = try read { tx in try self.workflow(workflowID, in: tx) }
        let plan = try self.plan(of: workflow)
        let policy = try effectivePolicy(client: plan.intake.project.client)
        let reference = try latestManifest(workflowID: workflow.id) ?? SnapshotManifest(entries: [], createdAt: 0)
        let changes: WorkspaceChanges
        do {
            changes = try snapshotter.changes(since: reference)
        } catch {
            throw Self.engineError(error)
        }
        let removed = Set(changes.removed)
        var files = Set(reference.entries.filter { $0.kind == .file && !removed.contains($0.path) }.map(\.path))
        files.formUnion(changes.added)
        let sorted = files.sorted()
        let patterns = plan.plan(for: phase)?.artifacts ?? []
        let missing = patterns.filter { pattern in !sorted.contains { pattern.matches($0) } }.map(\.text)
        let artifacts = sorted.filter { path in patterns.contains { $0.matches(path) } }.count
        let results = await judgeGates(
            policy: policy, workflowID: workflow.id, phase: phase, files: sorted,
            changed: reference.entries.isEmpty ? nil : Set(changes.added + changes.modified),
            artifactCount: artifacts, missing: missing)
        let evaluation = try await commit { tx, _ in
            try self.record(
                results, policy: policy, workflowID: workflow.id, phase: phase, attempt: nil, checkpointID: nil,
                trigger: "check", in: tx)
        }
        return GateCheckReport(
            workflow: workflow.id, phase: phase, trigger: evaluation.trigger, blocked: evaluation.blocked,
            results: results)
    }

    /// A workflow's audit trail; with `verify`, whether its hash chain is intact and where it first breaks.
    /// `head` is an entry anchored earlier (`SEQUENCE:HASH`): verification then also fails when it is gone or
    /// differs, which is how entries cut off the end of a chain are caught.
    public func auditTrail(
        workflowID: String?, verify: Bool, head: AuditHead? = nil
    ) throws(EngineError) -> AuditTrailReport {
        let (workflow, records) = try read { tx in
            let workflow = try self.workflow(workflowID, in: tx)
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
