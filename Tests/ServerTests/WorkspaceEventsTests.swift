import Engine
import Foundation
import Model
import SQLiteStore
import Testing

@testable import Server

@Suite("Live events, one workspace at a time")
struct WorkspaceEventsTests {
    /// A workflow of these phases, each one writer agent writing one file (the offline provider).
    static func intake(phases: [String]) -> String {
        """
        project:
          name: "Same Name"
        requirements:
          - "Write one small file per phase"
        phases: [\(phases.joined(separator: ", "))]
        constraints:
          review_rounds: 0
        agents:
        \(phases.map { "  \($0): [writer]" }.joined(separator: "\n"))
        artifacts:
        \(phases.map { "  \($0): [\"out/\($0).txt\"]" }.joined(separator: "\n"))

        """
    }

    static let writer = """
        agent:
          id: writer
          description: Writes the one file its phase gives it.
          system_prompt: "Write the file your task names."
          tools: [file_system]
          max_steps: 4

        """

    static func workspace(phases: [String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/agents", withIntermediateDirectories: true)
        try intake(phases: phases).write(toFile: root + "/intake.yaml", atomically: true, encoding: .utf8)
        try writer.write(toFile: root + "/agents/writer.yaml", atomically: true, encoding: .utf8)
        return root
    }

    @Test(
        "a subscriber of one workspace hears nothing of another's run, though both workflows have the same id",
        .timeLimit(.minutes(2)))
    func workspacesApart() async throws {
        let every: [Phase] = [.planning, .architecture, .data, .development, .qa, .documentation]
        let one = try Self.workspace(phases: every.map(\.rawValue))
        let other = try Self.workspace(phases: every.filter { $0 != .data }.map(\.rawValue))
        defer {
            try? FileManager.default.removeItem(atPath: one)
            try? FileManager.default.removeItem(atPath: other)
        }
        let registry = EngineRegistry(
            defaultWorkspace: one,
            openStore: { layout, access in try await SQLiteWorkflowStore.open(path: layout.database, access: access) })
        let heard = await registry.subscribe(workspace: one, workflowID: nil)
        // The other workspace's run starts and ends while the subscriber listens.
        let otherReport = try await registry.engine(workspace: other, create: true).start(intakePath: "intake.yaml")
        let report = try await registry.engine(workspace: one, create: true).start(intakePath: "intake.yaml")
        #expect(report.id == otherReport.id)
        var phasesStarted: [Phase] = []
        for await event in heard {
            if event.kind == .phaseStarted, let phase = event.phase { phasesStarted.append(phase) }
            if event.kind == .completed { break }
        }
        // The other run has no data phase, and ends first: heard here, it would make this list five phases long.
        #expect(phasesStarted == every)
    }

    @Test(
        "one folder named through a symbolic link or with '..' is one workspace: one engine, one event hub",
        .timeLimit(.minutes(1)))
    func oneFolderManyNames() async throws {
        let root = try Self.workspace(phases: ["planning", "architecture", "development", "qa", "documentation"])
        let link = root + "-link"
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: link)
        }
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: root)
        let registry = EngineRegistry(
            defaultWorkspace: FileManager.default.temporaryDirectory.path,
            openStore: { layout, access in try await SQLiteWorkflowStore.open(path: layout.database, access: access) })
        let dotted = root + "/../" + (root as NSString).lastPathComponent
        #expect(await registry.resolve(link) == root)
        #expect(await registry.resolve(dotted) == root)
        let heard = await registry.subscribe(workspace: link, workflowID: nil)
        let direct = try await registry.engine(workspace: root, create: true)
        #expect(try await registry.engine(workspace: link, create: false) === direct)
        let report = try await direct.start(intakePath: "intake.yaml")
        #expect(report.status == .completed, "\(report.reason ?? "")")
        var kinds: [WorkflowEvent.Kind] = []
        for await event in heard {
            kinds.append(event.kind)
            if event.kind == .completed { break }
        }
        #expect(kinds.first == .workflowStarted)
    }
}
