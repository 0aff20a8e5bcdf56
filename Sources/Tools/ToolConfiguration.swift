import Model
import Processes

/// Limits and local settings the built-in tools run under.
public struct ToolConfiguration: Sendable, Hashable {
    /// The Python interpreter for `python_executor` and `duckdb` (a name looked up on PATH, or a path).
    public var pythonExecutable: String
    /// Seconds a Python run may take when the call does not say.
    public var pythonDefaultTimeoutSeconds: Double
    /// The most seconds a call may ask for.
    public var pythonMaxTimeoutSeconds: Double
    /// Address-space limit (RLIMIT_AS) of a Python run, in bytes; 0 means none.
    public var pythonMemoryLimitBytes: Int
    /// CPU-seconds limit (RLIMIT_CPU) of a Python run; nil means one second more than the run's timeout.
    public var pythonCPULimitSeconds: Int?
    /// Bytes kept of each of a process's stdout and stderr; the rest is dropped and marked truncated.
    public var outputCapBytes: Int
    /// Bytes of file content `file_system.read` returns at most.
    public var fileReadCapBytes: Int
    /// Largest file `file_system` reads whole (for line ranges and edits).
    public var fileScanMaxBytes: Int
    /// Entries `list` and `glob` return at most.
    public var listCap: Int
    /// Rows a `duckdb` query returns at most.
    public var queryRowCap: Int
    /// Memory DuckDB may use for one query, in DuckDB's notation (e.g. "1GB").
    public var duckDBMemoryLimit: String
    /// Linters agents may run, by name: the argv to which `--` and the paths to check are appended.
    /// Empty means the defaults found on PATH (`ruff`, `pyflakes`).
    public var linters: [String: [String]]
    /// The git executable (a name looked up on PATH, or a path).
    public var gitExecutable: String
    /// Whether agents' code (python_executor, duckdb, linters) must run in the sandbox, and with which bubblewrap.
    public var sandbox: SandboxSettings
    /// Tools whose processes keep the host's network inside the sandbox (by id: `python_executor`, `duckdb`,
    /// `linter`); every other one gets only a loopback of its own.
    public var networkTools: Set<String>

    /// Settings with the documented defaults, each overridable.
    public init(
        pythonExecutable: String = "python3",
        pythonDefaultTimeoutSeconds: Double = 30,
        pythonMaxTimeoutSeconds: Double = 300,
        pythonMemoryLimitBytes: Int = 2 << 30,
        pythonCPULimitSeconds: Int? = nil,
        outputCapBytes: Int = 64 << 10,
        fileReadCapBytes: Int = 256 << 10,
        fileScanMaxBytes: Int = 64 << 20,
        listCap: Int = 1000,
        queryRowCap: Int = 500,
        duckDBMemoryLimit: String = "1GB",
        linters: [String: [String]] = [:],
        gitExecutable: String = "git",
        sandbox: SandboxSettings = .current,
        networkTools: Set<String> = []
    ) {
        self.pythonExecutable = pythonExecutable
        self.pythonDefaultTimeoutSeconds = pythonDefaultTimeoutSeconds
        self.pythonMaxTimeoutSeconds = pythonMaxTimeoutSeconds
        self.pythonMemoryLimitBytes = pythonMemoryLimitBytes
        self.pythonCPULimitSeconds = pythonCPULimitSeconds
        self.outputCapBytes = outputCapBytes
        self.fileReadCapBytes = fileReadCapBytes
        self.fileScanMaxBytes = fileScanMaxBytes
        self.listCap = listCap
        self.queryRowCap = queryRowCap
        self.duckDBMemoryLimit = duckDBMemoryLimit
        self.linters = linters
        self.gitExecutable = gitExecutable
        self.sandbox = sandbox
        self.networkTools = networkTools
    }
}

extension ToolConfiguration {
    /// The variable listing the tools whose sandbox keeps the network, comma-separated.
    public static let networkVariable = "ORCHESTRATOR_SANDBOX_NETWORK"

    /// The defaults, with the Python interpreter taken from `ORCHESTRATOR_PYTHON` when set (a virtual
    /// environment that has `duckdb`, say), the sandbox off only if `ORCHESTRATOR_SANDBOX=off`, and the
    /// network kept for the tools `ORCHESTRATOR_SANDBOX_NETWORK` lists (`python_executor,linter`).
    public static func fromEnvironment(_ environment: [String: String]) -> ToolConfiguration {
        let network = (environment[networkVariable] ?? "").split(separator: ",").map { $0.trimmedWhitespace }
        var configuration = ToolConfiguration(
            sandbox: .fromEnvironment(environment), networkTools: Set(network.filter { !$0.isEmpty }))
        if let python = environment["ORCHESTRATOR_PYTHON"], !python.isEmpty {
            configuration.pythonExecutable = python
        }
        return configuration
    }
}
