import JSONRPC

/// A tool's `outputSchema`: the result schema its RPC method documents in `openrpc.json`, self-contained.
///
/// MCP clients validate structured content against the schema alone (the Python SDK resolves `$ref`s inside the
/// schema document only), and MCP wants an object schema at the root. So the result's own schema is inlined at
/// the root and every component it reaches is copied under `$defs`, its `$ref`s rewritten to point there.
enum MCPOutputSchema {
    static let componentPrefix = "#/components/schemas/"

    static func result(of method: String, in contract: JSONValue) throws(JSONRPCError) -> JSONValue {
        let components = contract["components"]?["schemas"]?.objectValue ?? [:]
        guard
            let entry = contract["methods"]?.arrayValue?.first(where: { $0["name"]?.stringValue == method }),
            var root = entry["result"]?["schema"]
        else { throw JSONRPCError.internalError("openrpc.json documents no result for \(method)") }
        // A result that is one component: that component is the root.
        if let name = root["$ref"]?.stringValue, name.hasPrefix(componentPrefix),
            let component = components[String(name.dropFirst(componentPrefix.count))]
        {
            root = component
        }
        var defs: [String: JSONValue] = [:]
        var pending = references(in: root)
        while let name = pending.popLast() {
            guard defs[name] == nil, let component = components[name] else { continue }
            defs[name] = rewritten(component)
            pending.append(contentsOf: references(in: component))
        }
        var schema = rewritten(root).objectValue ?? [:]
        if !defs.isEmpty { schema["$defs"] = .object(defs) }
        return .object(schema)
    }

    /// The component names a schema refers to.
    private static func references(in schema: JSONValue) -> [String] {
        switch schema {
        case .object(let members):
            var found: [String] = []
            if let ref = members["$ref"]?.stringValue, ref.hasPrefix(componentPrefix) {
                found.append(String(ref.dropFirst(componentPrefix.count)))
            }
            for (_, value) in members { found += references(in: value) }
            return found
        case .array(let elements):
            return elements.flatMap(references(in:))
        default:
            return []
        }
    }

    private static func rewritten(_ schema: JSONValue) -> JSONValue {
        switch schema {
        case .object(var members):
            for (key, value) in members { members[key] = rewritten(value) }
            if let ref = members["$ref"]?.stringValue, ref.hasPrefix(componentPrefix) {
                members["$ref"] = .string("#/$defs/" + ref.dropFirst(componentPrefix.count))
            }
            return .object(members)
        case .array(let elements):
            return .array(elements.map(rewritten))
        default:
            return schema
        }
    }
}
