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

/// The effective policy of a workspace, with the origin of every gate and waiver: read from files, no store needed.
enum PolicyReporter {
    /// The effective policy of a workspace for a client (none: universal and organization layers only), with
    /// where each gate came from and every policy error. Without a client every client policy is still merged,
    /// one at a time, for its errors: a broken client policy must not pass unnoticed because no client was named.
    /// Reads files only; needs no store.
    static func report(workspace: String, client: String?, now: Date = Date()) -> PolicyValidationReport {
        let layout = WorkspaceLayout(root: workspace)
        let load = PolicyLoader.load(workspace: layout.root)
        var policy = load.effectivePolicy(client: client)
        if let warning = load.unmatchedClientWarning(client: client) { policy.diagnostics.append(warning) }
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
}
