import Processes

/// The safety line a process-running tool shows about the sandbox it runs in (`tools show`).
enum SandboxDescription {
    static func line(_ configuration: ToolConfiguration, tool: String) -> String {
        guard configuration.sandbox.mode == .required else {
            return "The sandbox is off (\(SandboxSettings.variable)=\(SandboxSettings.offValue)): the code runs as the "
                + "orchestrator's user, with its network, files and state within reach."
        }
        let network =
            configuration.networkTools.contains(tool)
            ? "the host's network (allowed for this tool)" : "no network (a loopback of its own)"
        return "Runs in the sandbox (bubblewrap): the working copy writable, the system read-only, \(network), "
            + ".orchestrator/ and governance/ absent, a private /tmp and /proc, and every process it starts killed "
            + "when it ends; without a usable bubblewrap it does not run."
    }
}
