import Model
import Testing

@Test("checkpoint numbers follow the canonical phase order")
func checkpointNumbers() {
    #expect(Phase.allCases.map(\.checkpointNumber) == [1, 2, 3, 4, 5, 6])
    #expect(Phase.allCases.sorted() == Phase.allCases)
    #expect(Phase.allCases.filter(\.isOptional) == [.data])
}
