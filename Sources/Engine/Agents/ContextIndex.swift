import Snapshots
import Tokens

/// The documents a phase's agents start from, chosen from the previous checkpoint's manifest and read from the
/// object store by content hash, with their summaries from the summary cache (keyed by the same hash): built once per
/// checkpoint, it serves every agent of the next phase without walking or reading the workspace.
///
/// It picks what `WorkspaceDocuments.list` would pick in a directory holding exactly the manifest's files: the same
/// folders in the same order, the same size cap and limit, hidden names and symlinks left out. A phase agent's
/// working copy is that directory (it is restored from the workspace as the checkpoint left it); so is the workspace
/// itself while the phase's only agent has not written yet.
public struct ContextIndex: Sendable {
    /// The documents, sorted by path.
    public let documents: [ContextDocument]
    /// Each document's summary by path, from the summary cache.
    public let summaries: [String: DocumentSummary]
    /// Each document's content hash by path.
    public let hashes: [String: ObjectHash]

    /// The summaries of `documents` (listed by an agent that does not start from the index: a subagent, a
    /// reviewer) that hold what the index's document at the same path holds, so they are not summarised again.
    func summaries(matching documents: [ContextDocument]) -> [String: DocumentSummary] {
        var matching: [String: DocumentSummary] = [:]
        for document in documents {
            guard let summary = summaries[document.path], let hash = hashes[document.path],
                ObjectHash.of(contents: Array(document.text.utf8)) == hash
            else { continue }
            matching[document.path] = summary
        }
        return matching
    }

    /// Reads the index for `manifest`; documents whose object cannot be read are left out. What `memo` remembers
    /// from the previous index is not read again, and the memo then holds this index.
    ///
    /// Documents under `cachedFrom` bytes are outlined directly: reading a cache entry (open, read, parse JSON)
    /// costs about what outlining a page of text does, and writing one (a file made and renamed) costs more.
    static func build(
        manifest: SnapshotManifest, objects: ObjectStore, summaryCache: SummaryCache?,
        limit: Int = WorkspaceDocuments.defaultLimit, memo: ContextIndexMemo? = nil,
        cachedFrom: Int = smallDocumentBytes
    ) async -> ContextIndex {
        let remembered = memo?.remembered ?? [:]
        var documents: [ContextDocument] = []
        var keys: [String: ContextIndexMemo.Key] = [:]
        for entry in Self.chosen(manifest) {
            let key = ContextIndexMemo.Key(path: entry.path, hash: entry.hash)
            if let known = remembered[key] {
                documents.append(ContextDocument(path: entry.path, text: known.text))
            } else {
                guard let bytes = try? objects.get(entry.hash), let text = String(validating: bytes, as: UTF8.self)
                else { continue }
                documents.append(ContextDocument(path: entry.path, text: text))
            }
            keys[entry.path] = key
            if documents.count >= limit { break }
        }
        documents.sort { $0.path < $1.path }
        var summaries: [String: DocumentSummary] = [:]
        var kept: [ContextIndexMemo.Key: ContextIndexMemo.Remembered] = [:]
        let summarizer = ContextOptimizer().summarizer
        for document in documents {
            guard let key = keys[document.path] else { continue }
            var summary = remembered[key]?.summary
            if summary == nil, document.text.utf8.count < cachedFrom {
                summary = summarizer.summarize(document)
            } else if summary == nil, let summaryCache {
                summary = try? await summaryCache.summary(of: document, key: key.hash.hex, using: summarizer)
            }
            summaries[document.path] = summary
            kept[key] = ContextIndexMemo.Remembered(text: document.text, summary: summary)
        }
        memo?.replace(with: kept)
        return ContextIndex(
            documents: documents, summaries: summaries, hashes: keys.mapValues(\.hash))
    }

    /// Below this size a document's summary is made, not looked up in the summary cache (one page).
    static let smallDocumentBytes = 4096

    /// The file entries the walk would consider, in its order: folders popped from a stack, each folder's names in
    /// `String` order, subfolders pushed as met. Files over the size cap are skipped; the caller stops at the limit
    /// after dropping those that are not UTF-8 text, as the walk does.
    static func chosen(_ manifest: SnapshotManifest) -> [ManifestEntry] {
        // Each path is cut once at its last slash; a folder is tied to its parent the first time it is met.
        var files: [Substring: [(name: Substring, entry: ManifestEntry)]] = [:]
        var folders: [Substring: [Substring]] = [:]
        var met: Set<Substring> = [""]
        for entry in manifest.entries {
            let (folder, name) = Self.split(entry.path[...])
            files[folder, default: []].append((name, entry))
            var child = folder
            while met.insert(child).inserted {
                let (parent, childName) = Self.split(child)
                folders[parent, default: []].append(childName)
                child = parent
            }
        }
        var chosen: [ManifestEntry] = []
        var stack: [Substring] = [""]
        while let folder = stack.popLast() {
            var names: [(name: Substring, entry: ManifestEntry?)] = (files[folder] ?? []).map { ($0.name, $0.entry) }
            names += (folders[folder] ?? []).map { ($0, nil) }
            names.sort { $0.name < $1.name }
            for (name, entry) in names where !name.hasPrefix(".") {
                guard let entry else {
                    stack.append(folder.isEmpty ? name : Substring(folder + "/" + name))
                    continue
                }
                if entry.kind == .file && entry.size <= UInt64(WorkspaceDocuments.maxFileBytes) {
                    chosen.append(entry)
                }
            }
        }
        return chosen
    }

    /// A path's folder ("" at the top) and last name.
    private static func split(_ path: Substring) -> (folder: Substring, name: Substring) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (path[..<slash], path[path.index(after: slash)...])
    }
}
