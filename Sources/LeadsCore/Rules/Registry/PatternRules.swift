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
    summary: "Two services claim the same files and neither pattern is more specific than the other.",
    rationale: """
      A file has one service lead. A service nested inside another (a narrower pattern) is fine; two services \
      claiming the same files leave the owner to whichever CODEOWNERS line happens to come last.
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
        ("registry/swift.md", "---\nkind: service\nlead: anna@example.com\npaths: ['*.swift']\n---\n"),
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

  public func check(_ registry: Registry) -> [RuleFinding] {
    struct Claim {
      let service: Entry
      let pattern: Located<String>
      let files: Set<Int>
    }
    var claims: [Claim] = []
    var claimsByFile: [Int: [Int]] = [:]
    for service in registry.entries where service.kind == .service {
      for written in service.paths {
        guard let files = registry.matchesByPattern[written.value], !files.isEmpty else { continue }
        for file in files { claimsByFile[file, default: []].append(claims.count) }
        claims.append(Claim(service: service, pattern: written, files: Set(files)))
      }
    }
    var reported: Set<[Int]> = []
    var findings: [RuleFinding] = []
    for file in claimsByFile.keys.sorted() {
      let onFile = claimsByFile[file]!
      for (offset, a) in onFile.enumerated() {
        for b in onFile[(offset + 1)...] {
          let first = claims[a]
          let second = claims[b]
          guard first.service.file != second.service.file, !reported.contains([a, b]) else { continue }
          // Nested claims are fine when the narrower one comes later in CODEOWNERS, and so wins there.
          let firstKey = CodeownersGenerator.OrderKey(
            pattern: CodeownersPattern(first.pattern.value)!, isService: true, entry: first.service.id.value)
          let secondKey = CodeownersGenerator.OrderKey(
            pattern: CodeownersPattern(second.pattern.value)!, isService: true, entry: second.service.id.value
          )
          if first.files.isStrictSubset(of: second.files) && secondKey < firstKey { continue }
          if second.files.isStrictSubset(of: first.files) && firstKey < secondKey { continue }
          reported.insert([a, b])
          findings.append(
            RuleFinding(
              "'\(second.pattern.value)' of '\(second.service.id.value)' and '\(first.pattern.value)' of '\(first.service.id.value)' (\(first.service.file)) both claim \(registry.files.paths[file]); make one pattern more specific or give the files to one service",
              in: second.service, at: second.pattern.position))
        }
      }
    }
    return findings
  }
}
