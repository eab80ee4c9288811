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
      like `*.swift` over a folder) leave the owner to whichever line happens to come last — unless one post \
      declares `overrides: [other]`: its lines then come after the other's, and it wins where they overlap (a \
      docs service owning `*.md` across folder services). Each pair of patterns is reported once, with at most \
      10 findings per pattern and one line counting the rest; an `overrides` naming no post is reported too.
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
      ]),
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        (
          "registry/docs.md",
          "---\nkind: service\nlead: andy@example.com\npaths: ['*.md']\noverrides: [checkout]\n---\n"
        ),
      ]),
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
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        (
          "registry/docs.md",
          "---\nkind: service\nlead: andy@example.com\npaths: [↓'*.md']\noverrides: [↓chekout]\n---\n"
        ),
      ]),
    ]
  )

  public init() {}

  /// At most this many findings name one pattern; the rest are counted in one more.
  public static let findingsPerPattern = 10

  public func check(_ registry: Registry) -> [RuleFinding] {
    var overlaps = ServiceOverlaps(registry, findingsPerPattern: Self.findingsPerPattern)
    overlaps.reportSharedPatterns()
    overlaps.reportCrossingPatterns()
    return overlaps.findings()
  }
}
