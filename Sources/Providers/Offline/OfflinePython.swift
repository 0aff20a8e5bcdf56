/// The Python module and its unittest suite the offline developer writes: small, real and passing.
struct OfflinePython {
    let author: OfflineAuthor

    private var requirementList: String {
        author.brief.requirements.map { "    \(Self.literal($0))," }.joined(separator: "\n")
    }

    var module: String {
        var text = #"""
            """\#(author.brief.projectName): \#(author.brief.phase.rawValue).

            \#(author.notice)
            """

            REQUIREMENTS = [
            \#(requirementList)
            ]


            def requirement_checklist(met=()):
                """Each requirement with whether it is met, in intake order (ids count from 1)."""
                met = set(met)
                return [{"id": index + 1, "text": text, "met": index + 1 in met} for index, text in enumerate(REQUIREMENTS)]

            """#
        if author.domain.forecasting {
            text += #"""


                def moving_average_forecast(values, window=3, horizon=1):
                    """The next `horizon` values, each the mean of the `window` values before it (forecasts feed back)."""
                    if window < 1:
                        raise ValueError("window must be at least 1")
                    if horizon < 1:
                        raise ValueError("horizon must be at least 1")
                    if len(values) < window:
                        raise ValueError("need at least %d values, got %d" % (window, len(values)))
                    history = [float(value) for value in values]
                    forecast = []
                    for _ in range(horizon):
                        following = sum(history[-window:]) / window
                        forecast.append(following)
                        history.append(following)
                    return forecast

                """#
        }
        if author.domain.dashboard {
            text += #"""


                def dashboard_summary(values):
                    """The figures an executive dashboard leads with: count, total, mean, minimum and maximum."""
                    if not values:
                        raise ValueError("no values to summarise")
                    total = float(sum(values))
                    return {"count": len(values), "total": total, "mean": total / len(values),
                            "min": float(min(values)), "max": float(max(values))}

                """#
        }
        if author.domain.api {
            text += #"""


                ENDPOINTS = [
                    ("GET", "/requirements", "The requirement checklist."),
                    ("GET", "/health", "Whether the service is up."),
                ]


                def endpoints():
                    """The documented endpoints as (method, path, description), sorted by path."""
                    return sorted(ENDPOINTS, key=lambda endpoint: endpoint[1])

                """#
        }
        return text
    }

    var tests: String {
        var text = #"""
            """Tests of \#(author.module) (\#(author.brief.projectName)).

            \#(author.notice)
            """

            import os
            import sys
            import unittest

            sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))

            import \#(author.module) as subject


            class RequirementChecklistTest(unittest.TestCase):
                def test_lists_every_requirement_in_order(self):
                    checklist = subject.requirement_checklist()
                    self.assertEqual([item["text"] for item in checklist], subject.REQUIREMENTS)
                    self.assertEqual([item["id"] for item in checklist], list(range(1, len(subject.REQUIREMENTS) + 1)))

                def test_marks_met_requirements(self):
                    checklist = subject.requirement_checklist(met=[1])
                    self.assertTrue(checklist[0]["met"])
                    self.assertFalse(any(item["met"] for item in checklist[1:]))

            """#
        if author.domain.forecasting {
            text += #"""


                class MovingAverageForecastTest(unittest.TestCase):
                    def test_mean_of_the_window(self):
                        self.assertEqual(subject.moving_average_forecast([1, 2, 3, 4], window=2), [3.5])

                    def test_forecasts_feed_back(self):
                        self.assertEqual(subject.moving_average_forecast([2, 4], window=2, horizon=2), [3.0, 3.5])

                    def test_refuses_short_history(self):
                        with self.assertRaises(ValueError):
                            subject.moving_average_forecast([1], window=3)

                """#
        }
        if author.domain.dashboard {
            text += #"""


                class DashboardSummaryTest(unittest.TestCase):
                    def test_summary_figures(self):
                        summary = subject.dashboard_summary([4, 1, 7])
                        self.assertEqual(summary, {"count": 3, "total": 12.0, "mean": 4.0, "min": 1.0, "max": 7.0})

                    def test_refuses_empty_input(self):
                        with self.assertRaises(ValueError):
                            subject.dashboard_summary([])

                """#
        }
        if author.domain.api {
            text += #"""


                class EndpointsTest(unittest.TestCase):
                    def test_sorted_by_path(self):
                        paths = [path for _, path, _ in subject.endpoints()]
                        self.assertEqual(paths, sorted(paths))

                """#
        }
        return text + #"""


            if __name__ == "__main__":
                unittest.main()

            """#
    }

    /// A Python string literal for any text (quotes, backslashes and controls escaped).
    static func literal(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\x" + (hex.count < 2 ? "0" : "") + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
