/// Renders `leads who`: each path's owners and the CODEOWNERS lines that decide them.
public struct WhoReporter: Sendable {
  public static let version = 1

  /// Who owns one path, and why; for a folder, the owner sets of the files under it.
  public struct Answer: Sendable, Equatable {
    public let path: String
    public let owners: [String]
    /// The last matching line of each section (one for GitHub), in file order.
    public let deciding: [CodeownersRule]
    /// For a folder: each distinct owner set of the tracked files under it, with how many files have it,
    /// most files first.
    public var folder: [OwnerSet]?
  }

  /// Files under a folder that share their owners.
  public struct OwnerSet: Sendable, Equatable {
    public let owners: [String]
    public let files: Int
  }

  struct Document: Encodable {
    let version: Int
    let paths: [Path]
  }

  /// A file has `owners` and the `rules` that decide them; a folder has `files` and `owner_sets` instead
  /// (and `owners` and `rules` are null), so that a reader can tell which it asked about.
  struct Path: Encodable {
    let path: String
    @ExplicitNull var owners: [String]?
    @ExplicitNull var rules: [Rule]?
    @ExplicitNull var files: Int?
    @ExplicitNull var ownerSets: [Set]?

    struct Set: Encodable {
      let owners: [String]
      let files: Int
    }

    enum CodingKeys: String, CodingKey {
      case path, owners, rules, files
      case ownerSets = "owner_sets"
    }

  }

  /// Every key is always present; `entry`, `line` and `section` are null when they do not apply.
  struct Rule: Encodable {
    let pattern: String
    let owners: [String]
    @ExplicitNull var entry: String?
    @ExplicitNull var line: Int?
    @ExplicitNull var section: String?

    enum CodingKeys: String, CodingKey { case pattern, owners, entry, line, section }

  }

  public init() {}

  /// Answers for `paths`; those in `folders` are answered for every tracked file under them.
  public static func answers(
    for paths: [String], routing: CodeownersRouting, folders: Set<String> = [],
    trackedFiles: PathTable = []
  ) -> [Answer] {
    paths.map { path in
      guard folders.contains(path) else {
        let deciding = routing.deciding(path)
        return Answer(path: path, owners: CodeownersRouting.owners(deciding), deciding: deciding)
      }
      var counts: [[String]: Int] = [:]
      for file in trackedFiles.files(under: path) {
        counts[routing.owners(of: file), default: 0] += 1
      }
      let sets = counts.map { OwnerSet(owners: $0.key, files: $0.value) }.sorted {
        ($1.files, $0.owners.joined(separator: " ")) < ($0.files, $1.owners.joined(separator: " "))
      }
      return Answer(path: path, owners: [], deciding: [], folder: sets)
    }
  }

  /// `path  owners  [pattern from entry; ...]`, one line per path.
  public func text(_ answers: [Answer]) -> String {
    // Neighbouring paths mostly share their owners and rules: what follows a path is made once for each run
    // of answers that share it.
    var output = ""
    var last: (owners: [String], deciding: [CodeownersRule], suffix: String)?
    for answer in answers {
      guard answer.folder == nil else {
        output += line(answer)
        continue
      }
      output += OwnerReference.visible(answer.path)
      if let known = last, known.owners == answer.owners, known.deciding == answer.deciding {
        output += known.suffix
        continue
      }
      let suffix = WhoReporter.suffix(answer.owners, answer.deciding)
      last = (answer.owners, answer.deciding, suffix)
      output += suffix
    }
    return output
  }

  /// One answer's line of text.
  private func line(_ answer: Answer) -> String {
    if let sets = answer.folder {
      let files = sets.reduce(0) { $0 + $1.files }
      let described = sets.map { set in
        "\(set.owners.isEmpty ? "(no owners)" : set.owners.joined(separator: " ")) (\(set.files))"
      }
      let name = answer.path.isEmpty ? "." : answer.path + "/"
      return OwnerReference.visible(
        "\(name)  \(files) file\(files == 1 ? "" : "s"): \(described.joined(separator: "; "))") + "\n"
    }
    return OwnerReference.visible(answer.path) + WhoReporter.suffix(answer.owners, answer.deciding)
  }

  /// What follows a path on its line: its owners and the rules that decided them.
  private static func suffix(_ owners: [String], _ deciding: [CodeownersRule]) -> String {
    let written = owners.isEmpty ? "(no owners)" : owners.joined(separator: " ")
    let from = deciding.map { rule in
      rule.entry.map { "\(rule.pattern) from \($0)" } ?? "\(rule.pattern) on line \(rule.line)"
    }
    let reasons = from.isEmpty ? "" : "  [\(from.joined(separator: "; "))]"
    return OwnerReference.visible("  \(written)\(reasons)") + "\n"
  }

  public func json(_ answers: [Answer]) -> String {
    encodeJSON(
      Document(
        version: WhoReporter.version,
        paths: answers.map { answer in
          if let sets = answer.folder {
            return Path(
              path: answer.path, owners: nil, rules: nil, files: sets.reduce(0) { $0 + $1.files },
              ownerSets: sets.map { Path.Set(owners: $0.owners, files: $0.files) })
          }
          return Path(
            path: answer.path, owners: answer.owners,
            rules: answer.deciding.map {
              Rule(
                pattern: $0.pattern, owners: $0.owners, entry: $0.entry, line: $0.line == 0 ? nil : $0.line,
                section: $0.section)
            }, files: nil, ownerSets: nil)
        }))
  }
}
