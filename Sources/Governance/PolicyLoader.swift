import Config
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The policies a workspace runs under: the built-in universal policy and `governance/*.yaml`, with load errors.
public struct PolicyLoad: Sendable {
    public var stack: PolicyStack
    /// Files that could not be read or validated, and workspace files claiming the built-in universal level.
    public var diagnostics: [PolicyDiagnostic]
    /// The policy files read: the shared folder's, then the workspace's, each in name order.
    public var files: [String]
    /// The workspace's policy folder (`<workspace>/governance`), where a diagnostic about no file in particular goes.
    public var folder: String = ""

    /// The effective policy for `client`, with the load errors ahead of the merge's own diagnostics.
    public func effectivePolicy(client: String?) -> EffectivePolicy {
        var policy = stack.effectivePolicy(client: client)
        policy.diagnostics = diagnostics + policy.diagnostics
        return policy
    }

    /// A warning when a client is named but no client policy is for it: only the lower layers then apply, which a
    /// misspelt client would otherwise hide behind "policy valid". None while a policy file failed to load: that
    /// file may be the client's, and its errors say more than a guess would.
    public func unmatchedClientWarning(client: String?) -> PolicyDiagnostic? {
        guard let client, !stack.clients.contains(where: { $0.policy.client == client }),
            !diagnostics.contains(where: { $0.diagnostic.severity == .error })
        else { return nil }
        let known = Set(stack.clients.compactMap(\.policy.client)).sorted()
        let found = known.isEmpty ? "there are no client policies" : "client policies: " + known.joined(separator: ", ")
        return PolicyDiagnostic(
            file: folder,
            diagnostic: Diagnostic(
                range: .zero, severity: .warning, code: PolicyLoader.noClientPolicyCode,
                message: "no client policy has `client: \(client)`, so only the universal and organization layers "
                    + "apply (\(found))"))
    }
}

/// Reads a workspace's policy files; the engine, the CLI and the language server share it.
public enum PolicyLoader {
    /// The workspace folder policy files live in.
    public static let folder = "governance"
    public static let unreadableCode = "policy-unreadable"
    public static let universalInWorkspaceCode = "policy-universal-in-workspace"
    public static let noClientPolicyCode = "no-client-policy"

    /// The firm-wide policy folder, read before the workspace's: `ORCHESTRATOR_POLICY_DIR` when set, else
    /// `$XDG_CONFIG_HOME/orchestrator/governance` (`~/.config/…` without XDG). The organization's defaults live
    /// there once per machine instead of being copied into every workspace.
    public static func sharedFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let folder = environment["ORCHESTRATOR_POLICY_DIR"], !folder.isEmpty { return folder }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return joined(joined(config, "orchestrator"), folder)
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return joined(joined(joined(home, ".config"), "orchestrator"), folder)
    }

    /// Loads the shared folder's `*.yaml|yml` (see ``sharedFolder(environment:)``), then
    /// `<workspace>/governance/`'s; `replacing` substitutes the bytes of a file by path (an editor's unsaved
    /// buffer). A file that fails validation is left out and reported.
    public static func load(
        workspace: String, replacing: [String: [UInt8]] = [:], validator: ConfigValidator = ConfigValidator(),
        shared: String? = sharedFolder()
    ) -> PolicyLoad {
        var diagnostics: [PolicyDiagnostic] = []
        let universal: PolicySource
        do {
            universal = try PolicyUniversal.load(validator: validator)
        } catch {
            // Only a broken build could get here; the tests parse the built-in text.
            universal = PolicySource(
                policy: PolicyConfig(id: "universal", level: .universal, gates: []), file: PolicyUniversal.file)
            diagnostics += error.diagnostics.map { PolicyDiagnostic(file: PolicyUniversal.file, diagnostic: $0) }
        }
        var organizations: [PolicySource] = []
        var clients: [PolicySource] = []
        let own = joined(workspace, folder)
        let files = (shared.map { $0 == own ? [] : policyFiles(in: $0) } ?? []) + policyFiles(in: own)
        for file in files {
            var bytes = replacing[file] ?? []
            do {
                if replacing[file] == nil {
                    bytes = try BoundedFileReader.contents(
                        of: file, limit: validator.limits.maxBytes, regularFileOnly: true)
                }
            } catch {
                diagnostics.append(
                    PolicyDiagnostic(
                        file: file,
                        diagnostic: Diagnostic(range: .zero, code: unreadableCode, message: error.description)))
                continue
            }
            let source: PolicySource
            do {
                source = try PolicySource.parse(bytes, file: file, validator: validator)
            } catch {
                diagnostics += error.diagnostics.map { PolicyDiagnostic(file: file, diagnostic: $0) }
                continue
            }
            switch source.policy.level {
            case .organization: organizations.append(source)
            case .client: clients.append(source)
            case .universal:
                let range =
                    source.root?["policy"]?.entry("level").map { $0.key.range.union($0.value.range) } ?? .zero
                diagnostics.append(
                    PolicyDiagnostic(
                        file: file,
                        diagnostic: Diagnostic(
                            range: range, code: universalInWorkspaceCode,
                            message:
                                "the universal policy is built in; a workspace policy is `organization` or `client` "
                                + "level. This file is not applied.")))
            }
        }
        return PolicyLoad(
            stack: PolicyStack(universal: universal, organizations: organizations, clients: clients),
            diagnostics: diagnostics, files: files, folder: own)
    }

    /// Every `*.yaml`/`*.yml` regular file directly in `path`, in name order; none when it is missing.
    static func policyFiles(in path: String) -> [String] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: path) else { return [] }
        return names.sorted().filter { !$0.hasPrefix(".") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) }
            .map { joined(path, $0) }
            .filter { file in
                var isDirectory = false
                return manager.fileExists(atPath: file, isDirectory: &isDirectory) && !isDirectory
            }
    }

    private static func joined(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }
}

extension EffectivePolicy {
    /// The built-in universal policy alone: what a workflow runs under before its workspace's policies are read.
    public static var universalOnly: EffectivePolicy {
        let universal =
            (try? PolicyUniversal.load())
            ?? PolicySource(
                policy: PolicyConfig(id: "universal", level: .universal, gates: []), file: PolicyUniversal.file)
        return PolicyStack(universal: universal).effectivePolicy(client: nil)
    }
}
