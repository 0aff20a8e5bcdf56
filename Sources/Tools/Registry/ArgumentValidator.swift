import Config
import JSON

/// Checks tool-call arguments (a `JSONValue`) against an action's parameter schema.
///
/// The schema model and loader are Config's (`JSONSchemaLoader` refuses keywords outside the subset, and
/// `SchemaPattern` compiles patterns), so a tool schema means the same here as in configuration files.
/// Config's evaluator is not reused: it walks YAML nodes and reports source ranges with fix-its, while
/// arguments are JSON values reported by JSON pointer, so this small walk over `JSONValue` stands beside it.
struct ArgumentValidator {
    let root: JSONSchema

    /// Every violation, each as "<JSON pointer>: <what is wrong>".
    func violations(of value: JSONValue) -> [String] {
        var out: [String] = []
        var walk = Walk(root: root)
        walk.check(value, root, pointer: "", &out)
        return out
    }

    private struct Walk {
        let root: JSONSchema
        var refDepth = 0

        mutating func check(_ value: JSONValue, _ schema: JSONSchema, pointer: String, _ out: inout [String]) {
            if let ref = schema.ref, let target = root.definitions[ref], refDepth < 32 {
                refDepth += 1
                check(value, target, pointer: pointer, &out)
                refDepth -= 1
            }
            if let types = schema.types, !types.contains(where: { Self.value(value, is: $0) }) {
                let expected = types.map(\.rawValue).joined(separator: " or ")
                out.append(
                    "\(Self.show(pointer)): must be \(expected.isEmpty ? "absent" : expected); found \(Self.describe(value))"
                )
                return
            }
            if let allowed = schema.enumValues, !allowed.contains(where: { Self.equal(value, $0) }) {
                let names = allowed.map { Self.literal($0) }.joined(separator: ", ")
                out.append("\(Self.show(pointer)): \(Self.describe(value)) is not one of \(names)")
            }
            if let constant = schema.constValue, !Self.equal(value, constant) {
                out.append("\(Self.show(pointer)): must be \(Self.literal(constant)); found \(Self.describe(value))")
            }
            switch value {
            case .object(let members): checkObject(members, schema, pointer: pointer, &out)
            case .array(let elements): checkArray(elements, schema, pointer: pointer, &out)
            case .string(let text): checkString(text, schema, pointer: pointer, &out)
            case .integer, .double: checkNumber(value.doubleValue ?? 0, schema, pointer: pointer, &out)
            case .null, .bool: break
            }
            for branch in schema.allOf {
                check(value, branch, pointer: pointer, &out)
            }
            if !schema.anyOf.isEmpty, !schema.anyOf.contains(where: { conforms(value, $0, pointer) }) {
                out.append("\(Self.show(pointer)): matches none of the allowed forms (anyOf)")
            }
            if !schema.oneOf.isEmpty {
                let matching = schema.oneOf.filter { conforms(value, $0, pointer) }.count
                if matching != 1 {
                    out.append(
                        "\(Self.show(pointer)): must match exactly one allowed form (oneOf); matches \(matching)")
                }
            }
        }

        private mutating func conforms(_ value: JSONValue, _ schema: JSONSchema, _ pointer: String) -> Bool {
            var scratch: [String] = []
            check(value, schema, pointer: pointer, &scratch)
            return scratch.isEmpty
        }

        private mutating func checkObject(
            _ members: [String: JSONValue], _ schema: JSONSchema, pointer: String, _ out: inout [String]
        ) {
            for name in schema.required where members[name] == nil {
                out.append("\(Self.show(pointer)): missing required property '\(name)'")
            }
            for name in members.keys.sorted() {
                let child = pointer + "/" + Self.escape(name)
                if let property = schema.properties[name] {
                    check(members[name] ?? .null, property, pointer: child, &out)
                    continue
                }
                switch schema.additionalProperties {
                case .allowed:
                    break
                case .forbidden:
                    let known = schema.propertyOrder.joined(separator: ", ")
                    out.append("\(child): unknown property '\(name)'; allowed: \(known.isEmpty ? "none" : known)")
                case .schema(let extra):
                    check(members[name] ?? .null, extra, pointer: child, &out)
                }
            }
        }

        private mutating func checkArray(
            _ elements: [JSONValue], _ schema: JSONSchema, pointer: String, _ out: inout [String]
        ) {
            if let minimum = schema.minItems, elements.count < minimum {
                out.append("\(Self.show(pointer)): must have at least \(minimum) items; found \(elements.count)")
            }
            if let maximum = schema.maxItems, elements.count > maximum {
                out.append("\(Self.show(pointer)): must have at most \(maximum) items; found \(elements.count)")
            }
            if schema.uniqueItems, Set(elements).count != elements.count {
                out.append("\(Self.show(pointer)): items must be unique")
            }
            if let items = schema.items {
                for (index, element) in elements.enumerated() {
                    check(element, items, pointer: "\(pointer)/\(index)", &out)
                }
            }
        }

        private func checkString(_ text: String, _ schema: JSONSchema, pointer: String, _ out: inout [String]) {
            let length = text.unicodeScalars.count
            if let minimum = schema.minLength, length < minimum {
                out.append("\(Self.show(pointer)): must be at least \(minimum) characters long; found \(length)")
            }
            if let maximum = schema.maxLength, length > maximum {
                out.append("\(Self.show(pointer)): must be at most \(maximum) characters long; found \(length)")
            }
            if let pattern = schema.pattern, !pattern.matches(text) {
                out.append("\(Self.show(pointer)): '\(text)' does not match the pattern \(pattern.source)")
            }
        }

        private func checkNumber(_ number: Double, _ schema: JSONSchema, pointer: String, _ out: inout [String]) {
            var failure: String?
            if let bound = schema.minimum, number < bound {
                failure = "at least \(SchemaValue.number(bound))"
            } else if let bound = schema.exclusiveMinimum, number <= bound {
                failure = "greater than \(SchemaValue.number(bound))"
            } else if let bound = schema.maximum, number > bound {
                failure = "at most \(SchemaValue.number(bound))"
            } else if let bound = schema.exclusiveMaximum, number >= bound {
                failure = "less than \(SchemaValue.number(bound))"
            }
            if let failure {
                out.append("\(Self.show(pointer)): must be \(failure); found \(SchemaValue.number(number))")
            }
        }

        /// JSON Schema counts 1.0 as an integer: integer-ness is a property of the value, not of its spelling.
        static func value(_ value: JSONValue, is type: JSONType) -> Bool {
            switch (type, value) {
            case (.null, .null), (.boolean, .bool), (.string, .string), (.array, .array), (.object, .object): true
            case (.integer, .integer), (.number, .integer), (.number, .double): true
            case (.integer, .double(let number)): number.isFinite && number == number.rounded(.towardZero)
            default: false
            }
        }

        static func equal(_ value: JSONValue, _ literal: SchemaValue) -> Bool {
            switch (value, literal) {
            case (.null, .null): return true
            case (.bool(let left), .bool(let right)): return left == right
            case (.integer, .number(let right)), (.double, .number(let right)): return value.doubleValue == right
            case (.string(let left), .string(let right)): return left == right
            case (.array(let left), .array(let right)):
                return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
            case (.object(let left), .object(let right)):
                return left.count == right.count
                    && left.allSatisfy { key, member in right[key].map { equal(member, $0) } ?? false }
            default: return false
            }
        }

        static func describe(_ value: JSONValue) -> String {
            switch value {
            case .null: "null"
            case .bool(let flag): "boolean \(flag)"
            case .integer(let number): "integer \(number)"
            case .double(let number): "number \(number)"
            case .string(let text):
                "string \(JSONValue.string(text.count > 60 ? String(text.prefix(60)) + "…" : text).jsonString())"
            case .array(let elements): "array of \(elements.count) items"
            case .object: "object"
            }
        }

        static func literal(_ value: SchemaValue) -> String {
            if case .string(let text) = value { return "'\(text)'" }
            return value.description
        }

        /// RFC 6901: `~` and `/` inside a key are written `~0` and `~1`.
        static func escape(_ key: String) -> String {
            key.replacing("~", with: "~0").replacing("/", with: "~1")
        }

        static func show(_ pointer: String) -> String { pointer.isEmpty ? "/" : pointer }
    }
}
