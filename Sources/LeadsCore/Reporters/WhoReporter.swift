/// Renders `leads who`: each path's owners and the CODEOWNERS lines that decide them.
public struct WhoReporter: Sendable {
  public static let version = 1

  /// Who owns one path, and why.
  public struct Answer: Sendable, Equatable {
    public let path: String
    public let owners: [String]
    /// The last matching line of each section (one for GitHub), in file order.
    public let deciding: [CodeownersRule]
  }

  struct Document: Encodable {
    let version: Int
    let paths: [Path]
  }

  struct Path: Encodable {
    let path: String
    let owners: [String]
    let rules: [Rule]
  }

  /// Every key is always present; `entry`, `line` and `section` are null when they do not apply.
  struct Rule: Encodable {
    let pattern: String
    let owners: [String]
    let entry: String?
    let line: Int?
    let section: String?

    enum CodingKeys: String, CodingKey { case pattern, owners, entry, line, section }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(pattern, forKey: .pattern)
      try container.encode(owners, forKey: .owners)
      try container.encode(entry, forKey: .entry)
      try container.encode(line, forKey: .line)
      try container.encode(section, forKey: .section)
    }
  }

  public init() {}

  public static func answers(for paths: [String], routing: CodeownersRouting) -> [Answer] {
    paths.map { Answer(path: $0, owners: routing.owners(of: $0), deciding: routing.deciding($0)) }
  }

  /// `path  owners  [pattern from entry; ...]`, one line per path.
  public func text(_ answers: [Answer]) -> String {
    answers.map { answer in
      let owners = answer.owners.isEmpty ? "(no owners)" : answer.owners.joined(separator: " ")
      let from = answer.deciding.map { rule in
        rule.entry.map { "\(rule.pattern) from \($0)" } ?? "\(rule.pattern) on line \(rule.line)"
      }
      let reasons = from.isEmpty ? "" : "  [\(from.joined(separator: "; "))]"
      return OwnerReference.visible("\(answer.path)  \(owners)\(reasons)") + "\n"
    }.joined()
  }

  public func json(_ answers: [Answer]) -> String {
    encodeJSON(
      Document(
        version: WhoReporter.version,
        paths: answers.map { answer in
          Path(
            path: answer.path, owners: answer.owners,
            rules: answer.deciding.map {
              Rule(
                pattern: $0.pattern, owners: $0.owners, entry: $0.entry, line: $0.line == 0 ? nil : $0.line,
                section: $0.section)
            })
        }))
  }
}
