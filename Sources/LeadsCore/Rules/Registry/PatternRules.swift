/// A path pattern CODEOWNERS cannot express.
public struct InvalidPatternRule: RegistryRule {
  public static let description = RuleDescription(
    id: .invalidPattern, severity: .error,
    summary: "A path pattern uses syntax CODEOWNERS does not support or would misread.",
    rationale: """
      Patterns are copied into CODEOWNERS. GitHub does not support '!', '[ ]' or '\\#', reads '#' as a comment, \
      and splits on spaces; such a pattern would route reviews differently from what the registry says.
      """,
    passing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths: ['/services/checkout/', '*.swift', 'docs/**/guide.md']\n---\n"
      )
    ],
    failing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths:\n  - ↓'!/services/checkout/'\n  - ↓/services/[a-c]*/\n  - ↓'/docs/my guide.md'\n---\n"
      )
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    registry.posts.flatMap { post in
      post.paths.compactMap { pattern in
        guard !CodeownersPattern.escapesRepository(pattern.value),
          let problem = CodeownersPattern.problem(with: pattern.value)
        else { return nil }
        return RuleFinding(problem, in: post, at: pattern.position)
      }
    }
  }
}

/// A path pattern that climbs out of the repository.
public struct PatternEscapesRepositoryRule: RegistryRule {
  public static let description = RuleDescription(
    id: .patternEscapesRepository, severity: .error,
    summary: "A path pattern uses '..' and points outside the repository.",
    rationale:
      "CODEOWNERS patterns are relative to the repository root; a '..' segment can never match and hides a mistake.",
    passing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n")
    ],
    failing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths: [↓../checkout/, ↓/services/../../etc/]\n---\n")
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    registry.posts.flatMap { post in
      post.paths.filter { CodeownersPattern.escapesRepository($0.value) }.map { pattern in
        RuleFinding(
          "pattern '\(OwnerReference.visible(pattern.value))' leaves the repository with '..'; patterns are relative to the repository root",
          in: post, at: pattern.position)
      }
    }
  }
}

/// A path pattern that matches no tracked file.
public struct UnmatchedPatternRule: RegistryRule {
  public static let description = RuleDescription(
    id: .unmatchedPattern, severity: .warning,
    summary: "A path pattern matches no file tracked in the repository.",
    rationale:
      "A pattern that matches nothing usually outlived a move or rename; the code it meant is now owned by nobody.",
    passing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/, '*.swift']\n---\n")
    ],
    failing: [
      RuleExample(
        "registry/checkout.md",
        "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/, ↓/services/checkuot/]\n---\n"
      )
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    registry.posts.flatMap { post in
      post.paths.compactMap { written in
        guard registry.matchesByPattern[written.value]?.isEmpty == true else { return nil }
        return RuleFinding(
          "pattern '\(written.value)' matches no tracked file", in: post, at: written.position)
      }
    }
  }
}

/// Two services claim the same files and neither is more specific.
public struct OverlappingServicesRule: RegistryRule {
  public static let description = RuleDescription(
    id: .overlappingServices, severity: .error,
    summary: "Two services claim the same files and neither pattern nests inside the other.",
    rationale: """
      A file has one service lead. A service nested inside another is fine: a pattern inside a folder another \
      pattern names in full (`/services/search/ranking/` or `/services/search/*.md` inside `/services/search/`) \
      comes later in CODEOWNERS and wins there. Nesting is read from the patterns alone, never from which files \
      happen to exist. Two services claiming the same files otherwise (the same pattern, or a cross-cutting one \
      like `*.swift` over a folder) leave the owner to whichever line happens to come last. Each pair of \
      patterns is reported once, with at most 10 findings per pattern and one line counting the rest.
      """,
    passing: [
      RuleExample([
        (
          "registry/search.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/search/]\n---\n"
        ),
        (
          "registry/ranking.md",
          "---\nkind: service\nlead: andy@example.com\npaths: [/services/search/ranking/]\n---\n"
        ),
        (
          "registry/docs.md",
          "---\nkind: service\nlead: anna@example.com\npaths: ['/services/search/*.md']\n---\n"
        ),
      ])
    ],
    failing: [
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        (
          "registry/payments.md",
          "---\nkind: service\nlead: andy@example.com\npaths: [↓/services/checkout/]\n---\n"
        ),
      ]),
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        ("registry/swift.md", "---\nkind: service\nlead: andy@example.com\npaths: [↓'*.swift']\n---\n"),
      ]),
    ]
  )

  public init() {}

  /// At most this many findings name one pattern; the rest are counted in one more.
  public static let findingsPerPattern = 10

  public func check(_ registry: Registry) -> [RuleFinding] {
    struct Claim {
      let service: Entry
      let pattern: Located<String>
      let compiled: CodeownersPattern
    }
    // Claims grouped by pattern text, in file order: services claiming the same text claim the same files.
    var groups: [[Claim]] = []
    var groupOf: [String: Int] = [:]
    for service in registry.entries where service.kind == .service {
      for written in service.paths {
        guard let files = registry.matchesByPattern[written.value], !files.isEmpty,
          let compiled = CodeownersPattern(written.value)
        else { continue }
        let claim = Claim(service: service, pattern: written, compiled: compiled)
        if let group = groupOf[written.value] {
          if !groups[group].contains(where: { $0.service.file == service.file }) {
            groups[group].append(claim)
          }
        } else {
          groupOf[written.value] = groups.count
          groups.append([claim])
        }
      }
    }
    var findings: [RuleFinding] = []
    var reportedOn: [Int: Int] = [:]  // findings naming each group
    var suppressed: [Int: (count: Int, example: Claim)] = [:]
    func report(_ claim: Claim, group: Int, other: Claim, otherGroup: Int, file: Int) {
      let shown = min(reportedOn[group, default: 0], reportedOn[otherGroup, default: 0])
      guard shown < Self.findingsPerPattern else {
        let key = reportedOn[group, default: 0] >= Self.findingsPerPattern ? group : otherGroup
        suppressed[key, default: (0, key == group ? claim : other)].count += 1
        return
      }
      reportedOn[group, default: 0] += 1
      if otherGroup != group { reportedOn[otherGroup, default: 0] += 1 }
      findings.append(
        RuleFinding(
          "'\(claim.pattern.value)' of '\(claim.service.id.value)' and '\(other.pattern.value)' of '\(other.service.id.value)' (\(other.service.file)) both claim \(registry.files.paths[file]); make one pattern more specific or give the files to one service",
          in: claim.service, at: claim.pattern.position, data: FindingData(other: other.service.id.value)))
    }
    // One pattern claimed by several services: each later claim against the first.
    for (group, claims) in groups.enumerated() where claims.count > 1 {
      let file = registry.matchesByPattern[claims[0].pattern.value]![0]
      for claim in claims.dropFirst() {
        report(claim, group: group, other: claims[0], otherGroup: group, file: file)
      }
    }
    // Different patterns on the same files: each pair of groups once, found through the distinct sets of
    // groups that files fall in (files in the same folders share them), unless one pattern nests in the other.
    var groupsByFile: [Int: [Int]] = [:]
    for (group, claims) in groups.enumerated() {
      for file in registry.matchesByPattern[claims[0].pattern.value]! {
        groupsByFile[file, default: []].append(group)
      }
    }
    var seenSets: Set<[Int]> = []
    var seenPairs: Set<[Int]> = []
    for file in groupsByFile.keys.sorted() {
      let onFile = groupsByFile[file]!
      guard onFile.count > 1, seenSets.insert(onFile).inserted else { continue }
      for (offset, first) in onFile.enumerated() {
        for second in onFile[(offset + 1)...] where seenPairs.insert([first, second]).inserted {
          let a = groups[first][0]
          let b = groups[second][0]
          let keyA = CodeownersGenerator.OrderKey(
            pattern: a.compiled, isService: true, entry: a.service.id.value)
          let keyB = CodeownersGenerator.OrderKey(
            pattern: b.compiled, isService: true, entry: b.service.id.value)
          // Nested claims are fine when the narrower one comes later in CODEOWNERS, and so wins there.
          if (a.compiled.contains(b.compiled) && keyA < keyB)
            || (b.compiled.contains(a.compiled) && keyB < keyA)
          {
            continue
          }
          // Two claims of different services; a service may claim both patterns itself.
          guard
            let pair = groups[second].lazy.compactMap({ later in
              groups[first].first { $0.service.file != later.service.file }.map { (later, $0) }
            }).first
          else { continue }
          report(pair.0, group: second, other: pair.1, otherGroup: first, file: file)
        }
      }
    }
    for (group, rest) in suppressed.sorted(by: { $0.key < $1.key }) {
      let pattern = groups[group][0].pattern.value
      findings.append(
        RuleFinding(
          "'\(pattern)' overlaps \(rest.count) more claim\(rest.count == 1 ? "" : "s") of other services, not listed one by one; give these files to one service",
          in: rest.example.service, at: rest.example.pattern.position, data: FindingData(count: rest.count)))
    }
    return findings
  }
}
