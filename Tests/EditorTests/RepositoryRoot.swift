import Foundation

/// The repository's root, found from this file's path: the examples the editor features are tried on.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
