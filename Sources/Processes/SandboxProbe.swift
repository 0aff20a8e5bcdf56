/// Whether bubblewrap can set up the sandbox here, found out once per bubblewrap by running `true` in the
/// same sandbox the tools get: user namespaces may be off, bubblewrap missing or too old for a flag.
actor SandboxProbe {
    static let shared = SandboxProbe()

    private var verdicts: [String: String?] = [:]

    /// Nil when the sandbox works; otherwise why not, in a sentence.
    func failure(bubblewrap: String) async -> String? {
        if let known = verdicts[bubblewrap] { return known }
        let verdict = await Self.probe(bubblewrap)
        verdicts[bubblewrap] = verdict
        return verdict
    }

    private static func probe(_ bubblewrap: String) async -> String? {
        guard let path = ProcessEnvironment.which(bubblewrap) else {
            return "bubblewrap ('\(bubblewrap)') is not installed"
        }
        guard let truePath = ProcessEnvironment.which("true") else { return "'true' is not on PATH" }
        let sandbox = Sandbox(writable: [], settings: SandboxSettings(bubblewrap: bubblewrap))
        let request = ProcessRequest(
            executable: path,
            arguments: BubblewrapArguments.arguments(for: sandbox, executable: truePath, arguments: [], directory: "/"),
            environment: ProcessEnvironment.minimal(), workingDirectory: "/", timeoutSeconds: 20, outputCap: 4096)
        do {
            let outcome = try await ProcessRunner.runUnconfined(request)
            guard outcome.termination == .exited(0) else {
                let said = outcome.stderr.split(separator: "\n").last.map(String.init) ?? "no message"
                return "bubblewrap cannot create the sandbox's namespaces here (exit \(outcome.exitCode): \(said))"
            }
            return nil
        } catch {
            return "bubblewrap could not be run: \(error.message)"
        }
    }
}
