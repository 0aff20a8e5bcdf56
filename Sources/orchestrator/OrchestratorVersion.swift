/// The version this binary reports.
enum OrchestratorVersion {
    static let current = "0.1.0"
}
