import Foundation
import Governance
import Testing

@Suite("Cyclomatic complexity")
struct ComplexityTests {
    @Test("Python: functions by indentation; strings and comments skipped")
    func python() throws {
        let text = """
            import os

            def f(x):
                if x > 0 and x < 10:
                    return 1
                elif x == 0:
                    return 0
                for i in range(3):
                    pass
                return -1

            async def g(items):
                # if this comment counted the number would be wrong
                s = "if and or"
                doc = '''
                while
                '''
                return [i for i in items if i]
            """
        let file = try #require(ComplexityReport.measure(path: "src/m.py", text: text))
        #expect(file.language == .python)
        #expect(
            file.functions == [.init(name: "f", line: 2, complexity: 5), .init(name: "g", line: 11, complexity: 3)])
        #expect(file.max == 5)
        #expect(file.mean == 4)
    }

    @Test("Python: a nested function's decisions are its own")
    func pythonNested() throws {
        let text = "def outer(a):\n    def inner(b):\n        return b or a\n    if a:\n        return inner\n"
        let file = try #require(ComplexityReport.measure(path: "n.py", text: text))
        #expect(file.functions.map(\.complexity) == [2, 2])
    }

    @Test("Swift: functions by braces; optionals, condition cases and interpolations not counted")
    func swift() throws {
        let text = #"""
            func a(_ x: Int?) -> Int {
                guard let x else { return 0 }
                if x > 1 && x < 5 {
                    return x > 2 ? 1 : 2
                }
                if case 9 = x { return 9 }
                switch x {
                case 1: return 1
                case 2: return 2
                default: return 3
                }
            }
            protocol P {
                func required()
                var value: Int { get }
            }
            struct S {
                init(flag: Bool) {
                    /* if while */ // for
                    let text = "if \(flag ? "a" : "b")"
                    _ = text
                }
            }
            """#
        let file = try #require(ComplexityReport.measure(path: "Sources/A.swift", text: text))
        #expect(
            file.functions == [.init(name: "a", line: 0, complexity: 8), .init(name: "init", line: 17, complexity: 1)])
        #expect(file.max == 8)
        #expect(file.mean == Decimal(string: "4.5"))
    }

    @Test("JS/TS: functions, methods and block arrows; ??, ?. and regex literals not counted")
    func javascript() throws {
        let text = """
            function h(a, b) {
              if (a || b) {
                return a ?? b;
              }
              try {
                run();
              } catch (e) {
                return null;
              }
              const re = /if|while/;
              return a?.x ? 1 : 0;
            }
            class C {
              m(x: number): void {
                while (x) { x--; }
              }
            }
            const k = (y) => {
              if (y) return 1;
              return `${y ? "if" : "b"}`;
            };
            """
        let file = try #require(ComplexityReport.measure(path: "web/app.ts", text: text))
        #expect(
            file.functions == [
                .init(name: "h", line: 0, complexity: 5), .init(name: "m", line: 13, complexity: 2),
                .init(name: "k", line: 17, complexity: 2),
            ])
        let report = ComplexityReport.measure([(path: "web/app.ts", text: text), (path: "README.md", text: "# if")])
        #expect(report.files.count == 1)
        #expect(report.max == 5)
        #expect(report.mean == 3)
    }

    @Test("a file without functions has max 0 and no mean")
    func empty() throws {
        let file = try #require(ComplexityReport.measure(path: "a.js", text: "if (x) { y(); }\n"))
        #expect(file.max == 0)
        #expect(file.mean == nil)
    }
}
