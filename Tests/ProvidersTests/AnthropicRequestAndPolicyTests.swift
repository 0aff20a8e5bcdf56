import JSON
import Model
import Testing

@testable import Providers

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("Anthropic provider: request bodies, retry timing and configuration")
struct AnthropicRequestAndPolicyTests {
    @Test("at most four cache breakpoints, on the last cacheable sections; empty sections are dropped")
    func cacheBreakpoints() {
        let sections = (1...6).map { SystemSection("section \($0)", cacheable: $0 != 3) } + [SystemSection("")]
        let blocks = AnthropicRequestBody.systemBlocks(sections)
        #expect(blocks.count == 6)
        let marked = blocks.compactMap { $0["cache_control"] == nil ? nil : $0["text"]?.stringValue }
        #expect(marked == ["section 2", "section 4", "section 5", "section 6"])
    }

    @Test("a tool result marked as an error says so; a request without system or tools omits them")
    func bodyShapes() {
        let request = AnthropicFixture.request(
            system: [],
            messages: [
                ModelMessage(
                    role: .user, content: [.toolResult(toolUseID: "toolu_1", content: "no such file", isError: true)])
            ])
        let body = AnthropicRequestBody.messages(request, defaultModel: "claude-test")
        #expect(body["system"] == nil)
        #expect(body["tools"] == nil)
        #expect(body["model"] == "claude-test")
        #expect(
            body["messages"]?[0]?["content"] == [
                ["type": "tool_result", "tool_use_id": "toolu_1", "content": "no such file", "is_error": true]
            ])
    }

    @Test("retry-after as an HTTP date is read relative to now")
    func retryAfterDate() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        // 2023-11-14 22:13:20 GMT is 1_700_000_000; ten seconds later:
        let head = HTTPResponseHead(status: 429, headers: ["retry-after": "Tue, 14 Nov 2023 22:13:30 GMT"])
        #expect(AnthropicRetryPolicy.serverDelay(head, now: now) == .seconds(10))
        let past = HTTPResponseHead(status: 429, headers: ["retry-after": "Tue, 14 Nov 2023 22:13:10 GMT"])
        #expect(AnthropicRetryPolicy.serverDelay(past, now: now) == nil)
    }

    @Test("the back-off doubles from 0.5 s up to 8 s, less up to a quarter of jitter")
    func backoff() {
        let delays = (0..<6).map { AnthropicRetryPolicy.backoff(retriesSoFar: $0, random: 0) }
        #expect(delays == [.seconds(0.5), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(8)])
        #expect(AnthropicRetryPolicy.backoff(retriesSoFar: 1, random: 1) == .seconds(0.75))
    }

    @Test("the environment gives the key and base URL; blank values count as missing")
    func environment() {
        let configured = AnthropicConfiguration(environment: [
            "ANTHROPIC_API_KEY": "sk-ant-test", "ANTHROPIC_BASE_URL": "https://proxy.example/anthropic/",
        ])
        #expect(configured.apiKey == "sk-ant-test")
        #expect(configured.baseURL == "https://proxy.example/anthropic")
        #expect(configured.maxRetries == 2)
        #expect(configured.anthropicVersion == "2023-06-01")

        let blank = AnthropicConfiguration(environment: ["ANTHROPIC_API_KEY": "  ", "ANTHROPIC_BASE_URL": ""])
        #expect(blank.apiKey == nil)
        #expect(blank.baseURL == "https://api.anthropic.com")
    }
}
