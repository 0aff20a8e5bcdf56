import Model
import StorePort

/// Records the contract tests write, each with every optional field set so a round trip shows them all.
enum ContractRecords {
    static func workflow(_ slug: String, _ number: Int, status: WorkflowStatus = .running) -> WorkflowRecord {
        var record = WorkflowRecord(
            id: "\(slug)-\(number)", project: "Project \(slug)", slug: slug, number: number,
            intakePath: "/w/intake.yaml", intakeText: "project: {name: x} # é 日本", workspace: "/w",
            phases: [.planning, .data, .qa], status: status, reason: "because", createdAt: Int64(number) * 10)
        record.updatedAt = Int64(number) * 10 + 5
        return record
    }

    /// A store holding workflows with these ids (slug `p`, numbered in order).
    static func seed(_ store: any WorkflowStore, _ ids: [String]) async throws {
        try await store.write { tx in
            for (index, id) in ids.enumerated() {
                var record = workflow("p", index + 1)
                record.id = id
                try tx.insert(record)
            }
        }
    }
}
