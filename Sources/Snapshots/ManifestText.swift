/// A manifest's canonical text with where each entry's line starts: kept beside a manifest made or loaded in this
/// process, so that the next manifest, which differs from it in the few lines of the known changes, is written by
/// copying the unchanged runs of lines instead of formatting 100,000 entries again (ADR 0012).
public final class ManifestText: Sendable {
    /// The canonical bytes.
    let bytes: [UInt8]
    /// The offset of entry `i`'s line; `entryStarts.count` is the manifest's entry count.
    let entryStarts: [Int]

    init(bytes: [UInt8], entryStarts: [Int]) {
        self.bytes = bytes
        self.entryStarts = entryStarts
    }

    /// The bytes of entry `i`'s line through entry `j`'s, newlines included.
    func lines(_ range: Range<Int>) -> ArraySlice<UInt8> {
        let end = range.upperBound < entryStarts.count ? entryStarts[range.upperBound] : bytes.count
        return bytes[entryStarts[range.lowerBound]..<end]
    }
}

/// How a manifest made from known changes relates to the previous one's text: for each entry, the index of the
/// previous entry whose line it repeats unchanged, or -1 for a line to write.
struct ManifestDerivation: Sendable {
    let base: ManifestText
    let origins: [Int32]
}
