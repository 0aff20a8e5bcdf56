/// A line diff of two texts (Myers' O(ND) algorithm) written in the unified format `diff -u` and `git diff` use.
public enum UnifiedDiff {
    /// One line of an edit script.
    enum Edit: Equatable {
        case same(Int, Int)
        case removed(Int)
        case added(Int)
    }

    /// The unified diff of `old` to `new` for one file (`--- a/PATH`, `+++ b/PATH`, hunks with `context` lines
    /// around each change); nil when the texts are equal. A nil side is a file that does not exist (`/dev/null`).
    public static func file(path: String, old: String?, new: String?, context: Int = 3) -> String? {
        guard old != new else { return nil }
        let before = old.map(lines) ?? []
        let after = new.map(lines) ?? []
        let script = edits(before, after)
        var text = "--- " + (old == nil ? "/dev/null" : "a/\(path)") + "\n"
        text += "+++ " + (new == nil ? "/dev/null" : "b/\(path)") + "\n"
        for hunk in hunks(script, context: context) {
            text += header(hunk, script: script)
            for edit in script[hunk] {
                switch edit {
                case .same(let index, _): text += " " + before[index] + "\n"
                case .removed(let index): text += "-" + before[index] + "\n"
                case .added(let index): text += "+" + after[index] + "\n"
                }
            }
        }
        return text
    }

    /// A text's lines without their terminators (a final newline ends the last line; it does not start another).
    static func lines(_ text: String) -> [String] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if result.last == "" { result.removeLast() }
        return result
    }

    /// The shortest edit script from `a` to `b`, in order.
    static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count
        let m = b.count
        let max = n + m
        guard max > 0 else { return [] }
        var frontier = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        var reached = false
        for depth in 0...max {
            trace.append(frontier)
            for diagonal in stride(from: -depth, through: depth, by: 2) {
                let index = diagonal + max
                var x: Int
                if diagonal == -depth || (diagonal != depth && frontier[index - 1] < frontier[index + 1]) {
                    x = frontier[index + 1]
                } else {
                    x = frontier[index - 1] + 1
                }
                var y = x - diagonal
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                frontier[index] = x
                if x >= n && y >= m {
                    reached = true
                    break
                }
            }
            if reached { break }
        }
        // Walk back through the frontiers, from the end to the start.
        var script: [Edit] = []
        var x = n
        var y = m
        for depth in stride(from: trace.count - 1, through: 0, by: -1) {
            let saved = trace[depth]
            let diagonal = x - y
            let index = diagonal + max
            let previousDiagonal: Int
            if diagonal == -depth || (diagonal != depth && saved[index - 1] < saved[index + 1]) {
                previousDiagonal = diagonal + 1
            } else {
                previousDiagonal = diagonal - 1
            }
            let previousX = depth == 0 ? 0 : saved[previousDiagonal + max]
            let previousY = previousX - previousDiagonal
            while x > previousX && y > previousY {
                x -= 1
                y -= 1
                script.append(.same(x, y))
            }
            if depth > 0 {
                if x == previousX {
                    y -= 1
                    script.append(.added(y))
                } else {
                    x -= 1
                    script.append(.removed(x))
                }
            }
        }
        while x > 0 && y > 0 {
            x -= 1
            y -= 1
            script.append(.same(x, y))
        }
        return script.reversed()
    }

    /// The ranges of the script each hunk shows: changes with up to `context` unchanged lines around them, hunks
    /// whose context would touch merged into one.
    static func hunks(_ script: [Edit], context: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for (index, edit) in script.enumerated() {
            if case .same = edit { continue }
            let start = Swift.max(0, index - context)
            let end = Swift.min(script.count, index + context + 1)
            if let last = ranges.last, start <= last.upperBound {
                ranges[ranges.count - 1] = last.lowerBound..<Swift.max(last.upperBound, end)
            } else {
                ranges.append(start..<end)
            }
        }
        return ranges
    }

    /// `@@ -OLD_START,OLD_COUNT +NEW_START,NEW_COUNT @@` of a hunk (lines counted from 1; 0 for an empty side).
    private static func header(_ hunk: Range<Int>, script: [Edit]) -> String {
        var oldStart: Int?
        var newStart: Int?
        var oldCount = 0
        var newCount = 0
        // Where each side stands before the hunk, for a side the hunk only adds to or removes from.
        var oldBefore = 0
        var newBefore = 0
        for edit in script[..<hunk.lowerBound] {
            switch edit {
            case .same: (oldBefore, newBefore) = (oldBefore + 1, newBefore + 1)
            case .removed: oldBefore += 1
            case .added: newBefore += 1
            }
        }
        for edit in script[hunk] {
            switch edit {
            case .same(let old, let new):
                oldStart = oldStart ?? old + 1
                newStart = newStart ?? new + 1
                oldCount += 1
                newCount += 1
            case .removed(let old):
                oldStart = oldStart ?? old + 1
                oldCount += 1
            case .added(let new):
                newStart = newStart ?? new + 1
                newCount += 1
            }
        }
        let old = oldCount == 0 ? "\(oldBefore),0" : "\(oldStart ?? 1),\(oldCount)"
        let new = newCount == 0 ? "\(newBefore),0" : "\(newStart ?? 1),\(newCount)"
        return "@@ -\(old) +\(new) @@\n"
    }
}
