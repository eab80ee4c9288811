import Testing

@testable import LeadsCore

struct SourceTextTests {
  @Test func byteOrderMarkAndCRLFAreNormalised() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("---\r\nkind: person\r\n---\r\n".utf8)
    #expect(try SourceText.decode(bytes).get() == "---\nkind: person\n---\n")
  }

  @Test func invalidUTF8IsReportedAtItsLineAndColumn() {
    let bytes = Array("---\nname: ".utf8) + [0xC3, 0x28] + Array("\n---\n".utf8)
    guard case .failure(let problem) = SourceText.decode(bytes) else {
      Issue.record("decoded invalid UTF-8")
      return
    }
    #expect(problem.position == SourcePosition(line: 2, column: 7))
    #expect(problem.message.contains("0xC3"))
  }

  @Test func overlongAndSurrogateEncodingsAreRejected() {
    #expect(SourceText.firstInvalidUTF8Byte([0x41, 0xC0, 0x80]) == 1)
    #expect(SourceText.firstInvalidUTF8Byte([0xED, 0xA0, 0x80]) == 0)
    #expect(SourceText.firstInvalidUTF8Byte(Array("añ€😀".utf8)[...]) == nil)
  }

  @Test func binaryFilesAreRefused() {
    guard case .failure(let problem) = SourceText.decode([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]) else {
      Issue.record("decoded a binary file")
      return
    }
    #expect(problem.message.hasPrefix("binary file"))
  }

  @Test func oversizedFilesAreRefusedUnread() {
    let bytes = [UInt8](repeating: 0x61, count: SourceText.maximumByteCount + 1)
    guard case .failure(let problem) = SourceText.decode(bytes) else {
      Issue.record("decoded an oversized file")
      return
    }
    #expect(problem.message.contains("too large"))
    #expect(problem.position == .start)
  }
}

struct FrontMatterTests {
  @Test func splitsTheBlockBetweenDelimiters() {
    #expect(
      FrontMatter.split("---\na: 1\n---\n# body\n") == .frontMatter(FrontMatter(yaml: "a: 1", firstLine: 2)))
    #expect(FrontMatter.split("---  \na: 1\n...\n") == .frontMatter(FrontMatter(yaml: "a: 1", firstLine: 2)))
  }

  @Test func reportsMissingAndUnclosedBlocks() {
    #expect(FrontMatter.split("# Title\n") == .none)
    #expect(FrontMatter.split("---\na: 1\n") == .unclosed)
    #expect(FrontMatter.split("") == .none)
  }
}

struct YAMLReaderTests {
  func problem(_ yaml: String) -> YAMLReader.Problem? {
    if case .failure(let problem) = YAMLReader.parse(yaml, firstLine: 2) { return problem }
    return nil
  }

  @Test func positionsAreFileLinesAndColumns() throws {
    guard case .success(.mapping(let pairs, _)?) = YAMLReader.parse("kind: service\nlead: añna", firstLine: 2)
    else {
      Issue.record("did not parse")
      return
    }
    #expect(pairs[1].key.position == SourcePosition(line: 3, column: 1))
    #expect(pairs[1].value.position == SourcePosition(line: 3, column: 7))
  }

  @Test func aliasBombIsRefusedBeforeExpansion() {
    var yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in 1...30 {
      let previous = level == 1 ? "a" : "l\(level - 1)"
      yaml +=
        "l\(level): &l\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ")
        + "]\n"
    }
    let found = problem(yaml)
    #expect(found?.position == SourcePosition(line: 2, column: 4))
    #expect(found?.message.contains("anchor") == true)
  }

  @Test func aliasAsAComplexKeyIsRefused() {
    #expect(problem("x: &x [1]\n? *x\n: 2")?.position == SourcePosition(line: 2, column: 4))
  }

  @Test func anchorsInsideQuotesCommentsAndBlockScalarsAreText() {
    #expect(
      problem("title: 'a &b *c'\nnote: \"*x\" # &y\ntext: |\n  * bullet\n  &amp\nlead: fish &chips") == nil)
  }

  @Test func duplicateKeyIsReportedAtTheSecondOccurrence() {
    let found = problem("kind: service\nlead: a\nbackup: []\nlead: b")
    #expect(found?.position == SourcePosition(line: 5, column: 1))
    #expect(found?.message == "duplicate key 'lead'; it is already set on line 3")
  }

  @Test func tabIndentationIsReportedAtTheTab() {
    let found = problem("paths:\n  \t- /a/")
    #expect(found?.position == SourcePosition(line: 3, column: 3))
  }

  @Test func syntaxErrorsCarryThePosition() {
    let found = problem("kind: service\nlead: [anna\n")
    #expect(found != nil)
    #expect(found?.message.hasPrefix("invalid YAML") == true)
    #expect((found?.position.line ?? 0) >= 3)
  }
}

struct ValueTests {
  @Test(arguments: [
    ("2024-02-29", true), ("2023-02-29", false), ("2026-02-30", false), ("2026-13-01", false),
    ("2026-04-31", false),
    ("2026-4-01", false), ("20260401", false), ("2000-02-29", true), ("1900-02-29", false),
    ("2026-12-31", true),
  ])
  func calendarDates(_ text: String, _ valid: Bool) {
    #expect((CalendarDate(text) != nil) == valid)
    #expect((CalendarDate.problem(with: text) == nil) == valid)
  }

  @Test func daysSinceEpochRoundTrips() {
    for days in stride(from: -719_162, through: 2_932_896, by: 997) {
      #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
    }
    // Outside years 1 to 9999 (a commit may say any time): clamped, never a trap.
    #expect(CalendarDate(daysSinceEpoch: -800_000).description == "0001-01-01")
    #expect(CalendarDate(daysSinceEpoch: .max).description == "9999-12-31")
    #expect(CalendarDate(unixTime: .min).description == "0001-01-01")
    #expect(CalendarDate(unixTime: .max).description == "9999-12-31")
    #expect(CalendarDate(unixTime: -1).description == "1969-12-31")
    #expect(CalendarDate("1970-01-01")!.daysSinceEpoch == 0)
    #expect(CalendarDate(unixTime: 1_767_225_599).description == "2025-12-31")
  }

  @Test func periodsReachingBeforeYearOneStopThere() throws {
    let now = try #require(CalendarDate("2026-06-15"))
    #expect(Period(2_025, .year).before(now).description == "0001-06-15")
    for count in [2_026, 30_000, 36_599, 36_600] {
      #expect(Period(count, .year).before(now).description == "0001-01-01", "\(count) years")
    }
    #expect(Period(24_305, .month).before(now).description == "0001-01-15")
    #expect(Period(18, .month).before(now).description == "2024-12-15")
  }

  @Test func periods() throws {
    #expect(try Period.parse("90 days").get() == Period(90, .day))
    #expect(try Period.parse("1 year").get() == Period(1, .year))
    #expect(try Period.parse("18 Months").get() == Period(18, .month))
    #expect(Period.parse("18") == .failure(.missingUnit(18)))
    #expect(Period.parse("1.5 years") == .failure(.notANumber("1.5")))
    #expect(Period.parse("3 fortnights") == .failure(.unknownUnit("fortnights")))
    #expect(Period.parse("0 days") == .failure(.notPositive))
    #expect(Period(1, .month).before(CalendarDate("2026-03-31")!) == CalendarDate("2026-02-28")!)
  }

  @Test func suggestions() {
    #expect(Suggestions.closest(to: "laed", in: EntrySchema.allKeys) == "lead")
    #expect(Suggestions.closest(to: "backups", in: EntrySchema.allKeys) == "backup")
    #expect(Suggestions.closest(to: "zzzzzz", in: EntrySchema.allKeys) == nil)
  }

  @Test(arguments: [
    ("anna", true), ("anna@example.com", true), ("@anna", true), ("@org/team-a", true), ("anna\n* @x", false),
    ("anna smith", false), ("anna#1", false), ("@", false), ("a@b", false), ("/src/", false),
    ("@a/b/c", false),
  ])
  func ownerReferences(_ text: String, _ valid: Bool) {
    let parsed = OwnerReference.parse(text)
    if case .success = parsed { #expect(valid) } else { #expect(!valid) }
  }
}

/// The YAML mistakes newcomers make get a sentence that says what to type, at the parser's position.
struct YAMLAdviceTests {
  @Test(arguments: [
    ("lead: @bobb", "a value starting with '@' must be quoted: lead: '@bobb'", "3:7"),
    (
      "title: Ledger: the money", "a value containing ': ' must be quoted: title: 'Ledger: the money'", "3:14"
    ),
    (
      "title: [draft] ledger",
      "a value starting with '[' is read as a YAML list: for text, quote it (title: '[draft] ledger')", "3:16"
    ),
    ("title: `ledger`", "a value starting with '`' must be quoted: title: '`ledger`'", "3:8"),
    (
      "title: {x} it's",
      "a value starting with '{' is read as a YAML mapping: for text, quote it (title: '{x} it''s')", nil
    ),
  ])
  func syntaxErrorsNameTheFix(_ line: String, _ advice: String, _ place: String?) {
    let text = "---\nkind: service\n\(line)\nlead: bob@example.com\npaths: [/a/]\n---\n"
    let findings = EntryParser.parse(text: text, path: "registry/a.md").findings
    let yaml = findings.first { $0.rule == .yamlSyntax }
    #expect(yaml?.message.hasPrefix(advice) == true, "\(findings.map(\.message))")
    if let place { #expect(yaml.map { "\($0.position.line):\($0.position.column)" } == place) }
  }

  @Test func aLongValueIsRepeatedByItsStartOnly() {
    let value = String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000)
    let text = "---\nkind: service\nlead: bob@example.com\npaths: \(value)\n---\n"
    let findings = EntryParser.parse(text: text, path: "registry/a.md").findings
    let message = findings.first { $0.rule == .yamlSyntax }?.message ?? ""
    #expect(
      message.hasPrefix(
        "a value starting with '[' is read as a YAML list: for text, quote it (paths: '"
          + String(repeating: "[", count: YAMLAdvice.shownCharacters) + "…')"), "\(findings.map(\.message))")
    #expect(message.count < 300, "\(message.count) characters")
    #expect(
      message.hasSuffix("(YAML: values nested too deeply (a lead file's values are one or two levels deep))"))
  }

  @Test func listsWrittenAsTextOrBracesSayHowAListIsWritten() {
    let comma = Linter.lint(
      LintInput(
        files: [
          RegistryFile(
            path: "registry/a.md",
            content: .bytes(Array("---\nkind: service\nlead: bob@example.com\npaths: /a/, /b/\n---\n".utf8)))
        ], trackedFiles: ["a/x", "b/y"]))
    #expect(comma.diagnostics.contains { $0.message.contains("write a YAML list: [/a/, /b/]") })
    let braces = EntryParser.parse(
      text: "---\nkind: service\nlead: bob@example.com\npaths: {go,sql}\n---\n", path: "registry/a.md")
    #expect(braces.findings.contains { $0.message.contains("a list is written [a, b]") })
  }
}
