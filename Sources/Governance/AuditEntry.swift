import Crypto
import JSON
import Model

/// One append-only audit record; `hash` seals its fields and the previous entry's hash.
///
/// Canonical encoding (what `hash` is the SHA-256 of): the JSON object
/// `{"action","actor","inputs","outcome","phase","previous_hash","sequence","time","workflow"}`
/// written by `JSONValue.jsonString()` — compact, keys sorted, strings escaped only where JSON
/// requires — as UTF-8 bytes. `phase` is `null` when absent; `sequence` is an integer; `time` is
/// the caller's timestamp text (RFC 3339 UTC by convention) so no clock formatting can drift;
/// `previous_hash` is 64 lowercase hex digits (all zeros for the first entry). `hash` itself is
/// lowercase hex.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var sequence: Int64
    public var time: String
    public var actor: String
    public var workflow: String
    public var phase: Phase?
    public var action: String
    public var inputs: JSONValue
    public var outcome: String
    public var previousHash: String
    public var hash: String

    /// The previous hash of the first entry of a chain.
    public static let genesisHash = String(repeating: "0", count: 64)

    public init(
        sequence: Int64, time: String, actor: String, workflow: String, phase: Phase?, action: String,
        inputs: JSONValue, outcome: String, previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.time = time
        self.actor = actor
        self.workflow = workflow
        self.phase = phase
        self.action = action
        self.inputs = inputs
        self.outcome = outcome
        self.previousHash = previousHash
        self.hash = hash
    }

    enum CodingKeys: String, CodingKey {
        case sequence, time, actor, workflow, phase, action, inputs, outcome, hash
        case previousHash
    }

    /// The fields covered by `hash`, as the JSON object described above.
    public var canonicalValue: JSONValue {
        .object([
            "sequence": .integer(sequence),
            "time": .string(time),
            "actor": .string(actor),
            "workflow": .string(workflow),
            "phase": phase.map { .string($0.rawValue) } ?? .null,
            "action": .string(action),
            "inputs": inputs,
            "outcome": .string(outcome),
            "previous_hash": .string(previousHash),
        ])
    }

    /// The canonical bytes that are hashed.
    public var canonicalBytes: [UInt8] { Array(canonicalValue.jsonString().utf8) }

    /// The SHA-256 of the canonical bytes, in lowercase hex.
    public var computedHash: String {
        SHA256.hash(data: canonicalBytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
