/// Reads one lead file into an `Entry`, reporting every problem with its position.
public enum EntryParser {
  /// What reading a file produced.
  public struct Outcome: Sendable {
    /// The entry, when the file is one and its kind could be read.
    public var entry: Entry?
    /// Whether the file is documentation (a `README.md`) rather than an entry.
    public var isDocumentation = false
    public var findings: [Finding] = []
  }

  /// Whether a path names registry documentation rather than an entry.
  public static func isDocumentation(_ path: String) -> Bool {
    path.split(separator: "/").last?.lowercased() == "readme.md"
  }

  /// Parses the already decoded text of `path`.
  public static func parse(text: String, path: String) -> Outcome {
    var outcome = Outcome()
    func fail(_ rule: RuleID, _ message: String, _ position: SourcePosition = .start) -> Outcome {
      outcome.findings.append(Finding(rule: rule, message: message, path: path, position: position))
      return outcome
    }
    let frontMatter: FrontMatter
    switch FrontMatter.split(text) {
    case .none:
      if isDocumentation(path) {
        outcome.isDocumentation = true
        return outcome
      }
      return fail(
        .frontMatter,
        "no front matter: a lead file starts with a line '---', then YAML keys, then '---'; notes without keys belong in README.md"
      )
    case .unclosed:
      return fail(.frontMatter, "front matter is never closed: add a line '---' after the last key")
    case .frontMatter(let found):
      frontMatter = found
    }
    let root: YAMLNode
    switch YAMLReader.parse(frontMatter.yaml, firstLine: frontMatter.firstLine) {
    case .failure(let problem):
      return fail(.yamlSyntax, problem.message, problem.position)
    case .success(nil):
      return fail(.frontMatter, "front matter is empty; a lead file needs at least 'kind' and 'lead'")
    case .success(let node?):
      root = node
    }
    guard case .mapping(let mapping, _) = root else {
      return fail(.schema, "front matter must be a mapping of keys, found \(root.typeName)", root.position)
    }
    var reader = MappingReader(path: path)
    reader.load(mapping)
    let entry = readEntry(&reader, path: path)
    outcome.entry = entry
    outcome.findings = reader.findings.map { finding in
      var finding = finding
      finding.entry = entry?.id.value
      return finding
    }
    return outcome
  }

  private static func readEntry(_ reader: inout MappingReader, path: String) -> Entry? {
    guard let kind = readKind(&reader) else {
      reader.reportUnknownKeys(allowed: EntrySchema.allKeys, describe: { _ in nil })
      return nil
    }
    let id = readID(&reader, path: path)
    var entry = Entry(file: path, kind: kind, id: id)
    entry.keyPositions = reader.keyPositions
    reader.reportUnknownKeys(allowed: EntrySchema.keys(for: kind)) { key in
      let owners = EntrySchema.kinds(acceptingKey: key)
      guard !owners.isEmpty else { return nil }
      return
        "it is not a key of a \(kind.rawValue) (it belongs to \(owners.map { $0.rawValue + "s" }.joined(separator: " and ")))"
    }
    entry.title = reader.string("title")?.value
    switch kind {
    case .service, .initiative:
      entry.lead = reader.string("lead", hint: "a post has one lead; put deputies in 'backup'")
      if kind == .service { entry.serviceStatus = reader.choice("status", of: ServiceStatus.self) }
      if kind == .initiative { entry.status = reader.choice("status", of: InitiativeStatus.self) }
      if reader.value("lead")?.isNull ?? true {
        if !entry.isOpen {
          reader.report(
            .schema,
            "missing 'lead': every \(kind.rawValue) names the person who leads it (a post nobody leads yet says 'status: seeking-lead')",
            at: .start)
        }
      } else if entry.isOpen, let status = entry.serviceStatus?.position ?? entry.status?.position {
        reader.report(
          .schema,
          "'status: seeking-lead' is for a post nobody leads, and 'lead' names someone: remove one of them",
          at: status)
      }
      if let lead = entry.lead, lead.value.hasPrefix("@"), lead.value.contains("/") {
        reader.report(
          .schema,
          "'lead' names a person, and '\(OwnerReference.visible(lead.value))' is a team: name who leads, and put the team under 'team:' or in 'backup' (or mark the post 'status: seeking-lead')",
          at: lead.position)
      }
      entry.backup = reader.list("backup")
      entry.paths = reader.list("paths")
      entry.rotateAfter = reader.period("rotate_after")
      entry.leadSince = reader.date("lead_since")
      entry.overrides = reader.list("overrides")
      entry.team = reader.string("team")
      entry.waivers = readWaivers(&reader)
      if kind == .service, entry.paths.isEmpty,
        reader.value("paths").map({ $0.isNull || isEmptyList($0) }) ?? true
      {
        reader.report(
          .schema,
          "missing 'paths': a service lists the CODEOWNERS patterns it owns, like '/services/checkout/'",
          at: entry.keyPositions["paths"] ?? .start)
      }
      if kind == .initiative {
        if reader.value("status")?.isNull ?? true {
          reader.report(
            .schema,
            "missing 'status': one of \(InitiativeStatus.allCases.map(\.rawValue).joined(separator: ", "))",
            at: entry.keyPositions["status"] ?? .start)
        }
        entry.started = reader.date("started")
        entry.due = reader.date("due")
        if let started = entry.started, let due = entry.due, due.value < started.value {
          reader.report(
            .invalidDate, "'due' (\(due.value)) is before 'started' (\(started.value))", at: due.position)
        }
      }
    case .person:
      entry.name = reader.string("name")?.value
      entry.emails = reader.list("emails")
      entry.handle = reader.string("handle")
      entry.away = readAway(&reader)
      entry.notLeading = readNotLeading(&reader)
      entry.left = reader.date("left")
    case .team:
      entry.handle = reader.string("handle")
      entry.members = reader.list("members")
      entry.techLeads = reader.list("tech_leads")
      entry.leadership = readLeadership(&reader)
      entry.waivers = readWaivers(&reader)
      let members = Set(entry.members.map(\.value))
      for lead in entry.techLeads where !members.contains(lead.value) {
        reader.report(
          .schema, "tech lead '\(lead.value)' is not one of the team's members; add them to 'members'",
          at: lead.position)
      }
    }
    return entry
  }

  /// `not_leading: true`, or `not_leading: {reason: TEXT, until: DATE}` (both optional).
  private static func readNotLeading(_ reader: inout MappingReader) -> NotLeading? {
    guard let node = reader.value("not_leading"), !node.isNull else { return nil }
    switch node {
    case .scalar(let text, _, let position):
      switch text {
      case "true", "yes": return NotLeading(reason: nil, until: nil, position: position)
      case "false", "no": return nil
      default:
        reader.report(
          .schema, "'not_leading' must be true or a mapping with 'reason' and 'until', found '\(text)'",
          at: position)
        return nil
      }
    case .mapping(let mapping, let position):
      var inner = MappingReader(path: reader.path)
      inner.load(mapping)
      inner.reportUnknownKeys(allowed: ["reason", "until"], describe: { _ in nil })
      let reason = inner.string("reason")?.value
      let until = inner.date("until")
      reader.findings += inner.findings
      return NotLeading(reason: reason, until: until, position: position)
    case .sequence(_, let position):
      reader.report(
        .schema, "'not_leading' must be true or a mapping with 'reason' and 'until', found a list",
        at: position)
      return nil
    }
  }

  /// `leadership: {direction: dana, people: dana, project: bea, technical: ari}`; each a person or a list.
  private static func readLeadership(_ reader: inout MappingReader) -> [LeadershipCategory: [Located<String>]]
  {
    guard let node = reader.value("leadership"), !node.isNull else { return [:] }
    guard case .mapping(let mapping, _) = node else {
      reader.report(
        .schema,
        "'leadership' must be a mapping of direction, people, project and technical, found \(node.typeName)",
        at: node.position)
      return [:]
    }
    var inner = MappingReader(path: reader.path)
    inner.load(mapping)
    inner.reportUnknownKeys(allowed: LeadershipCategory.allCases.map(\.rawValue), describe: { _ in nil })
    var result: [LeadershipCategory: [Located<String>]] = [:]
    for category in LeadershipCategory.allCases {
      let holders = inner.list(category.rawValue)
      if !holders.isEmpty { result[category] = holders }
    }
    reader.findings += inner.findings
    return result
  }

  private static func isEmptyList(_ node: YAMLNode) -> Bool {
    if case .sequence(let items, _) = node { return items.isEmpty }
    return false
  }

  private static func readKind(_ reader: inout MappingReader) -> EntryKind? {
    guard reader.value("kind") != nil, !reader.value("kind")!.isNull else {
      reader.report(.schema, "missing 'kind': set it to service, initiative or person", at: .start)
      return nil
    }
    return reader.choice("kind", of: EntryKind.self)?.value
  }

  /// The id: the `id` key, else the file name without `.md`.
  private static func readID(_ reader: inout MappingReader, path: String) -> Located<String> {
    if let written = reader.string("id") {
      if !Identifier.isValid(written.value) {
        reader.report(.schema, "'id' \(Identifier.problem(written.value))", at: written.position)
      }
      return written
    }
    var stem = String(path.split(separator: "/").last ?? "")
    if stem.lowercased().hasSuffix(".md") { stem.removeLast(3) }
    if !Identifier.isValid(stem) {
      reader.report(
        .schema,
        "the file name gives the id '\(stem)', which \(Identifier.problem(stem)); rename the file or set 'id'",
        at: .start)
    }
    return Located(stem, at: reader.keyPositions["kind"] ?? .start)
  }

  private static func readWaivers(_ reader: inout MappingReader) -> [Waiver] {
    guard let node = reader.value("waivers"), !node.isNull else { return [] }
    guard case .sequence(let items, _) = node else {
      reader.report(
        .schema, "'waivers' must be a list of {rule, reason, until}, found \(node.typeName)",
        at: node.position)
      return []
    }
    let historyRules = RuleCatalog.historyRules.map { $0.description.id.rawValue }
    var waivers: [Waiver] = []
    for item in items {
      guard case .mapping(let pairs, _) = item else {
        reader.report(
          .schema, "each waiver must be a mapping with rule, reason and until, found \(item.typeName)",
          at: item.position)
        continue
      }
      var inner = MappingReader(path: reader.path)
      inner.load(pairs)
      inner.reportUnknownKeys(allowed: ["rule", "reason", "until"], describe: { _ in nil })
      let rule = inner.string("rule")
      let reason = inner.string("reason")
      let until = inner.date("until")
      for key in ["rule", "reason", "until"] where inner.value(key)?.isNull ?? true {
        inner.report(.schema, "a waiver needs '\(key)'", at: item.position)
      }
      if let rule, !historyRules.contains(rule.value) {
        inner.report(
          .schema,
          "waivers silence history rules only (\(historyRules.joined(separator: ", "))), found '\(rule.value)'\(Suggestions.hint(for: rule.value, in: historyRules))",
          at: rule.position)
      }
      if let reason, reason.value.trimmingCharacters(in: .whitespaces).isEmpty {
        inner.report(.schema, "a waiver's reason must say why", at: reason.position)
      }
      reader.findings += inner.findings
      if let rule, let reason, let until, let id = RuleID(rawValue: rule.value), RuleCatalog.isHistoryRule(id)
      {
        waivers.append(Waiver(rule: Located(id, at: rule.position), reason: reason.value, until: until))
      }
    }
    return waivers
  }

  private static func readAway(_ reader: inout MappingReader) -> Away? {
    guard let node = reader.value("away"), !node.isNull else { return nil }
    guard case .mapping(let mapping, _) = node else {
      reader.report(
        .schema, "'away' must be a mapping with 'from' and 'until' dates, found \(node.typeName)",
        at: node.position)
      return nil
    }
    var inner = MappingReader(path: reader.path)
    inner.load(mapping)
    inner.reportUnknownKeys(allowed: ["from", "until"], describe: { _ in nil })
    let from = inner.date("from")
    let until = inner.date("until")
    for key in ["from", "until"] where inner.value(key) == nil {
      inner.report(.schema, "'away' needs '\(key)' (YYYY-MM-DD)", at: node.position)
    }
    if let from, let until, until.value < from.value {
      inner.report(
        .invalidDate, "'until' (\(until.value)) is before 'from' (\(from.value))", at: until.position)
    }
    reader.findings += inner.findings
    guard let from, let until else { return nil }
    return Away(from: from, until: until)
  }
}

/// The rules for ids of entries.
public enum Identifier {
  public static func isValid(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, isAlphanumeric(first), text.count <= 100 else {
      return false
    }
    return text.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" }
  }

  public static func problem(_ text: String) -> String {
    if text.isEmpty { return "is empty" }
    return "'\(text)' must start with a letter or digit and use only letters, digits, '.', '_' and '-'"
      .replacingOccurrences(of: "'\(text)' must", with: "must")
  }

  static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
  }
}
