/// SARIF logs for the parser tests.
enum SARIFSamples {
    /// `ruff check --output-format=sarif bad.py` (ruff 0.x; long rule texts shortened, fixes dropped), where
    /// bad.py imports os and sys unused and returns an undefined name.
    static let ruff = #"""
        {
         "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
         "runs": [
          {
           "results": [
            {
             "level": "error",
             "locations": [
              {
               "physicalLocation": {
                "artifactLocation": {
                 "uri": "file:///tmp/rf/bad.py"
                },
                "region": {
                 "endColumn": 11,
                 "endLine": 2,
                 "startColumn": 1,
                 "startLine": 1
                }
               }
              }
             ],
             "message": {
              "text": "Import block is un-sorted or un-formatted"
             },
             "ruleId": "I001"
            },
            {
             "level": "error",
             "locations": [
              {
               "physicalLocation": {
                "artifactLocation": {
                 "uri": "file:///tmp/rf/bad.py"
                },
                "region": {
                 "endColumn": 10,
                 "endLine": 1,
                 "startColumn": 8,
                 "startLine": 1
                }
               }
              }
             ],
             "message": {
              "text": "`os` imported but unused"
             },
             "ruleId": "F401"
            },
            {
             "level": "error",
             "locations": [
              {
               "physicalLocation": {
                "artifactLocation": {
                 "uri": "file:///tmp/rf/bad.py"
                },
                "region": {
                 "endColumn": 11,
                 "endLine": 2,
                 "startColumn": 8,
                 "startLine": 2
                }
               }
              }
             ],
             "message": {
              "text": "`sys` imported but unused"
             },
             "ruleId": "F401"
            },
            {
             "level": "error",
             "locations": [
              {
               "physicalLocation": {
                "artifactLocation": {
                 "uri": "file:///tmp/rf/bad.py"
                },
                "region": {
                 "endColumn": 26,
                 "endLine": 5,
                 "startColumn": 12,
                 "startLine": 5
                }
               }
              }
             ],
             "message": {
              "text": "Undefined name `undefined_name`"
             },
             "ruleId": "F821"
            }
           ],
           "tool": {
            "driver": {
             "informationUri": "https://github.com/astral-sh/ruff",
             "name": "ruff",
             "rules": [
              {
               "defaultConfiguration": {
                "enabled": true,
                "level": "error"
               },
               "fullDescription": {
                "text": "## What it does\nChecks for unused import"
               },
               "helpUri": "https://docs.astral.sh/ruff/rules/unused-import",
               "id": "F401",
               "properties": {
                "id": "F401",
                "kind": "Pyflakes",
                "name": "unused-import",
                "problem.severity": "error"
               },
               "shortDescription": {
                "text": "`{name}` imported but unused; consider using `importlib.util.find_spec` to test for availability"
               }
              },
              {
               "defaultConfiguration": {
                "enabled": true,
                "level": "error"
               },
               "fullDescription": {
                "text": "## What it does\nChecks for uses of undef"
               },
               "helpUri": "https://docs.astral.sh/ruff/rules/undefined-name",
               "id": "F821",
               "properties": {
                "id": "F821",
                "kind": "Pyflakes",
                "name": "undefined-name",
                "problem.severity": "error"
               },
               "shortDescription": {
                "text": "Undefined name `{name}`. {tip}"
               }
              },
              {
               "defaultConfiguration": {
                "enabled": true,
                "level": "error"
               },
               "fullDescription": {
                "text": "## What it does\nDe-duplicates, groups, a"
               },
               "helpUri": "https://docs.astral.sh/ruff/rules/unsorted-imports",
               "id": "I001",
               "properties": {
                "id": "I001",
                "kind": "isort",
                "name": "unsorted-imports",
                "problem.severity": "error"
               },
               "shortDescription": {
                "text": "Import block is un-sorted or un-formatted"
               }
              }
             ],
             "version": "0.17.6"
            }
           }
          }
         ],
         "version": "2.1.0"
        }
        """#

    /// Hand-written to cover what ruff does not write: a level from the rule's default (by ruleIndex), a message
    /// from the rule's message strings with arguments, a location by artifact index, a percent-escaped URI,
    /// and a passing result that is not a finding.
    static let features = #"""
        {
          "version": "2.1.0",
          "runs": [{
            "tool": {"driver": {"name": "demo", "rules": [
              {"id": "DEMO1", "defaultConfiguration": {"level": "note"},
               "messageStrings": {"shadow": {"text": "'{0}' shadows '{1}'"}}}
            ]}},
            "artifacts": [{"location": {"uri": "src/my%20file.py"}}],
            "results": [
              {"ruleIndex": 0, "message": {"id": "shadow", "arguments": ["list", "builtins.list"]},
               "locations": [{"physicalLocation": {"artifactLocation": {"index": 0}, "region": {"startLine": 3}}}]},
              {"ruleId": "DEMO1", "kind": "pass", "message": {"text": "fine"}},
              {"ruleId": "X2", "level": "warning", "message": {"text": "no location"}}
            ]
          }]
        }
        """#
}
