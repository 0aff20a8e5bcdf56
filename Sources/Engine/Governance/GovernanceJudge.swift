import Config
import Governance
import JSON
import Model
import Processes
import Snapshots
import StorePort
import Tools

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Judges a phase's work against the governance policy: loads the policy a run is held to, evaluates gates,
/// records their results with audit entries, and checks gates on demand.
struct GovernanceJudge: Sendable {
    let context: EngineContext

    /// The gate id under which required artifacts that match nothing are reported with the policy's gates.
    static let requiredArtifactsGate = "artifacts.required"

    /// Judges a phase's gates over the files of a snapshot; never throws: a gate that cannot run fails itself.
    ///
    /// `missing` are the phase's artifact patterns that matched nothing; they lead the results as a failure of
    /// ``requiredArtifactsGate`` so editors show them with the gates.
    func judgeGates(
        policy: EffectivePolicy, workflowID: String, phase: Phase, files: [String], changed: Set<String>?,
        artifactCount: Int, missing: [String]
    ) async -> [GateResult] {
        // The ledger is read only for a policy that judges spend: every checkpoint would read it all otherwise.
        let judgesSpend = policy.gates.contains { $0.gate.metric == .tokenSpend && $0.gate.phases.contains(phase) }
        let spend =
            judgesSpend
            ? (try? await context.read { tx in try Self.phaseSpend(workflowID: workflowID, phase: phase, in: tx) })
                ?? 0 : 0
        let gateContext = GateContext(
            workspace: context.layout.root, phase: phase, files: files, changedFiles: changed,
            artifactCount: artifactCount, tokenSpend: spend,
            date: Date(timeIntervalSince1970: Double(context.clock.nowMilliseconds()) / 1000),
            environment: gateEnvironment())
        var results = await PhaseCostMeter.measure(.gates) {
            await GateEvaluator(policy: policy).evaluate(gateContext)
        }
        if !missing.isEmpty {
            let required = GateResult(
                gateID: Self.requiredArtifactsGate, type: .metric, severity: .blocking, status: .failed,
                measured: Double(missing.count),
                message: "no file matches "
                    + missing.map { "'\($0)'" }.joined(
                        separator: ", "))
            results.insert(required, at: 0)
        }
        return results
    }

    /// The tools' short environment with a PATH of absolute directories outside the workspace only: an agent
    /// must not be able to plant the `ruff` a gate then runs.
    func gateEnvironment() -> [String: String] {
        let layout = context.layout
        var environment = ProcessEnvironment.minimal()
        environment["PATH"] = (environment["PATH"] ?? "").split(separator: ":").filter { entry in
            entry.hasPrefix("/") && entry != Substring(layout.root) && !entry.hasPrefix(layout.root + "/")
        }.joined(separator: ":")
        return environment
    }

    /// Tokens spent in a phase of a workflow, all attempts.
    static func phaseSpend(workflowID: String, phase: Phase, in tx: any StoreTransaction) throws -> Int64 {
        Int64(try tx.usage(workflowID: workflowID).filter { $0.phase == phase }.reduce(0) { $0 + $1.usage.total })
    }

    /// Paths of regular files in `manifest` whose bytes differ from `previous` (all of them without one).
    static func changedFiles(_ manifest: SnapshotManifest, since previous: SnapshotManifest?) -> Set<String>? {
        guard let previous else { return nil }
        return Set(
            manifest.entries.filter { $0.kind == .file && previous.entry(at: $0.path)?.hash != $0.hash }.map(\.path))
    }

    /// Records an evaluation and its results, and audits each gate, waiver use and expired waiver, in `tx`.
    func record(
        _ results: [GateResult], policy: EffectivePolicy, workflowID: String, phase: Phase, attempt: Int?,
        checkpointID: Int64?, trigger: GateEvaluationRecord.Trigger, in tx: any StoreTransaction
    ) throws -> GateEvaluationRecord {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var evaluation = GateEvaluationRecord(
            workflowID: workflowID, phase: phase, attempt: attempt, checkpointID: checkpointID,
            trigger: trigger, blocked: results.contains(where: \.blocks), evaluatedAt: context.clock.nowMilliseconds())
        let rows = try results.map { result in
            GateResultRecord(
                gate: result.gateID, status: result.status, severity: result.severity,
                detail: String(decoding: try encoder.encode(result), as: UTF8.self))
        }
        try tx.insert(&evaluation, results: rows)
        for result in results {
            try context.audit.append(
                tx, workflow: workflowID, phase: phase, action: .gateEvaluated,
                inputs: Self.auditInputs(of: result, policy: policy, trigger: trigger.rawValue),
                outcome: result.status.rawValue)
            if let waiver = result.waiver {
                try context.audit.append(
                    tx, workflow: workflowID, phase: phase, action: .waiverApplied,
                    inputs: Self.auditInputs(of: waiver), outcome: "applied")
            }
            for waiver in result.expiredWaivers {
                try context.audit.append(
                    tx, workflow: workflowID, phase: phase, action: .waiverExpired,
                    inputs: Self.auditInputs(of: waiver), outcome: "ignored")
            }
        }
        return evaluation
    }

    /// The sentence that names the blocking gates, for the phase's reason and the blocked event.
    static func blockingReason(_ results: [GateResult]) -> String? {
        let blocking = results.filter(\.blocks)
        guard !blocking.isEmpty else { return nil }
        return blocking.map { "gate \($0.gateID) \($0.status == .error ? "could not run" : "failed"): \($0.message)" }
            .joined(separator: "; ")
    }

    private static func auditInputs(of result: GateResult, policy: EffectivePolicy, trigger: String) -> JSONValue {
        var inputs: [String: JSONValue] = [
            "gate": .string(result.gateID), "type": .string(result.type.rawValue),
            "severity": .string(result.severity.rawValue), "trigger": .string(trigger),
            "message": .string(result.message), "findings": .integer(Int64(result.findings.count)),
            "waivedFindings": .integer(Int64(result.waivedFindings.count)),
        ]
        if let measured = result.measured { inputs["measured"] = .double(measured) }
        if let threshold = result.threshold { inputs["threshold"] = .double(threshold) }
        if let op = result.operator { inputs["operator"] = .string(op) }
        if let source = policy[result.gateID]?.provenance {
            inputs["policy"] = .string(source.policyId)
            inputs["level"] = .string(source.level.rawValue)
        }
        return .object(inputs)
    }

    static func auditInputs(of waiver: WaiverConfig) -> JSONValue {
        var inputs: [String: JSONValue] = [
            "gate": .string(waiver.gate), "reason": .string(waiver.reason), "approver": .string(waiver.approver),
            "expires": .string(waiver.expires),
        ]
        if let paths = waiver.scope?.paths { inputs["paths"] = .array(paths.map(JSONValue.string)) }
        if let phases = waiver.scope?.phases { inputs["phases"] = .array(phases.map { .string($0.rawValue) }) }
        return .object(inputs)
    }
}
