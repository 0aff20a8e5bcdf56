import JSON

/// How a document is written into a prompt, whole or as a summary; token counts are taken of these blocks.
enum ContextBlock {
    static func full(_ document: ContextDocument) -> String {
        "<document path=\"\(attribute(document.path))\">\n\(document.text)\n</document>"
    }

    static func summary(_ summary: DocumentSummary, path: String) -> String {
        let read = JSONValue.object(["path": .string(path)]).jsonString()
        var block = "<document path=\"\(attribute(path))\" form=\"summary\">\n"
        block += "Summary only; the full text is available through the file_system tool's read action: \(read)\n"
        if !summary.lines.isEmpty { block += summary.text + "\n" }
        return block + "</document>"
    }

    private static func attribute(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
