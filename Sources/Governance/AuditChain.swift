import JSON
import Model

/// An append-only, hash-linked audit trail: building entries and verifying a stored sequence.
public struct AuditChain: Sendable {
    /// The entries so far, oldest first.
    public private(set) var entries: [AuditEntry]

    public init(entries: [AuditEntry] = []) {
        self.entries = entries
    }

    /// Seals and appends an entry linked to the last one; returns it for the caller to persist.
    @discardableResult
    public mutating func append(
        time: String, actor: String, workflow: String, phase: Phase?, action: String, inputs: JSONValue,
        outcome: String
    ) -> AuditEntry {
        let entry = Self.seal(
            after: entries.last, time: time, actor: actor, workflow: workflow, phase: phase, action: action,
            inputs: inputs, outcome: outcome)
        entries.append(entry)
        return entry
    }

    /// The next entry after `previous` (the first of a chain when nil), with its sequence and hash filled in.
    public static func seal(
        after previous: AuditEntry?, time: String, actor: String, workflow: String, phase: Phase?, action: String,
        inputs: JSONValue, outcome: String
    ) -> AuditEntry {
        var entry = AuditEntry(
            sequence: (previous?.sequence ?? 0) + 1, time: time, actor: actor, workflow: workflow, phase: phase,
            action: action, inputs: inputs, outcome: outcome,
            previousHash: previous?.hash ?? AuditEntry.genesisHash, hash: "")
        entry.hash = entry.computedHash
        return entry
    }

    /// Checks a stored trail, oldest first; names the first entry where the chain breaks.
    public static func verify(_ entries: [AuditEntry], firstSequence: Int64 = 1) -> AuditVerificationResult {
        var expectedPrevious = AuditEntry.genesisHash
        var expectedSequence = firstSequence
        for (index, entry) in entries.enumerated() {
            let problem: AuditVerificationResult.Problem?
            if entry.computedHash != entry.hash {
                problem = .contentChanged
            } else if entry.sequence != expectedSequence {
                problem = entry.sequence > expectedSequence ? .entryMissing : .outOfOrder
            } else if entry.previousHash != expectedPrevious {
                problem = .linkBroken
            } else {
                problem = nil
            }
            if let problem {
                return .broken(
                    AuditVerificationResult.Break(
                        index: index, sequence: entry.sequence, expectedSequence: expectedSequence, problem: problem))
            }
            expectedPrevious = entry.hash
            expectedSequence += 1
        }
        return .intact(count: entries.count, lastHash: entries.last?.hash ?? AuditEntry.genesisHash)
    }

    /// Verifies this chain's own entries.
    public func verify() -> AuditVerificationResult { Self.verify(entries) }
}

/// Whether an audit trail is intact, or where it first breaks.
public enum AuditVerificationResult: Sendable, Hashable {
    /// Every entry's hash matches its content and links to the one before.
    case intact(count: Int, lastHash: String)
    /// The first entry that does not fit the chain.
    case broken(Break)

    /// Why an entry breaks the chain.
    public enum Problem: String, Sendable, Hashable, Codable {
        /// Its fields no longer match its own hash (edited content).
        case contentChanged = "content_changed"
        /// Its sequence skips ahead: one or more entries before it were deleted.
        case entryMissing = "entry_missing"
        /// Its sequence goes back or repeats: entries were reordered or duplicated.
        case outOfOrder = "out_of_order"
        /// Its previous hash is not the hash of the entry before it (an entry replaced, re-sealed).
        case linkBroken = "link_broken"
        /// A head anchored elsewhere (sequence and hash) is missing or differs: the newest entries were cut off
        /// or the chain was rebuilt.
        case truncated
    }

    /// The first broken entry: its position in the given list and its recorded sequence.
    public struct Break: Sendable, Hashable {
        public var index: Int
        public var sequence: Int64
        public var expectedSequence: Int64
        public var problem: Problem
    }

    public var isIntact: Bool {
        if case .intact = self { return true }
        return false
    }

    /// The first broken entry, when there is one.
    public var firstBreak: Break? {
        if case .broken(let found) = self { return found }
        return nil
    }
}
