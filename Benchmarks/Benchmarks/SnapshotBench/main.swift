// snapshot-bench WORKSPACE [--known FILE]
//
// Snapshots a workspace, reusing the manifest of the previous run, and prints one JSON line:
// {"hashedFiles":…,"reusedFiles":…,"newObjects":…,"files":…,"ms":…}. Used by compare_snapshot.py.
// With --known, FILE lists the paths changed since the previous run, one a line (what the engine knows from
// merging its agents' working copies): the snapshot reads those and checks the directory stamps the previous run
// kept in .orchestrator/last-stamps instead of walking the tree (the engine keeps those stamps in memory).
import Glibc
import Snapshots

/// Wall-clock milliseconds from a monotonic clock.
func milliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

/// A small text file's contents, or nil when it does not exist.
func readText(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 256)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Replaces a file atomically (temporary file and rename), so a killed run leaves the old hash or the new.
func writeAtomically(_ text: String, to path: String) -> Bool {
    let temporary = "\(path).tmp-\(getpid())"
    guard let file = fopen(temporary, "w") else { return false }
    let bytes = Array(text.utf8)
    let written = fwrite(bytes, 1, bytes.count, file)
    let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
    fclose(file)
    return written == bytes.count && flushed && rename(temporary, path) == 0
}

/// A file's bytes, or nil when it cannot be read.
func readBytes(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        bytes += buffer[0..<count]
    }
    return bytes
}

func fail(_ message: String) -> Never {
    let bytes = Array("snapshot-bench: \(message)\n".utf8)
    _ = write(2, bytes, bytes.count)
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count == 2 || (arguments.count == 4 && arguments[2] == "--known") else {
    fail("usage: snapshot-bench WORKSPACE [--known FILE]")
}
let workspace = arguments[1]
var known: KnownChanges?
if arguments.count == 4 {
    guard let text = readText(arguments[3]) else { fail("cannot read \(arguments[3])") }
    known = KnownChanges(written: text.split(separator: "\n").map(String.init))
}
let start = milliseconds()
do throws(SnapshotError) {
    // As the engine opens its store (WorkflowEngine.open): durable across a killed process, not fsynced per
    // snapshot; git's loose objects are not fsynced by default either.
    let store = try ObjectStore(directory: "\(workspace)/.orchestrator/objects", syncsToDisk: false)
    let lastPath = "\(workspace)/.orchestrator/last-manifest"
    var previous: SnapshotManifest?
    if let text = readText(lastPath) {
        guard let hash = ObjectHash(hex: String(text.filter { !$0.isWhitespace })) else {
            fail("\(lastPath) does not hold a manifest hash")
        }
        previous = try store.loadManifest(hash)
    }
    let stampsPath = "\(workspace)/.orchestrator/last-stamps"
    if known != nil, let bytes = readBytes(stampsPath), let stamps = DirectoryStamps(parsing: bytes),
        stamps.takenAt == previous?.createdAt
    {
        previous?.directories = stamps
    }
    let result = try WorkspaceSnapshotter(workspace: workspace, objects: store).snapshot(
        reusing: previous, known: known)
    guard writeAtomically(result.manifestHash.hex + "\n", to: lastPath) else { fail("cannot write \(lastPath)") }
    if let stamps = result.manifest.directories {
        guard writeAtomically(String(decoding: stamps.serialized(), as: UTF8.self), to: stampsPath) else {
            fail("cannot write \(stampsPath)")
        }
    }
    let elapsed = milliseconds() - start
    print(
        "{\"hashedFiles\":\(result.hashedFiles),\"reusedFiles\":\(result.reusedFiles),"
            + "\"newObjects\":\(result.newObjects),\"files\":\(result.manifest.fileCount),"
            + "\"ms\":\((elapsed * 100).rounded() / 100)}")
} catch {
    fail(error.description)
}
