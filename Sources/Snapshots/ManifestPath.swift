import Glibc

/// The rules for workspace-relative paths: byte ordering and what makes a path unsafe to write.
public enum ManifestPath {
    /// Byte-wise (UTF-8) ordering, the order manifests are sorted in; `String.<` compares by Unicode instead.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        compare(lhs, rhs) < 0
    }

    static func compare(_ lhs: String, _ rhs: String) -> Int32 {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                let common = min(left.count, right.count)
                if common > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress {
                    let result = memcmp(leftBase, rightBase, common)
                    if result != 0 { return result }
                }
                return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
            }
        }
    }

    /// Why a path cannot be a manifest path (absolute, `..`, empty component, NUL), or nil when it is fine.
    static func problem(_ path: String) -> String? {
        var path = path
        return path.withUTF8 { bytes -> String? in
            if bytes.isEmpty { return "empty path" }
            if bytes[0] == UInt8(ascii: "/") { return "absolute path" }
            var start = 0
            for index in 0...bytes.count {
                if index < bytes.count && bytes[index] == 0 { return "path contains NUL" }
                guard index == bytes.count || bytes[index] == UInt8(ascii: "/") else { continue }
                let length = index - start
                if length == 0 { return "empty path component" }
                if length <= 2 && bytes[start] == UInt8(ascii: ".")
                    && (length == 1 || bytes[start + 1] == UInt8(ascii: "."))
                {
                    return "'\(length == 1 ? "." : "..")' path component"
                }
                start = index + 1
            }
            return nil
        }
    }

    /// The directories above a path, nearest first: `a/b/c` gives `a/b`, `a`.
    public static func ancestors(of path: String) -> [String] {
        var result: [String] = []
        var current = Substring(path)
        while let slash = current.lastIndex(of: "/") {
            current = current[..<slash]
            result.append(String(current))
        }
        return result
    }

    /// The directory part and the last component of a path.
    static func split(_ path: String) -> (directory: [String], name: String) {
        var components = path.split(separator: "/").map(String.init)
        let name = components.popLast() ?? path
        return (components, name)
    }

    /// Checks a whole entry list: safe paths, strictly increasing byte order, no entry under another entry.
    static func validate(_ entries: [ManifestEntry], lineOffset: Int? = nil) throws(SnapshotError) {
        func location(_ index: Int) -> String { lineOffset.map { "line \($0 + index): " } ?? "" }
        for (index, entry) in entries.enumerated() {
            if let problem = problem(entry.path) {
                throw SnapshotError(.unsafePath, path: entry.path, "\(location(index))\(problem)")
            }
            if index > 0 && compare(entries[index - 1].path, entry.path) >= 0 {
                throw SnapshotError(.corrupt, path: entry.path, "\(location(index))entries out of order or duplicated")
            }
        }
        // A path that is also the directory of another entry cannot be restored: the two would collide.
        // Sorted order makes this a linear check: every path that has P as a prefix follows P directly
        // or after siblings such as "P-x" that also start with P, so a stack of such prefixes suffices.
        var prefixes: [Int] = []
        for (index, entry) in entries.enumerated() {
            while let top = prefixes.last, !entry.path.utf8.starts(with: entries[top].path.utf8) {
                prefixes.removeLast()
            }
            if let top = prefixes.last {
                let parent = entries[top].path
                if entry.path.utf8.dropFirst(parent.utf8.count).first == UInt8(ascii: "/") {
                    throw SnapshotError(
                        .corrupt, path: entry.path, "\(location(index))'\(parent)' is recorded as a file too")
                }
            }
            prefixes.append(index)
        }
    }
}
