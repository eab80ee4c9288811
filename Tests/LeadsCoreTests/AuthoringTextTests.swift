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

/// Handing a post over, decided without a repository.
struct HandoffTests {
  static func post(lead: String?, backup: [String]) -> Entry {
    var entry = Entry(file: "registry/checkout.md", kind: .service, id: Located("checkout", at: .start))
    entry.lead = lead.map { Located($0, at: .start) }
    entry.backup = backup.map { Located($0, at: .start) }
    return entry
  }

  static let people = PersonDirectory([
    {
      var anna = Entry(file: "registry/people/anna.md", kind: .person, id: Located("anna", at: .start))
      anna.emails = [Located("anna@example.com", at: .start)]
      return anna
    }()
  ])

  @Test func theOldLeadBecomesTheFirstBackupAndTheNewLeadLeavesTheBackups() throws {
    let handoff = try Handoff(
      of: HandoffTests.post(lead: "anna", backup: ["andy", "bea"]), to: "andy", oldLead: .backup,
      people: HandoffTests.people)
    #expect(handoff.backups == ["anna", "bea"])
    #expect(handoff.values.map(\.value) == ["andy", "[anna, bea]"])
    #expect(
      handoff.commitMessage
        == "Hand checkout from anna to andy\n\nandy leads checkout from now on; anna stays on as backup.")
    #expect(!handoff.commitMessage.contains("Co-authored-by"))
  }

  @Test func leavingRemovesTheOldLeadUnderAnySpelling() throws {
    let handoff = try Handoff(
      of: HandoffTests.post(lead: "anna", backup: ["anna@example.com", "bea"]), to: "bea", oldLead: .leave,
      people: HandoffTests.people)
    #expect(handoff.backups.isEmpty)
    #expect(handoff.commitMessage.hasSuffix("anna leaves the post."))
  }

  @Test func handingToTheSamePersonOrFromNobodyIsRefused() {
    #expect(throws: AuthoringProblem(description: "'anna@example.com' already leads 'checkout'")) {
      try Handoff(
        of: HandoffTests.post(lead: "anna", backup: []), to: "anna@example.com", oldLead: .backup,
        people: HandoffTests.people)
    }
    #expect(throws: AuthoringProblem(description: "registry/checkout.md has no lead to hand over")) {
      try Handoff(
        of: HandoffTests.post(lead: nil, backup: []), to: "bea", oldLead: .backup, people: HandoffTests.people
      )
    }
  }
}

/// Where `leads new` writes, decided from the kind and id alone.
struct NewEntryTests {
  static let registry = Linter.lint(
    LintInput(
      files: [
        RegistryFile(
          path: "registry/services/checkout.md",
          content: .bytes(Array("---\nkind: service\nlead: anna@example.com\n---\n".utf8)))
      ], trackedFiles: [])
  ).registry

  @Test func eachKindHasItsFolder() throws {
    #expect(
      try NewEntry.path(kind: .initiative, id: "v2", in: NewEntryTests.registry)
        == "registry/initiatives/v2.md")
    #expect(
      try NewEntry.path(kind: .person, id: "anna", in: NewEntryTests.registry) == "registry/people/anna.md")
  }

  @Test(arguments: ["../../etc/x", "a/b", ".hidden", "", "Checkout", "checkout"])
  func idsThatCannotBeFileNamesOrAreTakenAreRefused(_ id: String) {
    #expect(throws: AuthoringProblem.self) {
      try NewEntry.path(kind: .service, id: id, in: NewEntryTests.registry)
    }
  }

  @Test func commentsOnBlockListItemsAreKept() throws {
    let text =
      "---\nkind: service\nlead: ari # since the spring\nbackup:\n  - bea   # covers weekends\n  # on call too\n  - cem\npaths: [/a/]\n---\n"
    let changed = try #require(
      EntryText.setting([("lead", "dana"), ("backup", EntryText.list(["ari", "bea", "cem"]))], in: text))
    #expect(
      changed
        == "---\nkind: service\nlead: dana # since the spring\nbackup: [ari, bea, cem]\n  # bea: covers weekends\n  # on call too\npaths: [/a/]\n---\n"
    )
    let parsed = EntryParser.parse(text: changed, path: "registry/a.md")
    #expect(parsed.findings.isEmpty && parsed.entry?.backup.map(\.value) == ["ari", "bea", "cem"])
  }

  @Test func checkInLineIsFoundByItsPrefix() {
    let line = NewEntry.checkInLine(on: CalendarDate("2026-03-01")!, by: "andy")
    #expect(line == "Last check-in: 2026-03-01 by andy" && line.hasPrefix(NewEntry.checkInPrefix))
  }
}
