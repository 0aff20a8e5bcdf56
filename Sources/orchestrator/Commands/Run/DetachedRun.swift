import Engine
import Glibc

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs a recorded workflow in a background process of its own session, its output in `.orchestrator/logs/`.
enum DetachedRun {
    static func launch(workflowID: String, workspace: WorkspaceLayout, extraArguments: [String] = []) throws {
        try FileManager.default.createDirectory(atPath: workspace.logs, withIntermediateDirectories: true)
        let log = workspace.logs + "/\(workflowID).log"
        let executable = try ownExecutable()
        let arguments =
            [
                executable, "run", "resume", "--detached-worker", "--workflow", workflowID, "--workspace",
                workspace.root,
            ] + extraArguments
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Its own session: closing the terminal or the caller's process group does not stop the run.
        posix_spawnattr_setflags(&attributes, posixSpawnSetSID)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw CommandFailure(
                message: "cannot start the background run: \(String(cString: strerror(status)))", exitCode: 2)
        }
    }

    /// glibc's POSIX_SPAWN_SETSID (since 2.26); the C macro is not visible to Swift.
    private static let posixSpawnSetSID: Int16 = 0x80

    private static func ownExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else {
            throw CommandFailure(
                message: "cannot find the orchestrator executable to run in the background", exitCode: 2)
        }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
