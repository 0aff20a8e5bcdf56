import Model

/// A workflow row: what was asked (the intake, as last run) and where it stands.
public struct WorkflowRecord: Sendable, Hashable, Codable {
    /// `<project-slug>-<n>`, readable and unique in the workspace.
    public var id: String
    public var project: String
    public var slug: String
    public var number: Int
    public var intakePath: String
    /// The intake's text as the workflow last ran it: read at start, replaced when a resume adopts an edited intake
    /// (recorded as an `intake.changed` audit entry with both texts' SHA-256).
    public var intakeText: String
    public var workspace: String
    /// The planned phases, in order.
    public var phases: [Phase]
    public var status: WorkflowStatus
    public var reason: String?
    /// A cancel was asked for while a process ran the workflow: the run stops at its next safe point.
    public var cancelRequested: Bool
    public var createdAt: Int64
    public var updatedAt: Int64
    /// The W3C `traceparent` of the latest traced run's span (nil when no run was traced): a resume links to it.
    public var traceParent: String?

    public init(
        id: String, project: String, slug: String, number: Int, intakePath: String, intakeText: String,
        workspace: String, phases: [Phase], status: WorkflowStatus, reason: String? = nil, createdAt: Int64
    ) {
        self.id = id
        self.project = project
        self.slug = slug
        self.number = number
        self.intakePath = intakePath
        self.intakeText = intakeText
        self.workspace = workspace
        self.phases = phases
        self.status = status
        self.reason = reason
        self.cancelRequested = false
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}
