import JSON

/// Runs Python code or a script from the working copy under time, CPU and memory limits.
public struct PythonExecutorTool: Tool {
    /// The tool's id.
    public static let id = "python_executor"

    public let descriptor: ToolDescriptor
    let configuration: ToolConfiguration

    /// The tool under these limits and settings.
    public init(configuration: ToolConfiguration = .init()) {
        self.configuration = configuration
        self.descriptor = Self.makeDescriptor(configuration)
    }

    /// Runs `run`; a non-zero exit is a normal result, while a timeout or a resource limit is thrown.
    public func perform(
        _ action: String, arguments: JSONValue, context: ToolContext
    ) async throws(ToolError) -> ToolOutput {
        guard action == "run" else { throw .unknownAction(tool: Self.id, action: action) }
        let arguments = ToolArguments(arguments, tool: Self.id, action: action)
        let code = try arguments.optionalString("code")
        let pathText = try arguments.optionalString("path")
        let script: PythonLauncher.Script
        switch (code, pathText) {
        case (let code?, nil):
            script = .code(code)
        case (nil, let pathText?):
            let path = try WorkingCopyPath.resolve(pathText, in: context.workingCopy, for: .read)
            guard FileIO.info(path.absolute) != nil else { throw .failed("'\(path.display)' does not exist") }
            script = .path(path)
        default:
            throw arguments.invalid("/: give exactly one of 'code' and 'path'")
        }
        let timeout = min(
            try arguments.number("timeout_seconds") ?? configuration.pythonDefaultTimeoutSeconds,
            configuration.pythonMaxTimeoutSeconds)
        let outcome = try await PythonLauncher(configuration: configuration, tool: Self.id).run(
            script, arguments: try arguments.strings("args"), workingCopy: context.workingCopy,
            timeoutSeconds: timeout, memoryLimitBytes: configuration.pythonMemoryLimitBytes)
        return ToolOutput(result: .object(outcome.resultMembers))
    }

    private static func makeDescriptor(_ configuration: ToolConfiguration) -> ToolDescriptor {
        typealias S = SchemaLiteral
        let memory = PythonLauncher.mebibytes(configuration.pythonMemoryLimitBytes)
        return ToolDescriptor(
            id: id,
            description: "Run Python 3 code in your working copy (the current directory) and get its output.",
            actions: [
                ToolActionDescriptor(
                    name: "run",
                    description:
                        "Run Python: either 'code' (a program) or 'path' (a .py file in the working copy). Print "
                        + "what you want to see; a non-zero exit code is reported, not an error.",
                    parameters: S.object([
                        "code": S.string("Python source to run as __main__.", minLength: 1),
                        "path": S.string("A script in the working copy to run instead of 'code'.", minLength: 1),
                        "args": S.array(S.string("An argument."), "Arguments for sys.argv[1:]."),
                        "timeout_seconds": S.number(
                            "Wall-clock limit (default \(Int(configuration.pythonDefaultTimeoutSeconds)) s).",
                            minimum: 1, maximum: configuration.pythonMaxTimeoutSeconds),
                    ]),
                    result: S.processResult,
                    timeoutSeconds: configuration.pythonMaxTimeoutSeconds + 15)
            ],
            safety: [
                "Runs with the working copy as current directory.", SandboxDescription.line(configuration, tool: id),
                "Wall-clock timeout (default \(Int(configuration.pythonDefaultTimeoutSeconds)) s, at most "
                    + "\(Int(configuration.pythonMaxTimeoutSeconds)) s): the whole process group is killed.",
                "Memory (RLIMIT_AS) \(memory) MiB and CPU time (RLIMIT_CPU) limits; exceeding them is reported "
                    + "as a resource limit.",
                "The environment is reduced to PATH, HOME, locale and Python variables: no API keys.",
                "stdout and stderr are each cut at \(configuration.outputCapBytes) bytes (marked truncated).",
            ])
    }
}
