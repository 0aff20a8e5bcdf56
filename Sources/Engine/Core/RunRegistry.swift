/// The workflows this process is running now, so a second run of one in the same process is refused.
actor RunRegistry {
    private var running: Set<String> = []

    /// Claims a workflow for this process; false when it already runs here.
    func claim(_ workflowID: String) -> Bool {
        running.insert(workflowID).inserted
    }

    func release(_ workflowID: String) {
        running.remove(workflowID)
    }

    func isRunning(_ workflowID: String) -> Bool {
        running.contains(workflowID)
    }
}
