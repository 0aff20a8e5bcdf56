import Config
import Model

/// One completion proposal: what to show, and the text that replaces the partly typed word.
public struct ConfigCompletionItem: Sendable, Hashable {
    /// What is proposed, so a client can pick an icon (LSP `CompletionItemKind`).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A mapping key (LSP `Property`).
        case key
        /// A value from the schema: an enum member or a boolean (LSP `EnumMember`/`Value`).
        case value
        /// The id of a built-in agent (LSP `Reference`).
        case agent
        /// The id of a built-in skill (LSP `Module`).
        case skill
    }

    /// The word shown in the list (a key or a value).
    public var label: String
    /// What is proposed.
    public var kind: Kind
    /// A short note shown next to the label: the value's type, `required`, `default`.
    public var detail: String?
    /// Markdown documentation: the schema's description of the key or value.
    public var documentation: String?
    /// The text that replaces `range` (may span lines for a key whose value is a mapping).
    public var insertText: String
    /// The partly typed word the insertion replaces (empty at the cursor when nothing is typed).
    public var range: SourceRange
    /// A key that keeps the schema's order when a client sorts the list.
    public var sortText: String

    /// A proposal replacing `range` with `insertText`.
    public init(
        label: String, kind: Kind, detail: String? = nil, documentation: String? = nil, insertText: String,
        range: SourceRange, sortText: String
    ) {
        self.label = label
        self.kind = kind
        self.detail = detail
        self.documentation = documentation
        self.insertText = insertText
        self.range = range
        self.sortText = sortText
    }
}
