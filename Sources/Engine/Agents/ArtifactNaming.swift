import Glob

/// Names the concrete file an agent writes for a required artifact glob.
public enum ArtifactNaming {
    /// A path that `pattern` matches: `**` dropped, `*` the stem, `?` and classes one fitting character.
    public static func path(for pattern: GlobPattern, stem: String) -> String? {
        var components: [String] = []
        for component in pattern.text.split(separator: "/") where component != "**" && component != "." {
            components.append(concreteComponent(Array(component), stem: stem))
        }
        let path = components.joined(separator: "/")
        return !path.isEmpty && pattern.matches(path) ? path : nil
    }

    private static func concreteComponent(_ characters: [Character], stem: String) -> String {
        var result = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\" where index + 1 < characters.count:
                result.append(characters[index + 1])
                index += 2
                continue
            case "*": result += stem
            case "?": result += "x"
            case "[":
                guard let close = characters[(index + 1)...].firstIndex(of: "]") else {
                    result.append(character)
                    break
                }
                result.append(classRepresentative(Array(characters[(index + 1)..<close])))
                index = close
            default: result.append(character)
            }
            index += 1
        }
        return result
    }

    private static func classRepresentative(_ members: [Character]) -> Character {
        guard let first = members.first else { return "x" }
        if first == "!" || first == "^" {
            let excluded = Set(members.dropFirst())
            return "xyzq0".first { !excluded.contains($0) } ?? "_"
        }
        return first
    }

}
