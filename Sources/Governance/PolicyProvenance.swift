import Config
import Model

/// Where a gate's effective definition came from: the layer, the policy, the file and the lines.
public struct GateProvenance: Sendable, Hashable, Codable {
    public var level: PolicyConfig.Level
    public var policyId: String
    public var file: String
    /// The gate's mapping in `file` (`.zero` when the file's tree is unknown).
    public var range: SourceRange

    public init(level: PolicyConfig.Level, policyId: String, file: String, range: SourceRange) {
        self.level = level
        self.policyId = policyId
        self.file = file
        self.range = range
    }
}

/// A gate of the effective policy with the layer that defined it and the layers it replaced.
public struct EffectiveGate: Sendable, Hashable {
    public var gate: GateConfig
    public var provenance: GateProvenance
    /// Lower-layer definitions this one replaced, lowest first.
    public var overridden: [GateProvenance]
    /// The layer that locked the gate, when one did; the lock holds for every higher layer.
    public var lockedBy: GateProvenance?

    public init(
        gate: GateConfig, provenance: GateProvenance, overridden: [GateProvenance] = [],
        lockedBy: GateProvenance? = nil
    ) {
        self.gate = gate
        self.provenance = provenance
        self.overridden = overridden
        self.lockedBy = lockedBy
    }

    public var id: String { gate.id }
}

/// A waiver of the effective policy with the layer that granted it (range: the waiver's mapping).
public struct EffectiveWaiver: Sendable, Hashable {
    public var waiver: WaiverConfig
    public var source: GateProvenance

    public init(waiver: WaiverConfig, source: GateProvenance) {
        self.waiver = waiver
        self.source = source
    }
}

/// A diagnostic about a policy, with the file it points into.
public struct PolicyDiagnostic: Sendable, Hashable {
    public var file: String
    public var diagnostic: Diagnostic

    public init(file: String, diagnostic: Diagnostic) {
        self.file = file
        self.diagnostic = diagnostic
    }
}

/// The merged result of a policy stack: gates with provenance, waivers, allowed commands and errors.
public struct EffectivePolicy: Sendable {
    /// Effective gates: lower layers' order first, then gates a higher layer adds, in file order.
    public var gates: [EffectiveGate]
    /// Waivers of every layer, each with the layer that granted it.
    public var waivers: [EffectiveWaiver]
    /// Programs tool gates may run: the union of every layer's list.
    public var allowedCommands: [String]
    /// The layers merged, lowest first.
    public var layers: [GateProvenance]
    /// Refused overrides and misplaced policies; an effective policy with errors must not be enforced silently.
    public var diagnostics: [PolicyDiagnostic]

    /// The effective gate with this id.
    public subscript(gateId: String) -> EffectiveGate? {
        gates.first { $0.id == gateId }
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.diagnostic.severity == .error } }
}
