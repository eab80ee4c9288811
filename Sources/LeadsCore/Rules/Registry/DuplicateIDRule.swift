/// Two entries share an id.
public struct DuplicateIDRule: RegistryRule {
  public static let description = RuleDescription(
    id: .duplicateID, severity: .error,
    summary: "Two entries have the same id.",
    rationale:
      "Ids name posts in history, waivers and commit trailers; two entries with one id make every one of those ambiguous.",
    passing: [
      RuleExample([
        (
          "registry/checkout.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/checkout/]\n---\n"
        ),
        (
          "registry/search.md",
          "---\nkind: service\nlead: anna@example.com\npaths: [/services/search/]\n---\n"
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
          "registry/zz/search.md",
          "---\nkind: service\nid: ↓checkout\nlead: anna@example.com\npaths: [/services/search/]\n---\n"
        ),
      ])
    ]
  )

  public init() {}

  public func check(_ registry: Registry) -> [RuleFinding] {
    var firstFile: [String: String] = [:]
    var findings: [RuleFinding] = []
    for entry in registry.entries.sorted(by: { $0.file < $1.file }) {
      if let first = firstFile[entry.id.value] {
        findings.append(
          RuleFinding(
            "id '\(entry.id.value)' is already used by \(first); give one of them another id", in: entry,
            at: entry.keyPositions["id"].map { _ in entry.id.position } ?? .start))
      } else {
        firstFile[entry.id.value] = entry.file
      }
    }
    return findings
  }
}
