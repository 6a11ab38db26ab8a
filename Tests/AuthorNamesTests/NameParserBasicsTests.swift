import Testing

@testable import AuthorNames

@Suite struct NameBasicsTests {
    @Test func matchKeyFoldsCaseDiacriticsPunctuationSpacing() {
        #expect(NameParser.parse("Jean-Pierre Sartre").matchKey == NameParser.parse("jean pierre SARTRE").matchKey)
        #expect(NameParser.parse("José Martínez").matchKey == NameParser.parse("Jose Martinez").matchKey)
        #expect(NameParser.parse("Łukasz Kaiser").matchKey == "lukaszkaiser")
        #expect(NameParser.parse("Jingzhao Zhang").display == "Jingzhao Zhang")
        #expect(NameParser.parse("José Martínez").display == "José Martínez")
    }
}
