/// Two entries share an id.
public struct DuplicateIDRule: RegistryRule {
  public static let description = RuleDescription(
    id: .duplicateID, severity: .error,
    summary: "Two entries have the same id, or ids that differ only in upper and lower case.",
    rationale: """
      Ids name posts in history, waivers and commit trailers; two entries with one id make every one of those \
      ambiguous. Ids that differ only by case are the same file name on case-insensitive file systems (macOS, \
      Windows) and read as one id to people.
      """,
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
    var firstFile: [String: (id: String, file: String)] = [:]
    var findings: [RuleFinding] = []
    for entry in registry.entries.sorted(by: { $0.file < $1.file }) {
      let position = entry.keyPositions["id"].map { _ in entry.id.position } ?? .start
      if let first = firstFile[entry.id.value.lowercased()] {
        let message =
          first.id == entry.id.value
          ? "id '\(entry.id.value)' is already used by \(first.file); give one of them another id"
          : "id '\(entry.id.value)' differs only by case from '\(first.id)' in \(first.file); give one of them another id"
        findings.append(RuleFinding(message, in: entry, at: position, data: FindingData(other: first.file)))
      } else {
        firstFile[entry.id.value.lowercased()] = (entry.id.value, entry.file)
      }
    }
    return findings
  }
}
