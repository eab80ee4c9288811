import Testing

@testable import LeadsCore

/// What the authoring commands write parses back to exactly what they were given.
struct AuthoringTextTests {
  /// Characters that mean something to YAML or CODEOWNERS, with letters, digits and non-ASCII text.
  static let alphabet = Array("ab/.-_@+*,[]{}#:'\\\"!&|>%`?~= éß漢😀09") + ["y", "n"]

  /// A small deterministic generator, so that a failure names a case that can be replayed.
  struct Generator {
    var state: UInt64

    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }

    mutating func string() -> String {
      let words = ["yes", "no", "null", "true", "off", "2026-01-02", "12", "1e3", "-1", ".inf", "~", "- x"]
      if next(5) == 0 { return words[next(words.count)] }
      return String(
        (0..<(1 + next(12))).map { _ in AuthoringTextTests.alphabet[next(AuthoringTextTests.alphabet.count)] }
      )
    }
  }

  @Test func everyWrittenValueParsesBackExactly() throws {
    var generator = Generator(state: 20_261_130)
    for round in 0..<600 {
      let lead = generator.string()
      let backups = (0..<generator.next(3)).map { _ in generator.string() }
      let paths = (0..<(1 + generator.next(3))).map { _ in generator.string() }
      let title = generator.string()
      let text = EntryText.newEntry(
        kind: .service, title: title,
        fields: [
          ("lead", EntryText.scalar(lead)), ("backup", EntryText.list(backups)),
          ("paths", EntryText.list(paths)),
        ],
        body: "# x\n")
      let outcome = EntryParser.parse(text: text, path: "registry/services/x.md")
      let entry = try #require(outcome.entry, "round \(round): \(outcome.findings)\n\(text)")
      #expect(entry.lead?.value == lead, "round \(round)\n\(text)")
      #expect(entry.backup.map(\.value) == backups, "round \(round)\n\(text)")
      #expect(entry.paths.map(\.value) == paths, "round \(round)\n\(text)")
      #expect(entry.title == title, "round \(round)\n\(text)")
      // Rotating writes the same way into an existing file.
      let rotated = try #require(
        EntryText.setting([("lead", EntryText.scalar(title)), ("backup", EntryText.list([lead]))], in: text))
      let again = try #require(EntryParser.parse(text: rotated, path: "registry/services/x.md").entry)
      #expect(again.lead?.value == title && again.backup.map(\.value) == [lead], "round \(round)\n\(rotated)")
    }
  }

  @Test(arguments: [
    "web/[ab].tsx", "/services/search/a,b.py", "#x", "- x", "*.swift", "yes", "12", "@anna", "é",
  ])
  func valuesThatYAMLWouldMisreadAreQuoted(_ value: String) {
    #expect(EntryText.scalar(value).hasPrefix("'"), "\(value)")
  }

  @Test(arguments: ["/services/checkout/", "anna", "anna@example.com", "docs/guide.md"])
  func plainValuesStayPlain(_ value: String) {
    #expect(EntryText.scalar(value) == value)
  }
}
