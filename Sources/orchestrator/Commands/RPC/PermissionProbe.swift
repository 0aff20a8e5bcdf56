#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Says which part of a socket's path this user may not use: a folder it cannot enter, or the socket itself.
enum PermissionProbe {
    /// The reason a connection to `path` was refused with EACCES, naming the folder or file at fault.
    static func reason(forSocket path: String) -> String {
        var folder = parent(of: path)
        var blocked: String?
        // The deepest folder that exists and cannot be entered is the one in the way; `stat` of a folder inside
        // an unsearchable one fails, so the walk goes up until it reaches what it can see.
        while true {
            var status = stat()
            if stat(folder, &status) == 0 {
                if status.st_mode & S_IFMT == S_IFDIR, access(folder, X_OK) != 0 { blocked = folder }
                if blocked != nil || folder == "/" || folder == "." { break }
            }
            guard folder != "/" && folder != "." else { break }
            folder = parent(of: folder)
        }
        if let blocked {
            return "cannot enter the folder \(blocked) that holds \(path) (the server's socket folder is private to "
                + "the user who started it)"
        }
        return "\(path) may only be used by the user who started the server"
    }

    /// The folder part of a path ("." for a bare name).
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }
}
