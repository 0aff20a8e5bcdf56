#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bubblewrap command line for a sandbox: everything it builds, in the order bubblewrap applies it.
///
/// New user (no further ones allowed), PID, network (unless allowed), IPC, UTS and cgroup namespaces;
/// `--die-with-parent` and `--new-session`; the program as the PID namespace's init (`--as-pid-1`); a root
/// of its own in which only the system (`/usr` and the
/// `/lib*`, `/bin` links, a few harmless files of `/etc`) and the program's own installation are visible,
/// read-only; a private `/tmp`, `/dev` and a `/proc` of the new PID namespace (no other process's
/// `environ`); then the working copy read-write with the hidden folders covered by empty read-only ones.
/// When the program, the namespace's init, exits, the kernel kills every process left in the namespace,
/// `setsid` or not, before its parent hears of the exit: so nothing is left when the run returns. (With
/// bubblewrap's own init instead, bubblewrap reports the exit first and the namespace dies a moment later.)
enum BubblewrapArguments {
    /// Files of `/etc` programs read to start (dynamic linking, user and host names, time zone, TLS roots,
    /// MIME types, Python's Debian configuration); never `shadow`, SSH keys or `ssl/private`.
    static let etcEntries = [
        "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "passwd", "group", "nsswitch.conf", "hosts",
        "host.conf", "resolv.conf", "gai.conf", "localtime", "timezone", "ssl/certs", "ssl/openssl.cnf",
        "ca-certificates", "ca-certificates.conf", "mime.types", "protocols", "services", "os-release",
        "debian_version", "locale.alias", "fonts", "python3", "python3.11", "python3.12", "python3.13",
    ]

    /// Top-level folders of the system, read-only (or recreated as the same symlink, on merged-/usr systems).
    static let systemRoots = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]

    /// The arguments to bubblewrap that run `executable` (an absolute path) with `arguments` in `directory`.
    static func arguments(
        for sandbox: Sandbox, executable: String, arguments: [String], directory: String
    ) -> [String] {
        var command = [
            "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--as-pid-1",
        ]
        if sandbox.network { command.append("--share-net") }
        for root in systemRoots {
            var info = stat()
            guard lstat(root, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFLNK, let target = linkTarget(root) {
                command += ["--symlink", target, root]
            } else {
                command += ["--ro-bind", root, root]
            }
        }
        for entry in etcEntries { command += ["--ro-bind-try", "/etc/" + entry, "/etc/" + entry] }
        command += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
        for folder in sandbox.readOnly { command += ["--ro-bind", folder, folder] }
        for folder in sandbox.writable { command += ["--bind", folder, folder] }
        for folder in sandbox.hidden {
            command += ["--perms", "0555", "--tmpfs", folder, "--remount-ro", folder]
        }
        command += ["--chdir", directory, "--", executable]
        return command + arguments
    }

    /// Where a symlink points, as written.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
