/// LSP `MarkupKind`: how hover and completion documentation is written.
enum MarkupKind: String, Sendable, Hashable {
    case markdown
    case plaintext

    /// The first kind in a client's list (its order of preference) that the server writes; Markdown when
    /// the client says nothing, as the editor features compose it.
    static func preferred(in offered: [String]?) -> MarkupKind {
        guard let offered else { return .markdown }
        return offered.lazy.compactMap(MarkupKind.init(rawValue:)).first ?? .markdown
    }
}

extension MarkupContent {
    /// Content composed as Markdown, written in `kind`: as it is, or as the plain text a reader of the
    /// Markdown would see.
    init(markdown: String, as kind: MarkupKind) {
        switch kind {
        case .markdown: self.init(kind: "markdown", value: markdown)
        case .plaintext: self.init(kind: "plaintext", value: PlainText.fromMarkdown(markdown))
        }
    }
}

/// Plain text from the Markdown subset the editor features write: `**strong**` loses its stars and a
/// `` `code` `` span its backticks, while what is inside a code span (a glob's `**`) is kept as it is.
enum PlainText {
    static func fromMarkdown(_ markdown: String) -> String {
        var plain = ""
        plain.reserveCapacity(markdown.utf8.count)
        var characters = markdown[...]
        while let character = characters.popFirst() {
            switch character {
            case "`":
                if let close = characters.firstIndex(of: "`") {
                    plain += characters[..<close]
                    characters = characters[characters.index(after: close)...]
                } else {
                    plain.append(character)
                }
            case "*" where characters.first == "*":
                characters = characters.dropFirst()
            default:
                plain.append(character)
            }
        }
        return plain
    }
}
