import Config
import Model

/// The policy layers of a run: the universal policy, organization policies, and client policies to choose from.
public struct PolicyStack: Sendable {
    public var universal: PolicySource
    /// Organization policies, applied in order (a later one over an earlier one).
    public var organizations: [PolicySource]
    /// Client policies; the one whose `client` matches the workflow's client is applied last.
    public var clients: [PolicySource]

    public static let misplacedCode = "policy-level-mismatch"

    public init(
        universal: PolicySource, organizations: [PolicySource] = [],
        clients: [PolicySource] = []
    ) {
        self.universal = universal
        self.organizations = organizations
        self.clients = clients
    }

    /// Merges the layers for `client` (no client layer when nil or unmatched) into the effective policy.
    public func effectivePolicy(client: String?) -> EffectivePolicy {
        var merger = Merger()
        merger.apply(universal, expected: .universal)
        for organization in organizations {
            merger.apply(organization, expected: .organization)
        }
        if let client {
            let chosen = clients.filter { $0.policy.client == client }
            for source in chosen {
                merger.apply(source, expected: .client)
            }
        }
        return EffectivePolicy(
            gates: merger.order.compactMap { merger.gates[$0] },
            waivers: merger.waivers,
            allowedCommands: merger.allowedCommands,
            layers: merger.layers,
            diagnostics: merger.diagnostics)
    }
}

/// Folds layers one at a time, refusing overrides that weaken a locked gate.
private struct Merger {
    var gates: [String: EffectiveGate] = [:]
    var order: [String] = []
    var waivers: [EffectiveWaiver] = []
    var allowedCommands: [String] = []
    var layers: [GateProvenance] = []
    var diagnostics: [PolicyDiagnostic] = []

    mutating func apply(_ source: PolicySource, expected: PolicyConfig.Level) {
        let policy = source.policy
        let layer = GateProvenance(
            level: policy.level, policyId: policy.id, file: source.file, range: source.root?.range ?? .zero)
        guard policy.level == expected else {
            let range = source.root?["policy"]?.entry("level").map { $0.key.range.union($0.value.range) } ?? .zero
            diagnostics.append(
                PolicyDiagnostic(
                    file: source.file,
                    diagnostic: Diagnostic(
                        range: range, code: PolicyStack.misplacedCode,
                        message:
                            "policy '\(policy.id)' has level \(policy.level.rawValue) but was given as "
                            + "\(expected.rawValue) policy; it is not applied")))
            return
        }
        layers.append(layer)
        for command in policy.allowedCommands ?? [] where !allowedCommands.contains(command) {
            allowedCommands.append(command)
        }
        for gate in policy.gates {
            merge(gate, from: source)
        }
        for waiver in policy.waivers ?? [] {
            let range =
                source.root?["policy"]?["waivers"]?.items?.first { $0["gate"]?.string == waiver.gate }?.range ?? .zero
            waivers.append(
                EffectiveWaiver(
                    waiver: waiver,
                    source: GateProvenance(
                        level: policy.level, policyId: policy.id, file: source.file, range: range)))
        }
    }

    private mutating func merge(_ gate: GateConfig, from source: PolicySource) {
        let provenance = GateProvenance(
            level: source.policy.level, policyId: source.policy.id, file: source.file,
            range: source.gateRange(gate.id))
        guard let existing = gates[gate.id] else {
            order.append(gate.id)
            gates[gate.id] = EffectiveGate(
                gate: gate, provenance: provenance, lockedBy: gate.locked == true ? provenance : nil)
            return
        }
        if let lock = existing.lockedBy {
            let violations = PolicyLockedGateCheck.violations(locked: existing.gate, override: gate)
            guard violations.isEmpty else {
                for violation in violations {
                    diagnostics.append(diagnostic(violation, gate: gate.id, lock: lock, in: source))
                }
                return
            }
        }
        var merged = gate
        let lock = existing.lockedBy ?? (gate.locked == true ? provenance : nil)
        if lock != nil { merged.locked = true }
        gates[gate.id] = EffectiveGate(
            gate: merged, provenance: provenance, overridden: existing.overridden + [existing.provenance],
            lockedBy: lock)
    }

    private func diagnostic(
        _ violation: PolicyLockedGateCheck.Violation, gate: String, lock: GateProvenance, in source: PolicySource
    ) -> PolicyDiagnostic {
        let verb = violation.code == PolicyLockedGateCheck.removedCode ? "replace" : "weaken"
        let message =
            "gate '\(gate)' is locked by the \(lock.level.rawValue) policy '\(lock.policyId)' (\(lock.file)); "
            + "this \(source.policy.level.rawValue) policy may make it stricter but not \(verb) it: "
            + "it \(violation.reason). The override is ignored."
        return PolicyDiagnostic(
            file: source.file,
            diagnostic: Diagnostic(
                range: source.gateRange(gate, key: violation.key), code: violation.code, message: message,
                related: [Diagnostic.Related(range: lock.range, message: "locked here", file: lock.file)]))
    }
}
