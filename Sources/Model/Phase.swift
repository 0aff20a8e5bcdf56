/// A phase of a delivery workflow, in canonical order.
public enum Phase: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case planning
    case architecture
    case data
    case development
    case qa
    case documentation

    /// The checkpoint number that ends this phase (CP1 planning … CP6 documentation).
    public var checkpointNumber: Int {
        switch self {
        case .planning: 1
        case .architecture: 2
        case .data: 3
        case .development: 4
        case .qa: 5
        case .documentation: 6
        }
    }

    /// Whether a workflow may leave this phase out.
    public var isOptional: Bool { self == .data }

    public static func < (lhs: Phase, rhs: Phase) -> Bool {
        lhs.checkpointNumber < rhs.checkpointNumber
    }
}
