import Config
import Governance
import JSON
import Model

/// A place in a file, one-based as people and compilers print it.
public struct FileLocation: Sendable, Hashable, Codable {
    public var file: String
    public var line: Int
    public var column: Int

    init(file: String, range: SourceRange) {
        self.file = file
        self.line = range.start.line + 1
        self.column = range.start.scalarColumn + 1
    }
}

/// Where a gate or waiver of the effective policy came from.
public struct PolicyOrigin: Sendable, Hashable, Codable {
    public var policy: String
    public var level: PolicyConfig.Level
    public var location: FileLocation

    init(_ provenance: GateProvenance, layout: WorkspaceLayout) {
        policy = provenance.policyId
        level = provenance.level
        location = FileLocation(file: layout.relative(provenance.file), range: provenance.range)
    }
}

/// The effective policy for a client with the origin of every gate and waiver, and every policy error.
public struct PolicyValidationReport: Sendable, Hashable, Codable {
    /// One gate as it is enforced.
    public struct Gate: Sendable, Hashable, Codable {
        public var id: String
        public var type: GateConfig.Kind
        public var phases: [Phase]
        public var severity: GateConfig.Severity
        public var locked: Bool
        public var description: String?
        public var source: PolicyOrigin
        /// The lower-layer definitions this one replaced, lowest first.
        public var overrides: [PolicyOrigin]
        public var lockedBy: PolicyOrigin?

        enum CodingKeys: String, CodingKey {
            case id, type, phases, severity, locked, description, source, overrides
            case lockedBy
        }
    }

    /// One waiver and whether it is in force today.
    public struct Waiver: Sendable, Hashable, Codable {
        public var gate: String
        public var reason: String
        public var approver: String
        public var expires: String
        public var status: WaiverEvaluation.Status
        public var source: PolicyOrigin
    }

    /// A policy error or warning at its place.
    public struct Problem: Sendable, Hashable, Codable {
        public var location: FileLocation
        public var severity: String
        public var code: String
        public var message: String
    }

    public var client: String?
    public var layers: [PolicyOrigin]
    public var gates: [Gate]
    public var allowedCommands: [String]
    public var waivers: [Waiver]
    public var diagnostics: [Problem]
    /// False when any diagnostic is an error: runs refuse to start until it is fixed.
    public var valid: Bool

    enum CodingKeys: String, CodingKey {
        case client, layers, gates, waivers, diagnostics, valid
        case allowedCommands
    }
}

/// One on-demand or checkpoint evaluation of a phase's gates.
public struct GateCheckReport: Sendable, Hashable, Codable {
    public var workflow: String
    public var phase: Phase
    /// `check` (on demand) or `checkpoint`.
    public var trigger: String
    /// Whether a blocking gate failed.
    public var blocked: Bool
    public var results: [GateResult]
}

/// An audit chain's newest entry, written `SEQUENCE:HASH`: anchored elsewhere, it reveals entries cut off the end.
public struct AuditHead: Sendable, Hashable, Codable, CustomStringConvertible {
    public var sequence: Int64
    public var hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    /// Reads `SEQUENCE:HASH`; nil when it is not that shape.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let sequence = Int64(parts[0]), sequence > 0,
            parts[1].count == 64, parts[1].allSatisfy({ $0.isHexDigit })
        else { return nil }
        self.init(sequence: sequence, hash: parts[1].lowercased())
    }

    public var description: String { "\(sequence):\(hash)" }
}

/// A workflow's audit trail, and whether its hash chain is intact when verification was asked for.
public struct AuditTrailReport: Sendable, Hashable, Codable {
    /// One entry as stored, `inputs` parsed.
    public struct Entry: Sendable, Hashable, Codable {
        public var sequence: Int64
        public var time: String
        public var actor: String
        public var phase: String?
        public var action: String
        public var inputs: JSONValue
        public var outcome: String
        public var previousHash: String
        public var hash: String

        enum CodingKeys: String, CodingKey {
            case sequence, time, actor, phase, action, inputs, outcome, hash
            case previousHash
        }
    }

    /// The verdict of `--verify`.
    public struct Verification: Sendable, Hashable, Codable {
        public var intact: Bool
        /// Entries checked.
        public var count: Int
        /// The first entry that does not fit the chain.
        public var firstBroken: Broken?
        /// The newest entry: keep it elsewhere (a CI log, a ticket) and pass it back as `--head` to detect a cut.
        public var head: AuditHead?
        /// The head signed with the user's key and kept outside the workspace, checked against the chain; nil when
        /// this process keeps no signed heads.
        public var signedHead: SignedHeadCheck? = nil

        enum CodingKeys: String, CodingKey {
            case intact, count, head, signedHead
            case firstBroken
        }
    }

    /// Where and why the chain breaks.
    public struct Broken: Sendable, Hashable, Codable {
        public var sequence: Int64
        /// Position in the trail, from 1.
        public var position: Int
        public var problem: AuditVerificationResult.Problem
        public var message: String
    }

    public var workflow: String
    public var entries: [Entry]
    public var verification: Verification?
}
