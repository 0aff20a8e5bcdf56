import Model

/// A node of a parsed YAML document, with the exact source range it came from.
///
/// Aliases are resolved into the node they name (sharing storage, so this costs nothing),
/// and merge keys (`<<`) are applied; the tree is what a consumer sees, with positions.
public struct YAMLNode: Sendable {
    /// What a node holds.
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLEntry])
    }

    public var content: Content
    /// Where the node is written (for an alias, where the anchored node is written).
    public var range: SourceRange
    /// The node's explicit tag (`!!str`), if any.
    public var tag: String?
    /// Number of nodes in the subtree with aliases expanded (saturating), to bound expansion.
    public var weight: Int

    public init(content: Content, range: SourceRange, tag: String? = nil, weight: Int = 1) {
        self.content = content
        self.range = range
        self.tag = tag
        self.weight = weight
    }

    /// The scalar, when this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The entries, when this node is a mapping.
    public var entries: [YAMLEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The items, when this node is a sequence.
    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entry with this scalar key, when this node is a mapping that has one.
    public func entry(_ key: String) -> YAMLEntry? {
        entries?.first { $0.key.scalar?.text == key }
    }

    /// The value under a scalar key, when this node is a mapping that has one.
    public subscript(key: String) -> YAMLNode? {
        entry(key)?.value
    }

    /// The scalar's text, when this node is a string-valued scalar.
    public var string: String? {
        guard let scalar, scalar.resolved == .string else { return nil }
        return scalar.text
    }

    /// The JSON type this node has under the YAML 1.2 core schema.
    public var jsonType: JSONType {
        switch content {
        case .mapping: .object
        case .sequence: .array
        case .scalar(let scalar):
            switch scalar.resolved {
            case .null: .null
            case .bool: .boolean
            case .int: .integer
            case .float: .number
            case .string: .string
            }
        }
    }
}

/// One `key: value` pair of a mapping.
public struct YAMLEntry: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A scalar's text, how it was written, and the type it resolves to.
public struct YAMLScalar: Sendable, Hashable {
    /// How a scalar was written in the source.
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// The type a scalar resolves to under the YAML 1.2 core schema.
    public enum Resolved: Sendable, Hashable {
        case null, bool, int, float, string
    }

    public var text: String
    public var style: Style
    public var resolved: Resolved

    public init(text: String, style: Style, resolved: Resolved) {
        self.text = text
        self.style = style
        self.resolved = resolved
    }

    /// The boolean value, for a scalar that resolves to one.
    public var boolValue: Bool? {
        guard resolved == .bool else { return nil }
        return text.lowercased() == "true"
    }

    /// The numeric value, for a scalar that resolves to an integer or float.
    public var numberValue: Double? {
        switch resolved {
        case .int: return intValue.map(Double.init)
        case .float: return YAMLCoreSchema.floatValue(text)
        default: return nil
        }
    }

    /// The integer value, for a scalar that resolves to one and fits in 64 bits.
    public var intValue: Int? {
        guard resolved == .int else { return nil }
        return YAMLCoreSchema.intValue(text)
    }
}

/// The value types of JSON Schema's `type` keyword.
public enum JSONType: String, Sendable, Hashable, CaseIterable {
    case object, array, string, integer, number, boolean, null
}
