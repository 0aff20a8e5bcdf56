import Glibc
import Snapshots
import Synchronization

/// Mounts and unmounts fuse-overlayfs views: a working copy that is the workspace (the lower layer, never written)
/// seen through a folder that holds only the agent's changes (the upper layer).
///
/// FUSE rather than the kernel's overlayfs because the engine's own file tools read and write the copy in the
/// engine's process, which cannot enter a user namespace of its own; a FUSE mount is one real folder that the
/// engine, bubblewrap's sandbox and every process see alike (ADR 0011).
enum OverlayMount {
    /// The mount program on `PATH`, nil when it is not installed (then copies are materialised).
    static let executable: String? = find("fuse-overlayfs")
    /// The unmount helper for users who may not call `umount2` themselves.
    static let unmounter: String? = find("fusermount3") ?? find("fusermount")

    /// The layers under each view this process mounted, top first (its upper folder, then its lower layers).
    private static let stacks = Mutex<[String: [String]]>([:])

    /// The layers a view of `lower` stacks on: a view this process mounted is replaced by its own layers, so a
    /// copy of a copy (a delegation inside an agent's copy) reads the folders directly rather than through a
    /// second FUSE daemon (measured: 200 files listed and read through a view of a view 655 ms, through one view
    /// with both layers 136 ms, on the disk 6 ms). The view's upper folder is not written while the copy is
    /// mounted: its agent waits on the delegation, and the copy is unmounted before its merge writes the view.
    static func layers(under lower: String) -> [String] {
        stacks.withLock { $0[lower] } ?? [lower]
    }

    /// Mounts `lowers` (top first) with the changes in `upper` (`work` is the program's scratch folder, beside
    /// `upper`) at `point`; the message of what failed, nil when the view is mounted.
    static func mount(lowers: [String], upper: String, work: String, at point: String) -> String? {
        guard let executable else { return "fuse-overlayfs is not installed" }
        // The option string separates with ',' and lower layers with ':'; such paths would be misread.
        for path in lowers + [upper, work] where path.contains(",") || path.contains(":") {
            return "the path '\(path)' has a ',' or ':', which fuse-overlayfs's options cannot carry"
        }
        let lowerdir = lowers.joined(separator: ":")
        let options = "lowerdir=\(lowerdir),upperdir=\(upper),workdir=\(work),noatime"
        let log = work + "/mount.log"
        let status = run(executable, ["-o", options, point], log: log)
        guard status == 0 else {
            let said = (try? readText(log)) ?? ""
            return "fuse-overlayfs exited with \(status)" + (said.isEmpty ? "" : ": " + said)
        }
        stacks.withLock { $0[point] = [upper] + lowers }
        return nil
    }

    /// Unmounts every mount at or under `path`, deepest first; a busy one is detached (it goes when unused).
    static func unmountAll(under path: String) {
        stacks.withLock { stacks in
            stacks = stacks.filter { point, _ in point != path && !point.hasPrefix(path + "/") }
        }
        // Nothing can be mounted under a folder that is not there: every phase asks, most never made a copy.
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        for point in mountPoints(under: path).sorted(by: { $0.count > $1.count }) {
            if umount2(point, 0) == 0 { continue }
            if umount2(point, Int32(MNT_DETACH)) == 0 { continue }
            if let unmounter { _ = run(unmounter, ["-u", "-z", point], log: nil) }
        }
    }

    /// The mount points at or under `path`, from `/proc/self/mountinfo`.
    static func mountPoints(under path: String) -> [String] {
        guard let text = try? readText("/proc/self/mountinfo") else { return [] }
        return text.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count > 4 else { return nil }
            let point = unescape(fields[4])
            return point == path || point.hasPrefix(path + "/") ? point : nil
        }
    }

    /// Whether `path` is a mount point of its own.
    static func isMounted(_ path: String) -> Bool { mountPoints(under: path).contains(path) }

    /// mountinfo writes space, tab, newline and backslash as three octal digits after a backslash.
    static func unescape(_ field: Substring) -> String {
        let raw = Array(field.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "\\"), index + 4 <= raw.count,
                let value = UInt8(String(decoding: raw[(index + 1)..<(index + 4)], as: UTF8.self), radix: 8)
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(raw[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs a program to its exit with stdin and stdout on /dev/null and stderr into `log`; its exit status.
    ///
    /// fuse-overlayfs forks a daemon that keeps the mount and would hold a pipe open for ever, so its output
    /// goes to a file, never a pipe.
    static func run(_ executable: String, _ arguments: [String], log: String?) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The daemon outlives the call: it must not keep the engine's files (the store, a lease) open.
        if let closeFrom = closeFrom { _ = closeFrom(&actions, 3) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift does not import.
    static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(
            symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self)
    }()

    static func find(_ name: String) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where access("\(folder)/\(name)", X_OK) == 0 {
            return "\(folder)/\(name)"
        }
        return nil
    }

    static func readText(_ path: String) throws(SnapshotError) -> String {
        var text = String(decoding: try CopyLayerFile.read(path), as: UTF8.self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
