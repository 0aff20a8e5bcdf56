#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Conversions between file paths and `file://` URIs as LSP and SARIF write them.
public enum FileURI {
    /// The `file://` URI of a path (made absolute against the current directory).
    public static func from(path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.absoluteString
    }

    /// The path of a `file://` URI; nil for other schemes, and for a host other than `localhost` (a file on
    /// another machine, which reading the local path of the same name would silently mistake).
    public static func path(of uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        if let host = url.host(), !host.isEmpty, host.lowercased() != "localhost" { return nil }
        return url.path
    }
}
