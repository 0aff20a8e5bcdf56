import Config
import Editor
import Model
import TestSupport
import Testing

@Suite("Editor hover")
struct EditorHoverTests {
    /// The hover at marker 1️⃣, whose range must run to marker 2️⃣.
    private func hover(_ fixture: String, kind: ConfigKind? = nil) throws -> (ConfigHover, MarkedText) {
        let marked = MarkedText(fixture)
        let document = ConfigDocument(text: marked.text, kind: kind)
        let hover = try #require(document.hover(atOffset: marked["1️⃣"]))
        #expect(hover.range.start.offset == marked["1️⃣"])
        #expect(hover.range.end.offset == marked["2️⃣"])
        return (hover, marked)
    }

    @Test("hover on a key shows its name, type, description and limits")
    func keyHover() throws {
        let (hover, _) = try hover(
            """
            project:
              name: Demo
            constraints:
              1️⃣budget_tokens2️⃣: 2000000
            """)
        #expect(hover.markdown.hasPrefix("**budget_tokens** · integer\n\nToken budget for the whole workflow"))
        #expect(hover.markdown.contains("Must be > 0"))
        #expect(hover.markdown.contains("Example: `2000000`"))
    }

    @Test("hover on a $ref'd key combines the referring description with the target's type and pattern")
    func refHover() throws {
        let (hover, _) = try hover("project:\n  name: Demo\n  1️⃣client2️⃣: acme-corp\n")
        #expect(hover.markdown.hasPrefix("**client** · string\n\nClient slug"))
        #expect(hover.markdown.contains("Expected: slug (lowercase letters, digits and hyphens"))
    }

    @Test("hover on a required key says so")
    func requiredHover() throws {
        let (hover, _) = try hover("project:\n  1️⃣name2️⃣: Demo\n")
        #expect(hover.markdown.hasPrefix("**name** · string · required"))
        #expect(hover.markdown.contains("Must not be empty"))
    }

    @Test("hover on an enum value lists every allowed value and marks the current one")
    func enumValueHover() throws {
        let (hover, _) = try hover("project:\n  name: Demo\nprovider:\n  name: 1️⃣anthropic2️⃣\n")
        #expect(hover.markdown.hasPrefix("**name** · string\n\nWhich backend answers model calls"))
        #expect(hover.markdown.contains("Allowed values:\n- `offline`\n- **`anthropic`** (current)\n- `claude-code`"))
        #expect(hover.markdown.contains("Default: `offline`"))
    }

    @Test("hover on an item of a flow list shows the item schema's description")
    func flowItemHover() throws {
        let (hover, _) = try hover("project:\n  name: Demo\nphases: [planning, 1️⃣qa2️⃣]\n")
        #expect(hover.markdown.hasPrefix("**phases item** · string\n\nA workflow phase"))
        #expect(hover.markdown.contains("- **`qa`** (current)"))
    }

    @Test("hover on the dash of a list item shows the item schema's description")
    func dashHover() throws {
        let (hover, _) = try hover(
            """
            agent:
              id: developer
              subagents:
                1️⃣- id: developer.frontend
                  tools: [git]2️⃣
            """)
        #expect(hover.markdown.hasPrefix("**subagents item** · mapping\n\nA subagent: a narrower helper"))
    }

    @Test("hover on a value inside a list item's mapping describes the item's property")
    func itemPropertyHover() throws {
        let (hover, _) = try hover(
            """
            agent:
              id: developer
              subagents:
                - id: 1️⃣developer.frontend2️⃣
            """)
        #expect(hover.markdown.hasPrefix("**id** · string · required\n\nThe subagent id"))
    }

    @Test("hover on a key after an emoji on the same line has exact columns in every unit")
    func emojiHover() throws {
        let (hover, marked) = try hover(
            "project: {name: Demo}\nconstraints: {timeline: \"🚀 soon\", 1️⃣budget_tokens2️⃣: 5}\n")
        #expect(hover.markdown.hasPrefix("**budget_tokens** · integer"))
        let start = hover.range.start
        #expect(start.line == 1)
        #expect(start.utf8Column == marked["1️⃣"] - "project: {name: Demo}\n".utf8.count)
        // 🚀 is four UTF-8 bytes, two UTF-16 units and one code point.
        #expect(start.utf16Column == start.utf8Column - 2)
        #expect(start.scalarColumn == start.utf8Column - 3)
    }

    @Test("hover works line by line in text that does not parse")
    func brokenTextHover() throws {
        let (keyHover, _) = try hover("project:\n  name: Demo\n  1️⃣client2️⃣: acme\nphases: [planning,\n  : :\n")
        #expect(keyHover.markdown.hasPrefix("**client** · string"))
        let (itemHover, _) = try hover("project:\n  name: Demo\nphases: [planning, 1️⃣dat2️⃣\n  : :\n")
        #expect(itemHover.markdown.hasPrefix("**phases item** · string"))
        let (dashHover, _) = try hover("agent:\n  subagents:\n    1️⃣- id: x2️⃣\n  tools: [\n")
        #expect(dashHover.markdown.hasPrefix("**subagents item** · mapping"))
    }

    @Test(
        "no hover on comments, blank space, unknown keys or files of no kind",
        arguments: [
            "# yaml-language-server: $schema=intake.schema.json\nproject:\n  name: Demo # the 1️⃣name\n",
            "project:\n  name: Demo\n1️⃣\nphases: [qa]\n",
            "project:\n  name: Demo\n  1️⃣colour: red\n",
            "foo:\n  1️⃣bar: 1\n",
            "project:\n  name: Demo\n   1️⃣ \nphases: [\n",
        ])
    func noHover(_ fixture: String) {
        let marked = MarkedText(fixture)
        #expect(ConfigDocument(text: marked.text).hover(atOffset: marked["1️⃣"]) == nil)
    }
}
