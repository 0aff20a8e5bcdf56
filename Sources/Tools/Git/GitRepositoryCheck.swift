#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks that the repository git is about to use is a plain `.git` folder inside the working copy.
///
/// Git follows a `.git` *file* (`gitdir: /elsewhere`), a `.git` symlink, a `commondir` file, object
/// `alternates` and symlinks inside `.git/` out of the working copy; an agent's code can write all of them.
/// `GIT_DIR` and `GIT_WORK_TREE` pin the repository and the tree, and this check refuses what could still
/// lead elsewhere. It happens just before each command; an agent racing its own calls is out of scope.
enum GitRepositoryCheck {
    /// Whether `workingCopy/.git` is a folder (nil when there is none); throws when it is anything else.
    static func repositoryExists(in workingCopy: String) throws(ToolError) -> Bool {
        let gitDirectory = workingCopy + "/.git"
        var info = stat()
        guard lstat(gitDirectory, &info) == 0 else {
            if errno == ENOENT { return false }
            throw .failed("cannot examine '.git': \(FileIO.errorText(errno))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            let kind = info.st_mode & S_IFMT == S_IFLNK ? "a symlink" : "a file"
            throw .notAllowed(
                "'.git' in the working copy is \(kind), not a folder: a '.git' file ('gitdir: …') or symlink "
                    + "would send git to a repository elsewhere; the git tool works only on a '.git' folder inside "
                    + "the working copy")
        }
        for redirect in ["commondir", "objects/info/alternates", "objects/info/http-alternates"]
        where lstat(gitDirectory + "/" + redirect, &info) == 0 {
            throw .notAllowed(
                "'.git/\(redirect)' points git at objects or a repository elsewhere; the git tool works only on a "
                    + "self-contained '.git' folder")
        }
        try refuseSymlinks(under: gitDirectory, shown: ".git")
        return true
    }

    /// Walks a folder (by `d_type`, `lstat` only when the file system does not say) and refuses the first
    /// symlink: git writes objects and refs through symlinked folders.
    private static func refuseSymlinks(under directory: String, shown: String) throws(ToolError) {
        guard let handle = opendir(directory) else {
            throw .failed("cannot list '\(shown)': \(FileIO.errorText(errno))")
        }
        defer { closedir(handle) }
        var folders: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) {
                var info = stat()
                guard lstat(directory + "/" + name, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFLNK: type = Int32(DT_LNK)
                case S_IFDIR: type = Int32(DT_DIR)
                default: type = Int32(DT_REG)
                }
            }
            if type == Int32(DT_LNK) {
                throw .notAllowed(
                    "'\(shown)/\(name)' is a symlink; the git tool does not follow symlinks inside .git/ "
                        + "(they can lead outside the working copy)")
            }
            if type == Int32(DT_DIR) { folders.append(name) }
        }
        for name in folders {
            try refuseSymlinks(under: directory + "/" + name, shown: shown + "/" + name)
        }
    }
}
