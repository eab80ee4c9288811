/// The lines people wrote in CODEOWNERS (outside the generated block), read as the forge reads them, with
/// each owner's column.
struct HandWrittenLines {
  struct Line {
    let rule: CodeownersRule
    /// The column of the pattern and of each owner, 1-based.
    let patternColumn: Int
    let ownerColumns: [Int]
  }

  let path: String
  let lines: [Line]

  init?(_ registry: Registry) {
    guard let codeowners = registry.codeowners, let content = codeowners.content else { return nil }
    path = codeowners.path
    let bytes = CodeownersFile.handWritten(content)
    let text = String(decoding: bytes, as: UTF8.self)
    let raw = text.split(separator: "\n", omittingEmptySubsequences: false)
    lines = CodeownersParser.parse(text, flavor: registry.config.codeownersFlavor).map { rule in
      let line = rule.line >= 1 && rule.line <= raw.count ? Array(raw[rule.line - 1].unicodeScalars) : []
      // Columns of the whitespace-separated words, as written (an escaped space belongs to its word).
      var columns: [Int] = []
      var index = 0
      while index < line.count {
        while index < line.count, line[index] == " " || line[index] == "\t" { index += 1 }
        guard index < line.count, line[index] != "#" || !columns.isEmpty else { break }
        columns.append(index + 1)
        while index < line.count, line[index] != " " && line[index] != "\t" {
          index += line[index] == "\\" ? 2 : 1
        }
      }
      return Line(
        rule: rule, patternColumn: columns.first ?? 1,
        ownerColumns: rule.owners.indices.map { columns.count > $0 + 1 ? columns[$0 + 1] : 1 })
    }
  }
}

/// A hand-written CODEOWNERS line the forge cannot use as written.
public struct CodeownersInvalidRule: RegistryRule {
  public static let description = RuleDescription(
    id: .codeownersInvalid, severity: .error,
    summary:
      "A hand-written CODEOWNERS line has an owner that is not a valid owner, or a pattern leads refuses (`!`, `[ ]`, `..`).",
    rationale: """
      The lines people keep beside the generated block are part of review routing too: GitHub ignores a line \
      with an invalid owner (or stops reading the file), so files silently lose their reviewers. They get the \
      checks generated lines get.
      """,
    passing: [
      RuleExample([HandWrittenExamples.checkout, ("CODEOWNERS", "/services/search/ @octo/search\n")])
    ],
    failing: [
      RuleExample([HandWrittenExamples.checkout, ("CODEOWNERS", "/services/search/ ↓octo-search\n")]),
      RuleExample([HandWrittenExamples.checkout, ("CODEOWNERS", "↓/services/[ab]*/ @octo/search\n")]),
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    guard let file = HandWrittenLines(registry) else { return [] }
    var findings: [RuleFinding] = []
    for line in file.lines {
      if CodeownersPattern(line.rule.pattern) == nil {
        findings.append(
          RuleFinding(
            path: file.path, position: SourcePosition(line: line.rule.line, column: line.patternColumn),
            message:
              "pattern '\(OwnerReference.visible(line.rule.pattern))' is not one GitHub reads as written (no '!', '[ ]', '..' or invisible characters); rewrite it"
          ))
      }
      for (owner, column) in zip(line.rule.owners, line.ownerColumns) {
        let position = SourcePosition(line: line.rule.line, column: column)
        switch OwnerReference.parse(owner) {
        case .failure(let error):
          findings.append(RuleFinding(path: file.path, position: position, message: error.message))
        case .success(.personID):
          findings.append(
            RuleFinding(
              path: file.path, position: position,
              message:
                "'\(OwnerReference.visible(owner))' is not a CODEOWNERS owner: write an @handle, an @org/team or an email"
            ))
        case .success: continue
        }
      }
    }
    return findings
  }
}

/// A hand-written CODEOWNERS line that does nothing, or names someone the registry does not know.
public struct CodeownersLineRule: RegistryRule {
  public static let description = RuleDescription(
    id: .codeownersLine, severity: .warning,
    summary:
      "A hand-written CODEOWNERS line matches no tracked file, repeats an earlier line's pattern, or names a person the registry does not know.",
    rationale: """
      Adoption leaves hand-written lines beside the generated block; they rot like any other ownership. A \
      pattern that matches nothing outlived a move; the earlier of two lines with one pattern never decides \
      anything; an individual owner missing from a registry that lists its people is someone nobody tracks.
      """,
    passing: [
      RuleExample([
        HandWrittenExamples.checkout, HandWrittenExamples.anna,
        ("CODEOWNERS", "/docs/ anna@example.com @octo/docs\n"),
      ])
    ],
    failing: [
      RuleExample([HandWrittenExamples.checkout, ("CODEOWNERS", "↓/services/checkuot/ @octo/search\n")]),
      RuleExample([
        HandWrittenExamples.checkout, ("CODEOWNERS", "↓/docs/ @octo/docs\n/docs/ @octo/writers\n"),
      ]),
      RuleExample([
        HandWrittenExamples.checkout, HandWrittenExamples.anna, ("CODEOWNERS", "/docs/ ↓zed@example.com\n"),
      ]),
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    guard let file = HandWrittenLines(registry) else { return [] }
    let hasPeople = registry.entries.contains { $0.kind == .person }
    var findings: [RuleFinding] = []
    var lastLine: [String: Int] = [:]  // by section and pattern
    for line in file.lines {
      lastLine[(line.rule.section ?? "") + "\u{0}" + line.rule.pattern] = line.rule.line
    }
    for line in file.lines {
      let position = SourcePosition(line: line.rule.line, column: line.patternColumn)
      if let pattern = CodeownersPattern(line.rule.pattern), registry.files.matching(pattern).isEmpty {
        findings.append(
          RuleFinding(
            path: file.path, position: position,
            message:
              "pattern '\(OwnerReference.visible(line.rule.pattern))' matches no tracked file; remove the line or fix the pattern"
          ))
      }
      if let later = lastLine[(line.rule.section ?? "") + "\u{0}" + line.rule.pattern],
        later != line.rule.line
      {
        findings.append(
          RuleFinding(
            path: file.path, position: position,
            message:
              "line \(later) has the same pattern '\(OwnerReference.visible(line.rule.pattern))' and wins for every file; this line decides nothing: remove it or merge the owners",
            data: FindingData(count: later)))
      }
      guard hasPeople else { continue }
      for (owner, column) in zip(line.rule.owners, line.ownerColumns) {
        guard case .success(let reference) = OwnerReference.parse(owner) else { continue }
        if case .handle(let handle) = reference, handle.contains("/") { continue }  // a team
        guard registry.people.person(for: reference) == nil else { continue }
        findings.append(
          RuleFinding(
            path: file.path, position: SourcePosition(line: line.rule.line, column: column),
            message:
              "'\(OwnerReference.visible(owner))' is not in the registry; add a person file for them (or use the address or handle their file lists)",
            data: FindingData(person: owner)))
      }
    }
    return findings
  }
}

enum HandWrittenExamples {
  static let checkout = (
    "registry/checkout.md", "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
  )
  static let anna = ("registry/people/anna.md", "---\nkind: person\nemails: [anna@example.com]\n---\n")
}
