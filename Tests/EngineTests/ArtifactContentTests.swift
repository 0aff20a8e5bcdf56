import Foundation
import Governance
import Model
import Testing

@testable import Engine

/// The checkpoint's artifact check reads what it matched: a required file must hold what its extension says.
@Suite("Artifact content at checkpoints")
struct ArtifactContentTests {
    static let everyPhaseNeedsDiagram = """
        artifacts:
          planning: ["docs/diagrams/*.svg"]
          architecture: ["docs/diagrams/*.svg"]
          development: ["docs/diagrams/*.svg"]
          qa: ["docs/diagrams/*.svg"]
          documentation: ["docs/diagrams/*.svg"]
        """

    @Test("an artifact whose content does not match its extension blocks the checkpoint, naming the file")
    func mismatchedContentBlocks() async throws {
        let fixture = try await EngineFixture.make(
            intake: EngineFixture.intake(extra: Self.everyPhaseNeedsDiagram), agents: IdleAgent())
        defer { fixture.remove() }
        try fixture.write("# Data flow\n\nobservations → store\n", to: "docs/diagrams/flow.svg")
        let blocked = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(blocked.status == .paused)
        #expect(
            blocked.reason?.contains("docs/diagrams/flow.svg is not SVG: its first element is not <svg>") == true,
            "\(blocked.reason ?? "")")
        try fixture.write(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>\n",
            to: "docs/diagrams/flow.svg")
        let resumed = try await fixture.engine.run(workflowID: nil, mode: .resume)
        #expect(resumed.status == .completed, "\(resumed.reason ?? "")")
    }

    @Test("the offline provider writes a real SVG for a required diagram, and the checkpoint passes")
    func offlineWritesSVG() async throws {
        let extra = """
            artifacts:
              architecture: ["docs/architecture.md", "docs/diagrams/*.svg"]
            """
        let fixture = try await EngineFixture.make(
            intake: EngineFixture.intake(extra: extra), agents: WorkspaceAgentRunner())
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .completed, "\(report.reason ?? "")")
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.root + "/docs/diagrams")
        let svg = try #require(names.first { $0.hasSuffix(".svg") })
        let text = try #require(fixture.file("docs/diagrams/\(svg)"))
        #expect(text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(ArtifactContentCheck.problem(path: svg, bytes: Array(text.utf8)) == nil)
    }
}
