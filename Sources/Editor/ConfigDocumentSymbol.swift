import Config
import Model

/// One entry of a document's outline: a key with its value, or a list item, with its children.
public struct ConfigDocumentSymbol: Sendable, Hashable {
    /// What the entry holds, so a client can pick an icon (LSP `SymbolKind`).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case object
        case array
        case string
        case number
        case boolean
        /// A key with no value yet.
        case key
    }

    /// The key, the `id`/`step`/`gate` of a list item, or `[index]`.
    public var name: String
    /// A short form of a scalar value, or what a collection is (`mapping`, `list · 3 items`).
    public var detail: String?
    /// What the entry holds.
    public var kind: Kind
    /// The whole entry: from the key (or the item's dash) to the end of its value.
    public var range: SourceRange
    /// The part to highlight: the key, or the item's naming value.
    public var selectionRange: SourceRange
    /// The entries of the value, or the items of the list.
    public var children: [ConfigDocumentSymbol]

    /// An outline entry.
    public init(
        name: String, detail: String?, kind: Kind, range: SourceRange, selectionRange: SourceRange,
        children: [ConfigDocumentSymbol] = []
    ) {
        self.name = name
        self.detail = detail
        self.kind = kind
        self.range = range
        self.selectionRange = selectionRange
        self.children = children
    }

    /// The item fields that name a list item in the outline, in order of preference.
    static let namingKeys = ["id", "step", "gate"]

    /// A scalar's text cut to one short line.
    static func shortened(_ text: String) -> String {
        let lines = text.split(separator: "\n")
        guard let first = lines.first else { return "" }
        let line = String(first.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        if line.count > 40 { return line.prefix(40) + "…" }
        return lines.count > 1 ? line + " …" : line
    }

    /// What a collection holding `count` items is called in `detail`.
    static func listDetail(count: Int) -> String {
        "list · \(count) item\(count == 1 ? "" : "s")"
    }
}
