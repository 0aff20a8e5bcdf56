import Model
import Snapshots
import StorePort

extension CheckpointHistory {
    /// The bytes of one file as the latest checkpoint numbered `number` saved it, read from the object store.
    ///
    /// `path` is workspace-relative as the manifest lists it; a path the snapshot does not hold (or a folder) is
    /// `notFound`, a pruned or rolled-back snapshot `checkpointNotFound`.
    func file(
        _ path: String, checkpoint number: Int, workflowID: String?
    ) async throws(EngineError) -> (workflow: String, bytes: [UInt8]) {
        let (workflow, manifestHash) = try await context.read { tx in
            let workflow = try context.workflow(workflowID, in: tx)
            guard let record = try tx.checkpoints(workflowID: workflow.id).last(where: { $0.number == number }) else {
                throw Self.noCheckpoint(number, workflow: workflow)
            }
            return (workflow.id, record.prunedAt == nil ? record.manifestHash : nil)
        }
        guard manifestHash != nil else {
            throw EngineError(.checkpointNotFound, "CP\(number) of workflow \(workflow) has no snapshot (pruned)")
        }
        let manifest = try self.manifest(manifestHash)
        guard let entry = manifest.entry(at: path), entry.kind == .file else {
            throw EngineError(.notFound, "CP\(number) of workflow \(workflow) holds no file \(path)")
        }
        do {
            return (workflow, try context.objects.get(entry.hash))
        } catch {
            throw EngineError(.snapshot, error.description)
        }
    }
}
