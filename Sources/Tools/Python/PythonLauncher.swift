import Processes

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts Python under the configured limits, for `python_executor` and `duckdb`.
struct PythonLauncher: Sendable {
    /// What to run: inline source (written to a private temporary file, since argv has a per-string size
    /// limit) or a script in the working copy.
    enum Script: Sendable {
        case code(String)
        case path(WorkingCopyPath)
    }

    var configuration: ToolConfiguration
    /// The tool the run is for; it decides whether the sandbox keeps the network.
    var tool: String

    func run(
        _ script: Script, arguments: [String] = [], workingCopy: String, timeoutSeconds: Double,
        memoryLimitBytes: Int
    ) async throws(ToolError) -> ProcessOutcome {
        let cpuSeconds = configuration.pythonCPULimitSeconds ?? Int(timeoutSeconds.rounded(.up)) + 1
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let mode: String
        let file: String
        switch script {
        case .code(let source):
            mode = "code"
            file = try scratch.write("main.py", source)
        case .path(let path):
            mode = "path"
            file = path.relative
        }
        let request = ProcessRequest(
            executable: configuration.pythonExecutable,
            arguments: ["-c", PythonBootstrap.source, String(memoryLimitBytes), String(cpuSeconds), mode, file]
                + arguments,
            environment: ProcessEnvironment.minimal([
                "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8",
                "MPLBACKEND": "Agg",
            ]),
            workingDirectory: workingCopy, timeoutSeconds: timeoutSeconds, outputCap: configuration.outputCapBytes,
            sandbox: .workingCopy(
                workingCopy, scratch: [scratch.path], network: configuration.networkTools.contains(tool),
                settings: configuration.sandbox))
        let outcome = try await ToolProcess.run(
            request,
            notFoundHint: "the Python interpreter '\(configuration.pythonExecutable)' was not found; install Python 3 "
                + "(`make deps`) or set the tools' python executable")
        if outcome.termination == .exited(PythonBootstrap.memoryExitStatus),
            outcome.stderr.contains(PythonBootstrap.memoryMarker)
        {
            let stderr = outcome.stderr.replacing("\n" + PythonBootstrap.memoryMarker + "\n", with: "")
            throw .resourceLimit(
                "Python ran out of memory (MemoryError) under its limit of \(Self.mebibytes(memoryLimitBytes)) MiB; "
                    + "process the data in smaller pieces. stderr ends with: \(String(stderr.suffix(800)))")
        }
        if outcome.termination == .signalled(SIGXCPU) || outcome.termination == .signalled(SIGKILL) {
            throw .resourceLimit(
                outcome.termination == .signalled(SIGXCPU)
                    ? "Python used its \(cpuSeconds) s of CPU time"
                    : "Python was killed (SIGKILL), most likely for using too much memory")
        }
        return outcome
    }

    static func mebibytes(_ bytes: Int) -> Int { bytes >> 20 }
}

/// A private temporary directory (mode 0700) for the files a run needs; removed with everything in it.
struct ScratchDirectory: Sendable {
    let path: String

    init() throws(ToolError) {
        let variable = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        // Symlink-free, so the sandbox binds it at the path the script is given.
        let base = RealPath.of(variable) ?? variable
        var template = Array("\(base)/orchestrator-tool-XXXXXX".utf8CString)
        guard
            let created = template.withUnsafeMutableBufferPointer({ buffer in
                buffer.baseAddress.flatMap { mkdtemp($0) }
            })
        else {
            throw .failed("cannot create a temporary directory in \(base): \(FileIO.errorText(errno))")
        }
        path = String(cString: created)
    }

    /// Writes a file and returns its absolute path.
    func write(_ name: String, _ text: String) throws(ToolError) -> String {
        let file = path + "/" + name
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .failed("cannot write \(file): \(FileIO.errorText(errno))") }
        defer { close(descriptor) }
        if let code = FileIO.writeAll(descriptor, Array(text.utf8)[...]) {
            throw .failed("cannot write \(file): \(FileIO.errorText(code))")
        }
        return file
    }

    func remove() {
        for name in (try? FileIO.entries(path)) ?? [] {
            unlink(path + "/" + name)
        }
        rmdir(path)
    }
}
