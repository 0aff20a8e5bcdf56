import Config
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `validate --format sarif`: a SARIF 2.1.0 log for code-scanning services.
///
/// Columns are 1-based UTF-16 code units (`columnKind: utf16CodeUnits`, SARIF's default); paths are
/// relative to `%SRCROOT%`, the current directory, when they lie under it.
enum SARIFReport {
    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var columnKind = "utf16CodeUnits"
        var originalUriBaseIds: [String: ArtifactLocation]
        var results: [Result]
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name = "orchestrator"
        var semanticVersion = OrchestratorVersion.current
        var informationUri = "https://github.com/orchestrator-dev/orchestrator"
        var rules: [Rule]
    }

    struct Rule: Encodable {
        var id: String
        var shortDescription: Message
    }

    struct Message: Encodable {
        var text: String
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct Location: Encodable {
        var id: Int?
        var physicalLocation: PhysicalLocation
        var message: Message?
    }

    struct Result: Encodable {
        var ruleId: String
        var level: String
        var message: Message
        var locations: [Location]
        var relatedLocations: [Location]?
    }

    static func render(_ reports: [FileReport]) throws -> String {
        let root = FileManager.default.currentDirectoryPath
        var ruleIDs = Set<String>()
        var results: [Result] = []
        for report in reports {
            let artifact = artifactLocation(of: report.file.path, root: root)
            for diagnostic in report.validation.diagnostics {
                ruleIDs.insert(diagnostic.code)
                let related = diagnostic.related.enumerated().map { index, item in
                    Location(
                        id: index + 1,
                        physicalLocation: PhysicalLocation(
                            artifactLocation: item.file.map { artifactLocation(of: $0, root: root) } ?? artifact,
                            region: region(item.range)),
                        message: Message(text: item.message))
                }
                results.append(
                    Result(
                        ruleId: diagnostic.code, level: level(diagnostic.severity),
                        message: Message(text: diagnostic.message),
                        locations: [
                            Location(
                                physicalLocation: PhysicalLocation(
                                    artifactLocation: artifact, region: region(diagnostic.range)))
                        ],
                        relatedLocations: related.isEmpty ? nil : related))
            }
        }
        let rules = ruleIDs.sorted().map { Rule(id: $0, shortDescription: Message(text: "orchestrator rule \($0)")) }
        let base = URL(fileURLWithPath: root, isDirectory: true).absoluteString
        let log = Log(
            runs: [
                Run(
                    tool: Tool(driver: Driver(rules: rules)),
                    originalUriBaseIds: ["%SRCROOT%": ArtifactLocation(uri: base.hasSuffix("/") ? base : base + "/")],
                    results: results)
            ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(log), as: UTF8.self)
    }

    private static func artifactLocation(of path: String, root: String) -> ArtifactLocation {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        let rootPath = URL(fileURLWithPath: root).standardizedFileURL.path
        if absolute.path.hasPrefix(rootPath + "/") {
            let relative = String(absolute.path.dropFirst(rootPath.count + 1))
            let encoded = percentEncodedPath(relative)
            return ArtifactLocation(uri: encoded, uriBaseId: "%SRCROOT%")
        }
        return ArtifactLocation(uri: absolute.absoluteString, uriBaseId: nil)
    }

    /// A relative path as a URI reference: bytes outside RFC 3986's path characters become `%XX`.
    static func percentEncodedPath(_ path: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/".utf8)
        var encoded = ""
        for byte in path.utf8 {
            if allowed.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return encoded
    }

    /// SARIF regions are 1-based with an exclusive end column.
    private static func region(_ range: SourceRange) -> Region {
        Region(
            startLine: range.start.line + 1, startColumn: range.start.utf16Column + 1, endLine: range.end.line + 1,
            endColumn: range.end.utf16Column + 1)
    }

    private static func level(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .information, .hint: "note"
        }
    }
}
