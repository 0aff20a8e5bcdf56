/// A resource URI of the MCP face, parsed: `orchestrator://workflow/{id}` and the resources under it.
enum MCPResourceURI: Sendable, Hashable {
    case workflow(String)
    case manifest(workflow: String, checkpoint: String)
    case artifact(workflow: String, checkpoint: String, path: String)
    case audit(String)
    case gates(String)
    case budget(String)

    static let prefix = "orchestrator://workflow/"

    /// The URI of a workflow's own resource; every other resource of the workflow starts with it and `/`.
    static func base(_ workflow: String) -> String { prefix + workflow }

    /// Reads a URI; nil for anything that is not one of the documented shapes.
    init?(_ uri: String) {
        guard uri.hasPrefix(Self.prefix) else { return nil }
        let parts = uri.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: false).map {
            Self.percentDecoded(String($0))
        }
        guard let id = parts.first, let id, !id.isEmpty else { return nil }
        switch parts.count {
        case 1:
            self = .workflow(id)
        case 2 where parts[1] == "audit": self = .audit(id)
        case 2 where parts[1] == "gates": self = .gates(id)
        case 2 where parts[1] == "budget": self = .budget(id)
        case 4 where parts[1] == "checkpoints" && parts[3] == "manifest":
            guard let name = parts[2] else { return nil }
            self = .manifest(workflow: id, checkpoint: name)
        case 5... where parts[1] == "checkpoints" && parts[3] == "artifacts":
            let path = parts[4...].compactMap { $0 }
            guard let name = parts[2], path.count == parts.count - 4, !path.contains(where: \.isEmpty) else {
                return nil
            }
            self = .artifact(workflow: id, checkpoint: name, path: path.joined(separator: "/"))
        default:
            return nil
        }
    }

    /// `%XX` escapes decoded; nil when an escape is malformed or the bytes are not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = utf8.next(), let low = utf8.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
