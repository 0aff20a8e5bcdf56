/// Where one attempt at a phase stands.
public enum PhaseStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending
    case running
    case passed
    case blocked
    case failed
    case cancelled
    /// Stopped because its process shut down or died; the phase runs again as a new attempt on resume.
    case interrupted
    case rolledBack = "rolled-back"

    /// Whether the attempt has ended and will not change again by itself.
    public var isSettled: Bool { self != .pending && self != .running }
}
