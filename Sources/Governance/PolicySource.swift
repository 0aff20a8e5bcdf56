import Config
import Model

/// One policy layer as read from a file: the typed policy, where it came from, and its YAML tree for locations.
public struct PolicySource: Sendable {
    public var policy: PolicyConfig
    /// The file the policy was read from (`<builtin:universal>` for the built-in one).
    public var file: String
    /// The parsed document, used to point diagnostics and provenance at the right lines.
    public var root: YAMLNode?

    public init(policy: PolicyConfig, file: String, root: YAMLNode? = nil) {
        self.policy = policy
        self.file = file
        self.root = root
    }

    /// Validates and decodes policy bytes, keeping the YAML tree; any validation error stops the load.
    public static func parse(
        _ bytes: [UInt8], file: String, validator: ConfigValidator = ConfigValidator()
    ) throws(ConfigLoadError) -> PolicySource {
        let document = try ConfigLoader(validator: validator).load(
            PolicyConfig.Document.self, kind: .policy, bytes: bytes, path: file)
        // Parsed a second time because the loader hands back only the typed value; the tree gives locations.
        let root = YAMLParser.parse(bytes, limits: validator.limits).documents.first?.root
        return PolicySource(policy: document.policy, file: file, root: root)
    }

    /// Validates and decodes policy text.
    public static func parse(
        _ text: String, file: String, validator: ConfigValidator = ConfigValidator()
    ) throws(ConfigLoadError) -> PolicySource {
        try parse(Array(text.utf8), file: file, validator: validator)
    }

    /// The mapping that defines gate `id` in this file, if the tree is known.
    public func gateNode(_ id: String) -> YAMLNode? {
        root?["policy"]?["gates"]?.items?.first { $0["id"]?.string == id }
    }

    /// Where gate `id` is defined: its whole mapping, or the start of the file when unknown.
    public func gateRange(_ id: String) -> SourceRange {
        gateNode(id)?.range ?? .zero
    }

    /// Where `key` of gate `id` is written (key and value), else the gate's `id` line, else the gate.
    public func gateRange(_ id: String, key: String) -> SourceRange {
        guard let gate = gateNode(id) else { return .zero }
        if let entry = gate.entry(key) { return entry.key.range.union(entry.value.range) }
        if let entry = gate.entry("id") { return entry.key.range.union(entry.value.range) }
        return gate.range
    }
}
