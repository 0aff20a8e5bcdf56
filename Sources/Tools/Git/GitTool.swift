import JSON
import Model
import Processes

/// Git in the working copy: status, diff, log, add, commit, branch, tag and init, through the `git` binary.
public struct GitTool: Tool {
    /// The tool's id.
    public static let id = "git"

    public let descriptor: ToolDescriptor
    let configuration: ToolConfiguration
    /// Variables set on top of the reduced environment (tests point HOME at an empty folder).
    let environment: [String: String]

    /// The tool under these limits and settings.
    public init(configuration: ToolConfiguration = .init()) {
        self.init(configuration: configuration, environment: [:])
    }

    init(configuration: ToolConfiguration, environment: [String: String]) {
        self.configuration = configuration
        self.environment = environment
        self.descriptor = Self.makeDescriptor()
    }

    /// Runs one git subcommand; a non-zero exit is reported in the result, a refused option is thrown.
    public func perform(
        _ action: String, arguments: JSONValue, context: ToolContext
    ) async throws(ToolError) -> ToolOutput {
        let arguments = ToolArguments(arguments, tool: Self.id, action: action)
        let options = try arguments.strings("options")
        try GitCommandPolicy.check(subcommand: action, options: options)
        let root = try WorkingCopyPath.resolve(".", in: context.workingCopy, for: .read)
        let repositoryExists = try GitRepositoryCheck.repositoryExists(in: root.root)
        guard repositoryExists || action == "init" else {
            throw .failed("the working copy is not a git repository (it has no .git folder); create one with git init")
        }
        var command = [action]
        var identityNeeded = false
        // A submodule's status or diff runs git again in its repository, whose configuration was not checked.
        let noSubmodules = "--ignore-submodules=all"
        switch action {
        case "status":
            command += [noSubmodules] + (options.isEmpty ? ["--short", "--branch"] : options)
        case "diff":
            command += ["--no-ext-diff", "--no-textconv", "--no-color", noSubmodules] + options
            command += try revisions(arguments)
        case "log":
            let count = try arguments.integer("max_count") ?? 20
            command += ["--no-ext-diff", "--no-textconv", "--no-color", noSubmodules, "--max-count=\(count)"]
            command += options + (try revisions(arguments))
        case "add":
            command += options
        case "commit":
            command += ["--message=\(try arguments.string("message"))"] + options
            identityNeeded = true
        case "branch":
            command += options + (try names(arguments, ["name", "start_point"]))
        case "tag":
            command += options
            if let message = try arguments.optionalString("message") {
                command += ["--annotate", "--message=\(message)"]
                identityNeeded = true
            }
            command += try names(arguments, ["name", "target"])
        case "init":
            guard !repositoryExists else { throw .notAllowed("the working copy is already a git repository") }
            command += ["--quiet"] + options
            if let branch = try arguments.optionalString("initial_branch") {
                try GitCommandPolicy.checkRevision(branch, field: "branch name")
                command.append("--initial-branch=\(branch)")
            }
        default:
            throw .unknownAction(tool: Self.id, action: action)
        }
        let paths = try arguments.strings("paths")
        if !paths.isEmpty {
            guard action != "init", action != "branch", action != "tag" else {
                throw arguments.invalid("/paths: git \(action) takes no paths")
            }
            command.append("--")
            for path in paths {
                command.append(try WorkingCopyPath.resolve(path, in: root.root, for: .read).display)
            }
        }
        var overrides = GitConfigurationOverrides.fixed
        if repositoryExists {
            let configured = try await configuredNames(root.root)
            overrides = try GitConfigurationOverrides.overrides(forConfigured: configured)
            if identityNeeded {
                if !configured.contains("user.name") { overrides.append(("user.name", "orchestrator")) }
                if !configured.contains("user.email") { overrides.append(("user.email", "orchestrator@localhost")) }
            }
        }
        let outcome = try await git(command, in: root.root, overrides: overrides)
        var result = outcome.resultMembers
        result["command"] = .string((["git"] + command).joined(separator: " "))
        return ToolOutput(result: .object(result))
    }

    private func revisions(_ arguments: ToolArguments) throws(ToolError) -> [String] {
        let revisions = try arguments.strings("revisions")
        for revision in revisions { try GitCommandPolicy.checkRevision(revision, field: "revision") }
        return revisions
    }

    private func names(_ arguments: ToolArguments, _ keys: [String]) throws(ToolError) -> [String] {
        var names: [String] = []
        for key in keys {
            guard let name = try arguments.optionalString(key) else { continue }
            try GitCommandPolicy.checkRevision(name, field: key.replacing("_", with: " "))
            names.append(name)
        }
        return names
    }

    /// The names of the keys the repository's configuration sets (its `.git/config`, includes not followed).
    private func configuredNames(_ workingCopy: String) async throws(ToolError) -> [String] {
        let listing = try await git(
            ["config", "--no-includes", "--list", "--name-only", "-z"], in: workingCopy, overrides: [])
        guard listing.exitCode == 0, !listing.stdoutTruncated else {
            throw .failed("the repository's configuration cannot be read: \(listing.stderr.trimmedWhitespace)")
        }
        return listing.stdout.split(separator: "\0").map { String($0.trimmedWhitespace) }
    }

    /// Runs git on the working copy's own `.git` folder and tree only (`GIT_DIR`, `GIT_WORK_TREE`; a `.git`
    /// file or `core.worktree` cannot move them), without system or global configuration, with the overrides
    /// that keep it from running programs, and without paging, prompting or looking above the working copy.
    func git(
        _ arguments: [String], in workingCopy: String, overrides: [(key: String, value: String)]
    ) async throws(ToolError) -> ProcessOutcome {
        let parent = workingCopy.lastIndex(of: "/").map { String(workingCopy[..<$0]) } ?? "/"
        var contained = [
            "GIT_DIR": workingCopy + "/.git", "GIT_WORK_TREE": workingCopy, "GIT_COMMON_DIR": workingCopy + "/.git",
            "GIT_CEILING_DIRECTORIES": parent.isEmpty ? "/" : parent, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_ATTR_NOSYSTEM": "1", "HOME": "/nonexistent",
            "XDG_CONFIG_HOME": "/nonexistent", "GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "true",
            "GIT_SEQUENCE_EDITOR": "true", "GIT_PAGER": "cat", "GIT_ASKPASS": "true",
        ]
        contained.merge(GitConfigurationOverrides.environment(overrides)) { _, override in override }
        let request = ProcessRequest(
            executable: configuration.gitExecutable,
            arguments: ["-C", workingCopy, "--no-pager", "--literal-pathspecs"] + arguments,
            environment: ProcessEnvironment.minimal(contained.merging(environment) { _, override in override }),
            workingDirectory: workingCopy, timeoutSeconds: 60, outputCap: configuration.outputCapBytes)
        return try await ToolProcess.run(
            request, notFoundHint: "git was not found on PATH; install git (e.g. `apt-get install git`)")
    }
}
