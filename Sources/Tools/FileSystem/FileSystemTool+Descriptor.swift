import JSON

extension FileSystemTool {
    static func makeDescriptor(_ configuration: ToolConfiguration) -> ToolDescriptor {
        typealias S = SchemaLiteral
        let path = S.string("A path relative to the working copy, e.g. 'src/main.py'.", minLength: 1)
        let changed = S.object(
            [
                "path": S.string("The path, relative to the working copy."),
                "bytes": S.integer("Bytes now in the file."),
            ],
            required: ["path"], closed: false)
        return ToolDescriptor(
            id: id,
            description: "Files in your working copy: read, write, edit, list, glob and delete.",
            actions: [
                ToolActionDescriptor(
                    name: "read",
                    description: "Read a UTF-8 text file, whole (up to a size cap) or a range of lines.",
                    parameters: S.object(
                        [
                            "path": path,
                            "start_line": S.integer("First line to return (1-based).", minimum: 1),
                            "end_line": S.integer("Last line to return (inclusive).", minimum: 1),
                            "max_bytes": S.integer(
                                "Return at most this many bytes.", minimum: 1, maximum: configuration.fileReadCapBytes),
                        ], required: ["path"]),
                    result: S.object(
                        [
                            "path": S.string("The path read."),
                            "content": S.string("The text."),
                            "size": S.integer("The file's size in bytes (whole-file reads)."),
                            "start_line": S.integer("First line returned (line-range reads)."),
                            "end_line": S.integer("Last line returned (line-range reads)."),
                            "total_lines": S.integer("Lines in the file (line-range reads)."),
                            "truncated": S.boolean("Whether the content was cut at the size cap."),
                        ], required: ["path", "content", "truncated"], closed: false),
                    timeoutSeconds: 30),
                ToolActionDescriptor(
                    name: "write",
                    description: "Create or replace a file with the given text (written atomically).",
                    parameters: S.object(
                        [
                            "path": path,
                            "content": S.string("The file's new content."),
                            "create_directories": S.boolean("Create missing parent directories (default true)."),
                        ], required: ["path", "content"]),
                    result: changed,
                    timeoutSeconds: 30),
                ToolActionDescriptor(
                    name: "edit",
                    description:
                        "Replace one exact piece of text in a file; 'old' must occur exactly once (include enough "
                        + "surrounding lines to make it unique).",
                    parameters: S.object(
                        [
                            "path": path,
                            "old": S.string("The exact text to replace, whitespace included.", minLength: 1),
                            "new": S.string("The replacement text."),
                        ], required: ["path", "old", "new"]),
                    result: changed,
                    timeoutSeconds: 30),
                ToolActionDescriptor(
                    name: "list",
                    description: "List a directory's entries with their type and size.",
                    parameters: S.object(
                        ["path": S.string("A directory relative to the working copy (default: the working copy).")]),
                    result: S.object(
                        [
                            "path": S.string("The directory listed."),
                            "entries": S.array(
                                S.object(
                                    [
                                        "name": S.string("The entry's name."),
                                        "type": S.enumeration(["file", "directory", "symlink", "other"], "Its kind."),
                                        "size": S.integer("Bytes (files only)."),
                                    ], required: ["name", "type"], closed: false),
                                "Entries sorted by name."),
                            "truncated": S.boolean("Whether entries were left out past the cap."),
                        ], required: ["path", "entries", "truncated"], closed: false),
                    timeoutSeconds: 30),
                ToolActionDescriptor(
                    name: "glob",
                    description:
                        "Find paths matching a glob: '*' and '?' within a name, '[a-z]' sets, '**' for any depth "
                        + "(e.g. 'src/**/*.py').",
                    parameters: S.object(
                        [
                            "pattern": S.string(
                                "The glob, relative to 'path' (the dialect: docs/globs.md).", minLength: 1),
                            "path": S.string("The directory to search from (default: the working copy)."),
                        ], required: ["pattern"]),
                    result: S.object(
                        [
                            "pattern": S.string("The glob."),
                            "matches": S.array(S.string("A path relative to the working copy."), "Sorted matches."),
                            "truncated": S.boolean("Whether matches were left out past the cap."),
                        ], required: ["matches", "truncated"], closed: false),
                    timeoutSeconds: 60),
                ToolActionDescriptor(
                    name: "delete",
                    description: "Delete a file or symlink; a directory only with recursive: true.",
                    parameters: S.object(
                        [
                            "path": path,
                            "recursive": S.boolean("Delete a directory and everything in it."),
                        ], required: ["path"]),
                    result: S.object(
                        [
                            "path": S.string("The path deleted."),
                            "deleted": S.integer("How many files, links and directories were removed."),
                        ], required: ["path", "deleted"], closed: false),
                    timeoutSeconds: 60),
            ],
            safety: [
                "Paths are relative to the working copy; absolute paths and '..' that would leave it are refused.",
                "A symlink is followed only when its target stays inside the working copy; writes and deletes "
                    + "never go through a symlink.",
                "A file with more than one hard link is not read (another of its names may be outside).",
                ".orchestrator/ is out of reach; .git/ is read-only (use the git tool).",
                "Reads return at most \(configuration.fileReadCapBytes) bytes; listings and globs at most "
                    + "\(configuration.listCap) entries.",
                "Writes go to a temporary file renamed into place, so no reader sees half a file.",
            ],
            reportsEveryChange: true)
    }
}
