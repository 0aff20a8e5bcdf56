import Config
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `validate --format json`: per file, its URI, kind and LSP-shaped diagnostics.
enum JSONReport {
    struct File: Encodable {
        var uri: String
        var path: String
        var kind: String?
        var diagnostics: [LSPDiagnostic]
    }

    struct Summary: Encodable {
        var files: Int
        var errors: Int
        var warnings: Int
    }

    struct Document: Encodable {
        var positionEncoding: String
        var files: [File]
        var summary: Summary
    }

    static func render(_ reports: [FileReport], encoding: PositionEncoding) throws -> String {
        let files = reports.map { report in
            let uri = FileURI.from(path: report.file.path)
            return File(
                uri: uri, path: report.file.displayPath, kind: report.validation.kind?.rawValue,
                diagnostics: report.validation.diagnostics.map { LSPDiagnostic($0, uri: uri, encoding: encoding) })
        }
        let all = reports.flatMap(\.validation.diagnostics)
        let document = Document(
            positionEncoding: encoding.rawValue, files: files,
            summary: Summary(
                files: reports.count, errors: all.filter { $0.severity == .error }.count,
                warnings: all.filter { $0.severity == .warning }.count))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
