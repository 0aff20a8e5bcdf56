import Config
import Model

/// The verdict of one gate at one checkpoint: status, what was measured, findings, and the waivers involved.
public struct GateResult: Sendable, Hashable, Codable {
    /// How a gate came out (shared with the store's records, hence defined in Model).
    public typealias Status = GateStatus

    /// The gate's id.
    public var gateID: String
    /// Metric, tool or validator.
    public var type: GateConfig.Kind
    /// The severity in force; a blocking gate that fails pauses the workflow.
    public var severity: GateConfig.Severity
    /// How the gate came out.
    public var status: Status
    /// The measured value: the metric, or the number of findings of a tool or validator gate; nil when none.
    public var measured: Double?
    /// The number `measured` is compared with, when the gate has one.
    public var threshold: Double?
    /// The comparison `measured OPERATOR threshold` that must hold (`>=`, `<=`, …), when the gate has one.
    public var `operator`: String?
    /// One line a person reads: what was measured, against what, and why the gate came out as it did.
    public var message: String
    /// Problems found that no active waiver covers.
    public var findings: [Finding]
    /// Problems found that an active waiver covers; reported, but they do not fail the gate.
    public var waivedFindings: [Finding]
    /// The first active waiver applied to this gate's failures, when one was (also when others remain unwaived).
    public var waiver: WaiverConfig?
    /// Waivers in scope of this gate that are past their expiry day or whose expiry is not a date; reported.
    public var expiredWaivers: [WaiverConfig]
    /// Files the gate did not read: binary, not UTF-8, or larger than the gate reads.
    public var skippedFiles: [String]
    /// Wall-clock time the evaluation took, in milliseconds.
    public var durationMs: Int

    /// Creates a result.
    public init(
        gateID: String, type: GateConfig.Kind, severity: GateConfig.Severity, status: Status,
        measured: Double? = nil, threshold: Double? = nil, operator: String? = nil, message: String,
        findings: [Finding] = [], waivedFindings: [Finding] = [], waiver: WaiverConfig? = nil,
        expiredWaivers: [WaiverConfig] = [], skippedFiles: [String] = [], durationMs: Int = 0
    ) {
        self.gateID = gateID
        self.type = type
        self.severity = severity
        self.status = status
        self.measured = measured
        self.threshold = threshold
        self.operator = `operator`
        self.message = message
        self.findings = findings
        self.waivedFindings = waivedFindings
        self.waiver = waiver
        self.expiredWaivers = expiredWaivers
        self.skippedFiles = skippedFiles
        self.durationMs = durationMs
    }

    /// Whether this result stops the workflow: a blocking gate that failed or could not be evaluated.
    public var blocks: Bool {
        severity == .blocking && (status == .failed || status == .error)
    }

    enum CodingKeys: String, CodingKey {
        case gateID = "gateId"
        case type, severity, status, measured, threshold, `operator`, message, findings, waiver, waivedFindings
        case expiredWaivers, skippedFiles, durationMs
    }

    /// The keys of results stored before protocol 2, which wrote them in snake_case.
    private enum StoredKeys: String, CodingKey {
        case gateID = "gate_id"
        case waivedFindings = "waived_findings"
        case expiredWaivers = "expired_waivers"
        case skippedFiles = "skipped_files"
        case durationMs = "duration_ms"
    }

    /// Reads a result in either key style: the store keeps results written before the switch to camelCase.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let stored = try decoder.container(keyedBy: StoredKeys.self)
        let camel = container.contains(.gateID)
        gateID =
            camel ? try container.decode(String.self, forKey: .gateID) : try stored.decode(String.self, forKey: .gateID)
        type = try container.decode(GateConfig.Kind.self, forKey: .type)
        severity = try container.decode(GateConfig.Severity.self, forKey: .severity)
        status = try container.decode(Status.self, forKey: .status)
        measured = try container.decodeIfPresent(Double.self, forKey: .measured)
        threshold = try container.decodeIfPresent(Double.self, forKey: .threshold)
        `operator` = try container.decodeIfPresent(String.self, forKey: .operator)
        message = try container.decode(String.self, forKey: .message)
        findings = try container.decodeIfPresent([Finding].self, forKey: .findings) ?? []
        waiver = try container.decodeIfPresent(WaiverConfig.self, forKey: .waiver)
        if camel {
            waivedFindings = try container.decodeIfPresent([Finding].self, forKey: .waivedFindings) ?? []
            expiredWaivers = try container.decodeIfPresent([WaiverConfig].self, forKey: .expiredWaivers) ?? []
            skippedFiles = try container.decodeIfPresent([String].self, forKey: .skippedFiles) ?? []
            durationMs = try container.decodeIfPresent(Int.self, forKey: .durationMs) ?? 0
        } else {
            waivedFindings = try stored.decodeIfPresent([Finding].self, forKey: .waivedFindings) ?? []
            expiredWaivers = try stored.decodeIfPresent([WaiverConfig].self, forKey: .expiredWaivers) ?? []
            skippedFiles = try stored.decodeIfPresent([String].self, forKey: .skippedFiles) ?? []
            durationMs = try stored.decodeIfPresent(Int.self, forKey: .durationMs) ?? 0
        }
    }
}
