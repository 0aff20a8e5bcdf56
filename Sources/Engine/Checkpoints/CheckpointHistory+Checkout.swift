import Glibc
import Model
import Snapshots
import StorePort

/// What `checkout` wrote: which snapshot, where, and how much.
public struct CheckoutReport: Sendable, Codable, Hashable {
    public var workflow: String
    /// `CP1` … `CP6`.
    public var checkpoint: String
    public var attempt: Int
    /// The snapshot's manifest hash.
    public var manifest: String
    /// The folder written, as given.
    public var directory: String
    public var files: Int
    public var bytes: Int64
}

extension CheckpointHistory {
    /// Writes a workflow's files as a checkpoint saved them into `directory`, byte for byte with their modes and
    /// symlinks: checkpoint `number`'s latest attempt, or without a number the most recent checkpoint that still
    /// has its snapshot (not pruned, not rolled back). The folder must be missing or empty (it is made, parents
    /// too), and outside the workspace's `.orchestrator`; the workspace itself is never touched.
    func checkout(
        workflowID: String?, checkpoint number: Int?, into directory: String
    ) async throws(EngineError) -> CheckoutReport {
        let (workflow, record) = try await context.read { tx in
            let workflow = try context.workflow(workflowID, in: tx)
            let all = try tx.checkpoints(workflowID: workflow.id)
            if let number {
                guard let record = all.last(where: { $0.number == number }) else {
                    throw Self.noCheckpoint(number, workflow: workflow)
                }
                return (workflow.id, record)
            }
            guard
                let record = all.last(where: {
                    $0.manifestHash != nil && $0.prunedAt == nil && $0.status != .rolledBack
                })
            else {
                throw EngineError(.checkpointNotFound, "workflow \(workflow.id) has no checkpoint with a snapshot yet")
            }
            return (workflow.id, record)
        }
        guard record.prunedAt == nil, let hex = record.manifestHash else {
            throw EngineError(
                .checkpointNotFound, "CP\(record.number) of workflow \(workflow) has no snapshot (pruned)")
        }
        let manifest = try self.manifest(hex)
        try Self.prepareEmptyFolder(directory, workspace: context.layout.root)
        do {
            _ = try WorkspaceSnapshotter(workspace: directory, objects: context.objects).restore(manifest)
        } catch {
            throw EngineError(.snapshot, "cannot write CP\(record.number) into \(directory): \(error.description)")
        }
        return CheckoutReport(
            workflow: workflow, checkpoint: "CP\(record.number)", attempt: record.attempt, manifest: hex,
            directory: directory, files: manifest.fileCount, bytes: Int64(clamping: manifest.totalBytes))
    }

    /// Makes the folder (and its parents) unless it exists; refuses one that holds anything, or that lies in the
    /// workspace's state folder, where a restore would write among the objects (checked before anything is made).
    private static func prepareEmptyFolder(_ directory: String, workspace: String) throws(EngineError) {
        let state = resolved(workspace) + "/.orchestrator"
        let target = resolved(directory)
        if target == state || target.hasPrefix(state + "/") {
            throw EngineError(
                .invalidState, "\(directory) is inside the workspace's .orchestrator folder", file: directory)
        }
        var status = stat()
        guard stat(directory, &status) == 0 else {
            var path = directory.hasPrefix("/") ? "" : "."
            for component in directory.split(separator: "/") {
                path += "/" + component
                if mkdir(path, 0o755) != 0 && errno != EEXIST {
                    throw EngineError(
                        .invalidState, "cannot make \(path): \(String(cString: strerror(errno)))", file: directory)
                }
            }
            return
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw EngineError(.invalidState, "\(directory) exists and is not a folder", file: directory)
        }
        guard let stream = opendir(directory) else {
            throw EngineError(.invalidState, "cannot read \(directory): \(String(cString: strerror(errno)))")
        }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." {
                throw EngineError(
                    .invalidState, "\(directory) is not empty: checkout writes only into a new or empty folder",
                    file: directory)
            }
        }
    }

    /// The path with symlinks resolved as far as it exists, the rest (not made yet) appended as written.
    private static func resolved(_ path: String) -> String {
        var existing = path
        if !existing.hasPrefix("/") {
            let current = getcwd(nil, 0)
            defer { free(current) }
            existing = (current.map { String(cString: $0) } ?? ".") + "/" + path
        }
        var rest: [Substring] = []
        while true {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                var parts = String(cString: real).split(separator: "/")
                for part in rest where part != "." {
                    if part == ".." { _ = parts.popLast() } else { parts.append(part) }
                }
                return "/" + parts.joined(separator: "/")
            }
            guard let slash = existing.lastIndex(of: "/"), existing != "/" else { return path }
            rest.insert(existing[existing.index(after: slash)...], at: 0)
            existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
        }
    }
}
