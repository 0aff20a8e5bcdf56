import Synchronization

/// What each agent file parsed to, kept by path and bytes: an engine reads a workspace's agents at every agent run
/// (an edit applies from the next run on), and validating and decoding a file costs far more than reading it.
///
/// Keyed by the file's whole content, not its stamp, so an edit is never missed however soon it follows a read.
/// Whether a prompt file the agent names can be read is checked at every load, not remembered.
public final class AgentFileMemo: Sendable {
    /// One file's bytes and what they parsed to.
    struct Parsed: Sendable {
        let bytes: [UInt8]
        let agent: Result<AgentConfig, ConfigLoadError>
        let prompts: [PromptFiles.Prompt]
        let text: SourceText
    }

    /// Files remembered at most; past it the memo starts again (workspaces hold a handful of agent files).
    static let capacity = 256

    private let parsed = Mutex<[String: Parsed]>([:])

    public init() {}

    /// The file at `path` holding `bytes`, parsed: from the memo when it holds these bytes for the path.
    func parse(path: String, bytes: [UInt8], loader: ConfigLoader) -> Parsed {
        if let known = parsed.withLock({ $0[path] }), known.bytes == bytes { return known }
        let fresh = Self.parse(path: path, bytes: bytes, loader: loader)
        parsed.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[path] = fresh
        }
        return fresh
    }

    static func parse(path: String, bytes: [UInt8], loader: ConfigLoader) -> Parsed {
        do {
            let loaded = try loader.loadWithRoot(AgentConfig.Document.self, kind: .agent, bytes: bytes, path: path)
            return Parsed(
                bytes: bytes, agent: .success(loaded.value.agent), prompts: PromptFiles.prompts(in: loaded.root),
                text: loaded.text)
        } catch {
            return Parsed(bytes: bytes, agent: .failure(error), prompts: [], text: error.text)
        }
    }
}
