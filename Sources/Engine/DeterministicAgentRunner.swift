import Config
import Glibc
import Model
import Snapshots

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The engine's own minimal agent: writes each assigned artifact from the intake, deterministically, calling no model.
///
/// It stands in until the agent runtime arrives, so that a workflow runs end to end on any machine; what it writes
/// says plainly that no model wrote it.
public struct DeterministicAgentRunner: AgentRunner {
    public init() {}

    public func run(
        _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> AgentOutcome {
        var steps = 0
        var written: [String] = []
        for pattern in assignment.assignedArtifacts {
            try Task.checkCancellation()
            guard let path = ArtifactNaming.path(for: pattern, stem: "main") else {
                return AgentOutcome(
                    status: .failed(reason: "cannot name a file that matches '\(pattern.text)'"),
                    summary: "", steps: steps)
            }
            await report(.step("drafting \(path) for '\(pattern.text)'"))
            await report(.toolCall(tool: "fs.write", detail: path))
            let body = Self.content(for: path, assignment: assignment)
            do {
                try Self.write(body, to: assignment.workspace + "/" + path)
            } catch {
                return AgentOutcome(
                    status: .failed(reason: "cannot write \(path): \(error)"), summary: "", steps: steps + 1)
            }
            await report(.artifactWritten(path: path))
            written.append(path)
            steps += 1
        }
        let summary =
            written.isEmpty
            ? "\(assignment.agentID) had nothing to write in \(assignment.phase.rawValue)"
            : "\(assignment.agentID) wrote \(written.joined(separator: ", "))"
        return AgentOutcome(status: .completed, summary: summary, steps: steps)
    }

    static func content(for path: String, assignment: AgentAssignment) -> String {
        let intake = assignment.intake
        let requirements = intake.requirements.map { "- \($0)" }.joined(separator: "\n")
        let notice = "Written by the offline agent '\(assignment.agentID)' (no model was called)."
        if path.hasSuffix(".py") {
            let lines = intake.requirements.map { "#   \($0)" }.joined(separator: "\n")
            return "# \(intake.project.name): \(assignment.phase.rawValue)\n# \(notice)\n#\n# Requirements:\n\(lines)\n"
        }
        if path.hasSuffix(".sql") {
            return "-- \(intake.project.name): \(assignment.phase.rawValue)\n-- \(notice)\n"
        }
        var text = "# \(intake.project.name): \(assignment.phase.rawValue)\n\n\(notice)\n\n## Requirements\n\n"
        text += requirements + "\n"
        if !assignment.handOff.isEmpty {
            text += "\n## Earlier phases\n\n" + assignment.handOff.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        return text
    }

    /// Writes through a temporary file and a rename, so a killed run never leaves half a file. No fsync: the
    /// checkpoint's snapshot, not the workspace, is what must outlive the process.
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let temporary = folder + "/.\(url.lastPathComponent).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteFailure(path: temporary, errno: errno) }
        let bytes = Array(text.utf8)
        var written = 0
        var writeError: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count > 0 {
                    written += count
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    writeError = errno
                    return
                }
            }
        }
        close(descriptor)
        guard written == bytes.count else {
            unlink(temporary)
            throw WriteFailure(path: path, errno: writeError)
        }
        guard rename(temporary, path) == 0 else {
            let renameError = errno
            unlink(temporary)
            throw WriteFailure(path: path, errno: renameError)
        }
    }

    /// A file the agent could not write, with the system's reason.
    struct WriteFailure: Error, CustomStringConvertible {
        var path: String
        var errno: Int32
        var description: String { "\(path): \(String(cString: strerror(errno)))" }
    }
}
