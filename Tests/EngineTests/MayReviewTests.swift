import Foundation
import Model
import Testing

@testable import Engine

/// Which phases may have a review: a phase nobody reviews skips listing the workspace for one.
@Suite("Phases that may be reviewed")
struct MayReviewTests {
    @Test("the built-in agents review planning, architecture and development; a workspace agent can add a phase")
    func reviewedPhases() throws {
        let workspace = FileManager.default.temporaryDirectory.path + "/may-review-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        try FileManager.default.createDirectory(atPath: workspace + "/agents", withIntermediateDirectories: true)
        let runner = WorkspaceAgentRunner(tools: .builtin())
        let reviewed = Phase.allCases.filter { runner.mayReview($0, workspace: workspace) }
        #expect(reviewed == [.planning, .architecture, .development])

        let auditor = """
            agent:
              id: auditor
              name: Auditor
              phases: []
              reviews: [qa]
              system_prompt: You audit the tests.

            """
        try Data(auditor.utf8).write(to: URL(fileURLWithPath: workspace + "/agents/auditor.yaml"))
        #expect(runner.mayReview(.qa, workspace: workspace))
        #expect(!runner.mayReview(.documentation, workspace: workspace))

        // An agent file that does not load: the review reports it, so the phase is not skipped.
        try Data("agent: [".utf8).write(to: URL(fileURLWithPath: workspace + "/agents/broken.yaml"))
        #expect(runner.mayReview(.documentation, workspace: workspace))
    }
}
