import Model

/// Where in the document a node is, for messages and for placing "missing key" diagnostics.
///
/// The dotted path is only read when a diagnostic is written, so a location keeps its parent's path and its
/// own last step and joins them on demand: walking a list of 10,000 items then builds no string per item.
struct SchemaLocation {
    /// The last step of a path.
    private enum Step {
        case key(String)
        case index(Int)
    }

    private var parentPath: String
    private var step: Step?
    /// The key whose value this node is, if any.
    var key: String?
    var keyRange: SourceRange?

    static let top = SchemaLocation(parentPath: "", step: nil, key: nil, keyRange: nil)

    private init(parentPath: String, step: Step?, key: String?, keyRange: SourceRange?) {
        self.parentPath = parentPath
        self.step = step
        self.key = key
        self.keyRange = keyRange
    }

    /// Dotted path for messages (`agent.subagents[1]`); empty at the top.
    var path: String {
        switch step {
        case nil: parentPath
        case .key(let name): parentPath.isEmpty ? name : "\(parentPath).\(name)"
        case .index(let index): "\(parentPath)[\(index)]"
        }
    }

    /// The same location with its path joined once, to make many children from.
    var joined: SchemaLocation {
        SchemaLocation(parentPath: path, step: nil, key: key, keyRange: keyRange)
    }

    func child(key name: String, range: SourceRange) -> SchemaLocation {
        SchemaLocation(parentPath: path, step: .key(name), key: name, keyRange: range)
    }

    func child(index: Int) -> SchemaLocation {
        // An item is named by its path (`agents.qa[0]`): its list's key would name the list.
        SchemaLocation(parentPath: path, step: .index(index), key: nil, keyRange: nil)
    }

    /// "in project", "at the top level".
    var phrase: String { path.isEmpty ? "at the top level" : "in \(path)" }

    /// How to name the value in a message: its key, or its path.
    var subject: String { key.map { "'\($0)'" } ?? (path.isEmpty ? "the document" : path) }
}
