import Engine
import Glibc

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs a recorded workflow in a background process of its own session, its output in `.orchestrator/logs/`.
///
/// The background process begins once the command that started it has exited (it waits for the end of a pipe
/// the command holds): what the command printed comes first, and a `run cancel` typed right after it has the
/// best chance to land before the first phase (it is honoured then, and at the next safe point otherwise).
enum DetachedRun {
    /// The descriptor on which the background process waits for its starter to exit.
    static let starterDescriptor: Int32 = 3

    static func launch(workflowID: String, workspace: WorkspaceLayout, extraArguments: [String] = []) throws {
        try FileManager.default.createDirectory(atPath: workspace.logs, withIntermediateDirectories: true)
        let log = workspace.logs + "/\(workflowID).log"
        let executable = try ownExecutable()
        let arguments =
            [
                executable, "run", "resume", "--detached-worker", "--workflow", workflowID, "--workspace",
                workspace.root,
            ] + extraArguments + LogSettings.current.childArguments
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
        var starter: [Int32] = [-1, -1]
        guard pipe(&starter) == 0 else {
            throw CommandFailure(
                message: "cannot start the background run: \(String(cString: strerror(errno)))", exitCode: 2)
        }
        // pipe2 is not visible without _GNU_SOURCE: close-on-exec is set after, before any other process starts.
        for end in starter { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        // The read end becomes the child's descriptor 3 (dup2 clears close-on-exec); the write end stays here,
        // closed only when this process exits.
        posix_spawn_file_actions_adddup2(&actions, starter[0], starterDescriptor)
        // Its own session: closing the terminal or the caller's process group does not stop the run.
        posix_spawnattr_setflags(&attributes, posixSpawnSetSID)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(starter[0])
        guard status == 0 else {
            throw CommandFailure(
                message: "cannot start the background run: \(String(cString: strerror(status)))", exitCode: 2)
        }
    }

    /// In the background process: waits until the command that started it has exited (end of file on the pipe).
    /// A blocking read, before anything else in the process runs, for the few milliseconds the starter needs.
    static func waitForStarter() {
        var byte: UInt8 = 0
        while true {
            let count = read(starterDescriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            break
        }
        close(starterDescriptor)
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
