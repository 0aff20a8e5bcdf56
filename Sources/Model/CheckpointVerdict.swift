/// How a checkpoint came out, carried by its `checkpoint.saved` event so no consumer reads it from a message.
public struct CheckpointVerdict: Sendable, Hashable, Codable {
    /// The checkpoint's outcome.
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        /// Every required artifact exists and no blocking gate failed: the workflow goes on.
        case passed
        /// A required artifact is missing or a blocking gate failed: the workflow pauses until a fix or a waiver.
        case blocked
        /// The checkpoint could not be taken (the snapshot or its record failed): the workflow fails.
        case failed
    }

    public var outcome: Outcome
    /// Why it blocked or failed, for a person; nil when it passed.
    public var reason: String?
    /// The blocking gates that failed or could not run.
    public var blockingGates: [String]
    /// The warning gates that failed or could not run (they do not block).
    public var warningGates: [String]
    /// Required artifact patterns that matched no file.
    public var missingArtifacts: [String]
    /// The phase's review (planning and architecture: decisions; development: code), when it had one.
    public var review: ReviewOutcome?

    public init(
        outcome: Outcome, reason: String? = nil, blockingGates: [String] = [], warningGates: [String] = [],
        missingArtifacts: [String] = [], review: ReviewOutcome? = nil
    ) {
        self.outcome = outcome
        self.reason = reason
        self.blockingGates = blockingGates
        self.warningGates = warningGates
        self.missingArtifacts = missingArtifacts
        self.review = review
    }
}
