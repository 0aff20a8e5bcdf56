#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A request rewritten to run inside its sandbox: bubblewrap starts, sets the sandbox up and runs the program.
struct SandboxedLaunch {
    /// The request that starts bubblewrap.
    let request: ProcessRequest
    /// Hidden folders that did not exist: bubblewrap creates them as mount points, and they go afterwards.
    let createdMountPoints: [String]

    init(_ original: ProcessRequest, in sandbox: Sandbox) async throws(ProcessError) {
        guard let executable = ProcessEnvironment.which(original.executable, path: original.environment["PATH"])
        else {
            throw ProcessError(.notFound, "'\(original.executable)' was not found on PATH")
        }
        if let reason = await SandboxProbe.shared.failure(bubblewrap: sandbox.settings.bubblewrap) {
            throw ProcessError(.sandboxUnavailable, Self.refusal(reason))
        }
        guard let bubblewrap = ProcessEnvironment.which(sandbox.settings.bubblewrap) else {
            throw ProcessError(.sandboxUnavailable, Self.refusal("bubblewrap is not installed"))
        }
        var created: [String] = []
        for folder in sandbox.hidden {
            var info = stat()
            if lstat(folder, &info) != 0 {
                created.append(folder)
            } else if info.st_mode & S_IFMT != S_IFDIR {
                throw ProcessError(
                    .failed,
                    "'\(folder)' is not a folder, so the sandbox cannot hide it; nothing was run (remove it, or "
                        + "make it the folder it should be)")
            }
        }
        var box = sandbox
        box.readOnly += InstallationRoots.roots(
            of: executable, excluding: sandbox.writable, home: original.environment["HOME"])
        // Resolved, because inside the sandbox only the bound folders exist, not the symlinks leading to them.
        let directory = RealPath.of(original.workingDirectory) ?? original.workingDirectory
        var environment = original.environment
        // The host's temporary folder and home are not in the sandbox; its own /tmp is private and empty.
        environment["TMPDIR"] = "/tmp"
        environment["HOME"] = "/tmp"
        request = ProcessRequest(
            executable: bubblewrap,
            arguments: BubblewrapArguments.arguments(
                for: box, executable: executable, arguments: original.arguments,
                directory: directory),
            environment: environment, workingDirectory: directory,
            timeoutSeconds: original.timeoutSeconds, outputCap: original.outputCap)
        createdMountPoints = created
    }

    /// Removes the mount points bubblewrap created (each still empty: the sandbox saw only its cover).
    func cleanUp() {
        for folder in createdMountPoints { rmdir(folder) }
    }

    /// Why a sandboxed tool did not run, and how to get it to run.
    static func refusal(_ reason: String) -> String {
        "not run: agents' code (python_executor, linters, tool gates) runs only inside the sandbox, and the sandbox "
            + "cannot be set up here: \(reason). Install bubblewrap (`apt-get install bubblewrap`, or `make deps`), "
            + "or set \(SandboxSettings.variable)=\(SandboxSettings.offValue) to run such code without it, with your "
            + "user's full access (network, files, the orchestrator's state)"
    }
}
