import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds which of the four kinds a YAML file is: a `$schema` modeline first, else its top-level key.
public enum ConfigKindDetector {
    /// How a file's kind was decided.
    public enum Evidence: Sendable, Hashable {
        /// The caller said so.
        case explicit
        /// A `# yaml-language-server: $schema=…` comment names one of our schemas.
        case modeline
        /// The first top-level key (`project`, `agent`, `policy`, `skill`).
        case topLevelKey
    }

    /// What a modeline says, when there is one.
    public enum Modeline: Sendable, Hashable {
        case ours(ConfigKind)
        /// A schema that is not one of ours: the file belongs to another tool.
        case foreign(String)
    }

    /// The modeline of a file (the first full-line `# yaml-language-server: $schema=URL` comment).
    public static func modeline(in text: SourceText) -> Modeline? {
        let marker = Array("yaml-language-server:".utf8)
        for line in 0..<text.lineCount {
            let bytes = text.lineBytes(line)
            guard let first = bytes.firstIndex(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }),
                bytes[first] == UInt8(ascii: "#")
            else { continue }
            // Most comments are not modelines: compare bytes before building any string.
            let comment = bytes[(first + 1)...].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            guard comment.starts(with: marker) else { continue }
            let rest = Self.trimmingBlanks(String(decoding: comment.dropFirst(marker.count), as: UTF8.self))
            guard rest.hasPrefix("$schema=") else { continue }
            let url = String(rest.dropFirst("$schema=".count).prefix { !$0.isWhitespace })
            return kind(ofSchemaURL: url).map(Modeline.ours) ?? .foreign(url)
        }
        return nil
    }

    /// The text without the spaces and tabs at either end.
    private static func trimmingBlanks(_ text: some StringProtocol) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }

    /// The kind whose schema a URL names (by its file name), if any.
    public static func kind(ofSchemaURL url: String) -> ConfigKind? {
        let path = url.split(whereSeparator: { $0 == "?" || $0 == "#" }).first.map(String.init) ?? url
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return ConfigKind.allCases.first { name == $0.schemaFileName }
    }

    /// The kind named by the first of `project`/`agent`/`policy`/`skill` among a root mapping's keys.
    public static func kind(ofRoot root: YAMLNode?) -> ConfigKind? {
        guard let entries = root?.entries else { return nil }
        for entry in entries {
            if let kind = ConfigKind.allCases.first(where: { $0.topLevelKey == entry.key.scalar?.text }) {
                return kind
            }
        }
        return nil
    }

    /// The kind suggested by a line starting at column 0 with a kind's key, for text too broken to parse.
    public static func kind(ofUnparsedText text: SourceText) -> ConfigKind? {
        for line in 0..<text.lineCount {
            let bytes = text.lineBytes(line)
            for kind in ConfigKind.allCases {
                let key = Array((kind.topLevelKey + ":").utf8)
                if bytes.starts(with: key) { return kind }
            }
        }
        return nil
    }
}
