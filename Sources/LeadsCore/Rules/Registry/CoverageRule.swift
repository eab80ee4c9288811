/// Too little of the repository has owners, or a file without owners is new.
public struct CoverageRule: RegistryRule {
  static let team = (
    "registry/checkout.md", "---\nkind: service\nlead: anna@example.com\npaths: [/services/]\n---\n"
  )

  public static let description = RuleDescription(
    id: .coverage, severity: .error,
    summary:
      "Fewer tracked files have owners than `coverage.minimum` requires, or an unowned file is not in the coverage baseline.",
    rationale: """
      Code nobody owns is code nobody reviews. A minimum keeps coverage from sliding; a baseline lists the \
      unowned files a team tolerates for now, so only new ones are reported and coverage can be ratcheted up \
      (`leads coverage --update-baseline`).
      """,
    passing: [
      RuleExample([team, ("registry/leads.yml", "coverage:\n  minimum: 50\n")]),
      RuleExample([
        team, ("registry/leads.yml", "coverage:\n  baseline: registry/coverage-baseline.txt\n"),
        (
          "registry/coverage-baseline.txt",
          "docs/guide.md\nregistry/checkout.md\nregistry/coverage-baseline.txt\nregistry/leads.yml\n"
        ),
      ]),
    ],
    failing: [
      RuleExample([team, ("registry/leads.yml", "coverage:\n  minimum: ↓90\n")]),
      RuleExample([
        team, ("registry/leads.yml", "coverage:\n  baseline: ↓registry/coverage-baseline.txt\n"),
        ("registry/coverage-baseline.txt", ""),
      ]),
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    let config = registry.config
    guard config.coverageMinimum != nil || config.coverageBaseline != nil else { return [] }
    let coverage = Coverage(registry)
    let configPath = config.path
    var findings: [RuleFinding] = []
    if let minimum = config.coverageMinimum, coverage.percent < minimum {
      findings.append(
        RuleFinding(
          path: configPath, position: config.positions["coverage.minimum"] ?? .start,
          message:
            "\(coverage.percent)% of tracked files have owners (\(coverage.owned) of \(coverage.files)), below the minimum of \(minimum)%; `leads coverage` lists the rest",
          data: FindingData(
            share: coverage.percent, count: coverage.files - coverage.owned, threshold: minimum)))
    }
    if let baselinePath = config.coverageBaseline {
      let tolerated = Set(registry.coverageBaseline ?? [])
      let fresh = coverage.unowned.filter { !tolerated.contains($0) }
      if !fresh.isEmpty {
        let shown =
          fresh.prefix(5).joined(separator: ", ") + (fresh.count > 5 ? " and \(fresh.count - 5) more" : "")
        findings.append(
          RuleFinding(
            path: configPath, position: config.positions["coverage.baseline"] ?? .start,
            message:
              "\(fresh.count) file\(fresh.count == 1 ? " has" : "s have") no owners and \(fresh.count == 1 ? "is" : "are") not in \(baselinePath): \(shown); give \(fresh.count == 1 ? "it" : "them") a service, or run `leads coverage --update-baseline`"
          ))
      }
    }
    return findings
  }
}
