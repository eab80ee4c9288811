/// Turns an existing CODEOWNERS file into registry entries without losing a reviewer: one service per
/// distinct owner set, person entries for the individual owners, and the lines the registry cannot express
/// kept as hand-written lines around the generated block.
///
/// The plan is checked before it is offered: for every tracked file, the owners the forge requests after the
/// import include every owner it requested before. Where the generated block's order (by pattern shape)
/// would change which line decides a file, or two imported services would overlap, the lines involved stay
/// hand-written, in their original order, and the summary says why.
public struct CodeownersImport: Sendable {
  /// One service the import writes.
  public struct Service: Sendable, Equatable {
    public let id: String
    public let patterns: [String]
    /// As written in CODEOWNERS (an email or an `@handle`), so that the generated line names the same owners;
    /// nil for an open post (the lines named only teams).
    public let lead: String?
    public let backups: [String]
    /// For an open post, with `--propose-leads`: who history suggests, for the summary only.
    public let proposed: ProposedLead?
    /// The CODEOWNERS lines it replaces.
    public let lines: [Int]
    /// The services whose lines its lines come after, to keep the file's order where they overlap.
    public var overrides: [String] = []
    /// The team entry for the first `@org/team` owner of its lines, whose handle CODEOWNERS lists after the
    /// lead and backups; other team owners stay backups.
    public var team: String?
  }

  /// A team entry for an `@org/team` owner; its members are the people named on lines with it.
  public struct Team: Sendable, Equatable {
    public let id: String
    public let handle: String
    public let members: [String]
  }

  /// A lead history suggests for an open post (never written: the summary names them, with why).
  public struct ProposedLead: Sendable, Equatable {
    public let lead: String
    public let backup: String?
    /// Commits of the lead to those paths in the activity window.
    public let commits: Int
  }

  /// A person entry for individual owners: emails that the mailmap says are one person are one entry.
  public struct Person: Sendable, Equatable {
    public let id: String
    public let handle: String?
    public let emails: [String]
  }

  /// A CODEOWNERS line left as it was, and why.
  public struct KeptLine: Sendable, Equatable {
    public let line: Int
    public let text: String
    public let reason: String
  }

  public private(set) var services: [Service] = []
  public private(set) var people: [Person] = []
  public private(set) var teams: [Team] = []
  public private(set) var kept: [KeptLine] = []
  /// The registry files to write, by path.
  public private(set) var files: [(path: String, text: String)] = []
  /// CODEOWNERS after the import: the kept lines and the generated block.
  public private(set) var codeowners: [UInt8] = []

  /// What the import works from.
  public struct Input: Sendable {
    public var text: String
    public var path: String
    public var flavor: CodeownersFlavor
    public var trackedFiles: [String]
    /// Non-merge commits of the activity window (authors mailmap-resolved), for lines that name only teams.
    public var activity: [ActivityCommit]
    /// The canonical email of an email (through the mailmap), to join a person's addresses.
    public var canonicalEmail: @Sendable (String) -> String
    /// Ids already taken in the registry.
    public var takenIDs: Set<String>
    /// Whether team owners become team entries, which holds when the registry's config lets CODEOWNERS list
    /// team handles (`codeowners.team_handles`); otherwise they stay backups.
    public var teamEntries = true
    /// Whether the summary proposes, from history, who could lead each open post (`--propose-leads`).
    public var proposeLeads = false

    public init(
      text: String, path: String, flavor: CodeownersFlavor, trackedFiles: [String],
      activity: [ActivityCommit],
      canonicalEmail: @escaping @Sendable (String) -> String = { $0.lowercased() }, takenIDs: Set<String> = []
    ) {
      self.text = text
      self.path = path
      self.flavor = flavor
      self.trackedFiles = trackedFiles
      self.activity = activity
      self.canonicalEmail = canonicalEmail
      self.takenIDs = takenIDs
    }
  }

  public init(_ input: Input) {
    let rules = CodeownersParser.parse(input.text, flavor: input.flavor)
    var groups = CodeownersImport.groups(of: rules, input: input, kept: &kept)
    // Check the plan against the forge's routing; whatever changes a file's owners or overlaps stays as it was.
    let before = CodeownersImport.owners(of: input.trackedFiles, in: CodeownersView(rules: rules).routing)
    // Each round keeps at least one more group as it was; with none imported the file routes as before, so
    // this ends.
    while true {
      let draft = CodeownersImport.draft(groups, rules: rules, kept: kept, input: input)
      let candidate = Linter.lint(
        LintInput(
          files: draft.files.map { RegistryFile(path: $0.path, content: .bytes(Array($0.text.utf8))) },
          trackedFiles: PathTable(input.trackedFiles + draft.files.map(\.path)),
          codeowners: CodeownersInput(path: input.path, content: draft.codeowners)))
      let view = CodeownersView(registry: candidate.registry)
      let owners = CodeownersImport.owners(of: input.trackedFiles, in: view.routing)
      let blame = CodeownersImport.blame(
        before: before, after: owners, rules: rules, candidate: candidate, groups: groups)
      guard !blame.isEmpty else {
        self.services = draft.services
        self.people = draft.people
        self.teams = draft.teams
        self.files = draft.files
        self.codeowners = draft.codeowners
        break
      }
      // One group at a time: keeping one line as it was often settles what looked like several conflicts.
      let (index, reason) = blame[0]
      for line in groups[index].lines {
        kept.append(KeptLine(line: line.line, text: CodeownersImport.text(of: line), reason: reason))
      }
      groups.remove(at: index)
    }
    kept.sort { $0.line < $1.line }
  }

  // MARK: - Grouping

  struct Group {
    var owners: [String]
    var lines: [CodeownersRule]
    var lead: String?
    var backups: [String]
    var proposed: ProposedLead?
  }

  /// Importable lines grouped by owner set (in the order they first appear); the others go to `kept`.
  static func groups(of rules: [CodeownersRule], input: Input, kept: inout [KeptLine]) -> [Group] {
    var groups: [Group] = []
    var groupOf: [[String]: Int] = [:]
    for rule in rules {
      let reason = unimportable(rule, flavor: input.flavor)
      if let reason {
        kept.append(KeptLine(line: rule.line, text: text(of: rule), reason: reason))
        continue
      }
      let key = rule.owners.map { $0.lowercased() }.sorted()
      if let index = groupOf[key] {
        groups[index].lines.append(rule)
      } else {
        groupOf[key] = groups.count
        groups.append(Group(owners: rule.owners, lines: [rule], lead: nil, backups: []))
      }
    }
    var result: [Group] = []
    for var group in groups {
      if let individual = group.owners.first(where: { !isTeam($0) }) {
        group.lead = individual
        group.backups = group.owners.filter { $0 != individual }
      } else {
        // Only teams own it: an open post of the first team, nobody guessed as its lead.
        group.lead = nil
        group.backups = group.owners
        if input.proposeLeads { group.proposed = proposeLead(for: group.lines, activity: input.activity) }
      }
      result.append(group)
    }
    return result
  }

  /// Why a line cannot become part of a service, or nil when it can.
  static func unimportable(_ rule: CodeownersRule, flavor: CodeownersFlavor) -> String? {
    if rule.owners.isEmpty { return "it names no owners (it takes files away from earlier lines)" }
    if CodeownersShadowedRule.isCatchAll(rule.pattern) {
      return "a catch-all fallback: it stays above the generated block, so that every post overrides it"
    }
    if let problem = CodeownersPattern.problem(with: rule.pattern) { return problem }
    if CodeownersPattern.escapesRepository(rule.pattern) || CodeownersPattern(rule.pattern) == nil {
      return "the registry cannot express its pattern"
    }
    for owner in rule.owners {
      if case .failure(let error) = OwnerReference.parse(owner) { return error.message }
      if case .success(.personID) = OwnerReference.parse(owner) {
        return "owner '\(owner)' is neither an email nor an @handle"
      }
    }
    if flavor == .gitlab, rule.section != nil {
      return "it is in a GitLab section, which the registry writes itself"
    }
    return nil
  }

  static func isTeam(_ owner: String) -> Bool { owner.hasPrefix("@") && owner.contains("/") }

  /// The most active author of the lines' paths, and the runner-up.
  static func proposeLead(for lines: [CodeownersRule], activity: [ActivityCommit]) -> ProposedLead? {
    let patterns = lines.compactMap { CodeownersPattern(reading: $0.pattern) }
    let index = PatternIndex(patterns)
    var commits: [String: Int] = [:]
    for commit in activity {
      var touches = false
      for path in commit.paths where !touches { index.forEachMatch(path) { _ in touches = true } }
      guard touches else { continue }
      for author in Set(commit.authors) { commits[author, default: 0] += 1 }
    }
    let ranked = commits.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
    guard let first = ranked.first else { return nil }
    return ProposedLead(lead: first.key, backup: ranked.dropFirst().first?.key, commits: first.value)
  }

  // MARK: - Drafting

  struct Draft {
    var services: [Service] = []
    var people: [Person] = []
    var teams: [Team] = []
    var files: [(path: String, text: String)] = []
    var codeowners: [UInt8] = []
  }

  /// The registry files and the new CODEOWNERS for `groups`: kept lines in their original order, then the
  /// generated block.
  static func draft(_ groups: [Group], rules: [CodeownersRule], kept: [KeptLine], input: Input) -> Draft {
    var draft = Draft()
    var taken = input.takenIDs
    let ids = groups.map { postID(for: $0.lines[0].pattern, taken: &taken) }
    let comments = CodeownersImport.comments(in: input.text)
    let overrides = precedence(of: groups, files: input.trackedFiles)
    // The first team owner of each group becomes its team; the same handle is one team throughout.
    var teamIDs: [String: String] = [:]  // lowercased handle → id
    var teamHandles: [(id: String, handle: String)] = []
    let teamOf = groups.map { group -> String? in
      guard input.teamEntries, let handle = group.owners.first(where: isTeam) else { return nil }
      if teamIDs[handle.lowercased()] == nil {
        let name = String(handle.split(separator: "/").last ?? "")
        let id = uniqueID(from: name, fallback: "team", taken: &taken)
        teamIDs[handle.lowercased()] = id
        teamHandles.append((id, handle))
      }
      return handle
    }
    for (index, group) in groups.enumerated() {
      let id = ids[index]
      var service = Service(
        id: id, patterns: group.lines.map(\.pattern), lead: group.lead,
        backups: group.backups.filter { $0 != teamOf[index] }, proposed: group.proposed,
        lines: group.lines.map(\.line))
      service.team = teamOf[index].flatMap { teamIDs[$0.lowercased()] }
      service.overrides = (overrides[index] ?? []).sorted().map { ids[$0] }
      draft.services.append(service)
      var fields: [(key: String, value: String)] =
        service.lead.map { [("lead", EntryText.scalar($0))] } ?? [("status", "seeking-lead")]
      fields.insert(("title", EntryText.scalar(CodeownersImport.title(for: id))), at: 0)
      fields += [("backup", EntryText.list(service.backups)), ("paths", EntryText.list(service.patterns))]
      if let team = service.team { fields.append(("team", team)) }
      if let overridden = overrides[index], !overridden.isEmpty {
        fields.append(("overrides", EntryText.list(overridden.sorted().map { ids[$0] })))
      }
      var body =
        "# \(id)\n\nImported from \(input.path), line\(service.lines.count == 1 ? "" : "s") \(service.lines.map(String.init).joined(separator: ", ")).\n"
      let written = group.lines.flatMap { comments[$0.line] ?? [] }
      if !written.isEmpty {
        body += "\nWhat CODEOWNERS said above its lines:\n\n" + written.map { "> \($0)\n" }.joined()
      }
      if service.lead == nil {
        body +=
          "\nOnly teams owned these lines, so the post is open until someone takes it: `leads rotate \(id) --to PERSON`.\n"
      }
      draft.files.append(
        (
          "registry/services/\(id).md",
          EntryText.newEntry(kind: .service, title: nil, fields: fields, body: body)
        ))
    }
    draft.people = people(for: draft.services, input: input, taken: &taken)
    for person in draft.people {
      var fields: [(key: String, value: String)] = [("emails", EntryText.list(person.emails))]
      if let handle = person.handle { fields.append(("handle", EntryText.scalar(handle))) }
      draft.files.append(
        (
          "registry/people/\(person.id).md",
          EntryText.newEntry(kind: .person, title: nil, fields: fields, body: "")
        ))
    }
    draft.teams = teams(teamHandles, services: draft.services, people: draft.people)
    for team in draft.teams {
      let fields: [(key: String, value: String)] = [
        ("handle", EntryText.scalar(team.handle)), ("members", EntryText.list(team.members)),
        ("tech_leads", "[]"),
      ]
      let body = """
        # \(team.id)

        Imported from \(input.path), where \(team.handle) owns files. Its members are the people named as \
        owners on lines with the team, as far as the file tells; complete them, and name the tech leads \
        and who holds each kind of leadership (direction, people, project, technical).

        """
      draft.files.append(
        (
          "registry/teams/\(team.id).md",
          EntryText.newEntry(kind: .team, title: nil, fields: fields, body: body)
        ))
    }
    // The file with the imported lines taken out and the block where the last of them was: lines people wrote
    // before it keep losing to it where they lost to an imported line, and lines after it keep winning.
    let imported = Set(groups.flatMap { $0.lines.map(\.line) })
    var lines = input.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    var output: [String] = []
    let last = imported.max() ?? lines.count
    for (number, line) in lines.enumerated() {
      if number + 1 == last { output += [CodeownersGenerator.beginMarker, CodeownersGenerator.endMarker] }
      if imported.contains(number + 1) { continue }
      output.append(line)
    }
    if last > lines.count { output += [CodeownersGenerator.beginMarker, CodeownersGenerator.endMarker] }
    let skeleton = Array((output.joined(separator: "\n") + "\n").utf8)
    draft.codeowners = skeleton
    // Fill the block as `leads codeowners --write` will.
    let registry = Linter.lint(
      LintInput(
        files: draft.files.map { RegistryFile(path: $0.path, content: .bytes(Array($0.text.utf8))) },
        trackedFiles: PathTable(input.trackedFiles + draft.files.map(\.path)))
    ).registry
    if case .success(let filled) = CodeownersFile.updated(
      skeleton, rules: CodeownersGenerator.rules(for: registry), flavor: input.flavor)
    {
      draft.codeowners = filled
    }
    return draft
  }

  /// Which groups each group must come after to keep the file's order where they overlap: on a file both
  /// match, the group whose matching line came later decided it, and unless its pattern nests in the other's
  /// (which the generated order already puts later), it overrides the other.
  static func precedence(of groups: [Group], files: [String]) -> [Int: Set<Int>] {
    var patterns: [CodeownersPattern] = []
    var owner: [(group: Int, line: Int)] = []
    for (index, group) in groups.enumerated() {
      for line in group.lines {
        guard let pattern = CodeownersPattern(line.pattern) else { continue }
        patterns.append(pattern)
        owner.append((index, line.line))
      }
    }
    let patternIndex = PatternIndex(patterns)
    var overrides: [Int: Set<Int>] = [:]
    var seen: Set<[Int]> = []
    for file in files {
      var lastLine: [Int: Int] = [:]  // group → its last line matching the file
      patternIndex.forEachMatch(file) {
        lastLine[owner[$0].group] = max(lastLine[owner[$0].group] ?? 0, owner[$0].line)
      }
      guard lastLine.count > 1, let winner = lastLine.max(by: { $0.value < $1.value })?.key else { continue }
      for other in lastLine.keys where other != winner && seen.insert([winner, other]).inserted {
        let winning = CodeownersPattern(groups[winner].lines[0].pattern)
        let losing = CodeownersPattern(groups[other].lines[0].pattern)
        if let winning, let losing, losing.contains(winning) { continue }
        overrides[winner, default: []].insert(other)
      }
    }
    return overrides
  }

  /// The team entries: each team's members are the people who lead or back up its services.
  static func teams(_ handles: [(id: String, handle: String)], services: [Service], people: [Person])
    -> [Team]
  {
    func person(_ owner: String) -> String? {
      people.first { $0.handle?.lowercased() == owner.lowercased() || $0.emails.contains(owner) }?.id
    }
    return handles.map { team in
      var members: [String] = []
      for service in services where service.team == team.id {
        for owner in [service.lead].compactMap({ $0 }) + service.backups {
          if let id = person(owner), !members.contains(id) { members.append(id) }
        }
      }
      return Team(id: team.id, handle: team.handle, members: members)
    }
  }

  /// One person per individual owner; emails the mailmap joins are one person.
  static func people(for services: [Service], input: Input, taken: inout Set<String>) -> [Person] {
    var owners: [String] = []
    for service in services {
      for owner in [service.lead].compactMap({ $0 }) + service.backups
      where !isTeam(owner) && !owners.contains(owner) {
        owners.append(owner)
      }
    }
    var byCanonical: [String: [String]] = [:]
    var order: [String] = []
    var people: [Person] = []
    // Commit history joins a handle to the GitHub no-reply address its owner commits with.
    let authors = Set(input.activity.flatMap(\.authors))
    for owner in owners {
      if owner.hasPrefix("@") {
        let id = uniqueID(from: String(owner.dropFirst()), fallback: "person", taken: &taken)
        let login = owner.dropFirst().lowercased()
        let noReply = authors.filter { email in
          guard email.hasSuffix("@users.noreply.github.com") else { return false }
          let local = email.prefix { $0 != "@" }
          return local == login || local.hasSuffix("+" + login)
        }
        people.append(Person(id: id, handle: owner, emails: noReply.sorted()))
        continue
      }
      let canonical = input.canonicalEmail(owner)
      if byCanonical[canonical] == nil { order.append(canonical) }
      byCanonical[canonical, default: []].append(owner)
    }
    for canonical in order {
      let emails = byCanonical[canonical]!
      let local = String(canonical.prefix { $0 != "@" })
      people.append(
        Person(id: uniqueID(from: local, fallback: "person", taken: &taken), handle: nil, emails: emails))
    }
    return people
  }

  /// An id from a pattern or a name: lowercase letters, digits and dashes; made unique with a number.
  /// A post's id from its first pattern: the last folder (`/services/checkout/` → `checkout`), a file's name,
  /// or what a glob leaves (`*.md` → `md`, `/data/schemas/*.json` → `schemas-json`); the folder above is
  /// added when that is taken, then a number.
  static func postID(for pattern: String, taken: inout Set<String>) -> String {
    let parts = pattern.split(separator: "/").map(String.init).filter { !$0.isEmpty && $0 != "**" }
    guard var last = parts.last else { return uniqueID(from: "", fallback: "service", taken: &taken) }
    var parent = parts.dropLast().last
    if last.contains("*") || last.contains("?") {
      last = last.replacingOccurrences(of: "*", with: "").replacingOccurrences(of: "?", with: "")
      if let folder = parent {
        last = folder + "-" + last
        parent = parts.dropLast(2).last
      }
    }
    let single = slug(last)
    if !single.isEmpty, !taken.contains(single) {
      return uniqueID(from: single, fallback: "service", taken: &taken)
    }
    let double = parent.map { slug($0 + "-" + last) } ?? single
    return uniqueID(from: double, fallback: "service", taken: &taken)
  }

  /// "checkout-api" → "Checkout api".
  static func title(for id: String) -> String {
    let words = id.replacingOccurrences(of: "-", with: " ")
    return words.prefix(1).uppercased() + words.dropFirst()
  }

  /// The comment lines right above each line of the file, by that line's number.
  static func comments(in text: String) -> [Int: [String]] {
    var result: [Int: [String]] = [:]
    var pending: [String] = []
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("#") {
        pending.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
      } else if line.isEmpty {
        pending = []
      } else {
        if !pending.isEmpty { result[index + 1] = pending }
        pending = []
      }
    }
    return result
  }

  private static func slug(_ text: String) -> String {
    var id = ""
    for scalar in text.lowercased().unicodeScalars {
      if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
        id.unicodeScalars.append(scalar)
      } else if !id.isEmpty, !id.hasSuffix("-") {
        id += "-"
      }
    }
    while id.hasSuffix("-") { id.removeLast() }
    return id
  }

  static func uniqueID(from text: String, fallback: String, taken: inout Set<String>) -> String {
    var id = slug(text)
    if id.isEmpty { id = fallback }
    var candidate = id
    var number = 2
    while taken.contains(candidate.lowercased()) {
      candidate = "\(id)-\(number)"
      number += 1
    }
    taken.insert(candidate.lowercased())
    return candidate
  }

  // MARK: - Checking

  static func owners(of files: [String], in routing: CodeownersRouting) -> [String: [String]] {
    Dictionary(uniqueKeysWithValues: files.map { ($0, routing.owners(of: $0)) })
  }

  /// The groups that must stay hand-written, by index, with why: a file whose owners would lose someone
  /// blames the group that decided it before (or, when a hand-written line decided it, the group that now
  /// does); two imported services that overlap blame the later one.
  static func blame(
    before: [String: [String]], after: [String: [String]], rules: [CodeownersRule], candidate: LintResult,
    groups: [Group]
  ) -> [(Int, String)] {
    var blamed: [Int: String] = [:]
    let groupOfLine = Dictionary(
      groups.enumerated().flatMap { index, group in group.lines.map { ($0.line, index) } },
      uniquingKeysWith: { first, _ in first })
    let oldRouting = CodeownersView(rules: rules).routing
    let newView = CodeownersView(registry: candidate.registry)
    let groupOfEntry = Dictionary(
      candidate.registry.entries.filter { $0.kind == .service }.compactMap { entry -> (String, Int)? in
        guard let first = entry.paths.first?.value,
          let index = groups.firstIndex(where: {
            $0.lines[0].pattern == first && $0.lead == entry.lead?.value
          })
        else { return nil }
        return (entry.id.value, index)
      }, uniquingKeysWith: { first, _ in first })
    var unattributed: String?
    for (path, owners) in before.sorted(by: { $0.key < $1.key }) {
      let now = Set((after[path] ?? []).map { $0.lowercased() })
      // A file never gains an owner.
      let deciding = newView.routing.deciding(path).last?.entry.flatMap { groupOfEntry[$0] }
      let was = Set(owners.map { $0.lowercased() })
      if let gained = now.subtracting(was).sorted().first, let deciding {
        blamed[deciding] =
          blamed[deciding]
          ?? "importing it would also request \(gained) for \(path), which the file did not; it stays as it was, in its place"
        continue
      }
      guard let lost = owners.first(where: { !now.contains($0.lowercased()) }) else { continue }
      unattributed = unattributed ?? "importing would stop requesting \(lost) for \(path)"
      let reason = "importing it would stop requesting \(lost) for \(path); it stays as it was, in its place"
      if let decidedBefore = oldRouting.deciding(path).last, let group = groupOfLine[decidedBefore.line] {
        blamed[group] = blamed[group] ?? reason
      } else if let decidingNow = newView.routing.deciding(path).last?.entry,
        let group = groupOfEntry[decidingNow]
      {
        blamed[group] = blamed[group] ?? reason
      }
    }
    if let first = blamed.min(by: { $0.key < $1.key }) { return [first] }
    // A loss no single group explains: nothing is imported rather than something lost.
    if let unattributed, !groups.isEmpty {
      return [(0, "\(unattributed); nothing could be imported around it")]
    }
    // Two imported services overlapping: keep the broader pattern as it was (a cross-cutting `*.md` rather
    // than the folder service it crosses).
    var overlaps: [(Int, String)] = []
    for finding in candidate.diagnostics where finding.rule == .overlappingServices {
      guard let entry = finding.entry, let other = finding.data.other, let first = groupOfEntry[entry],
        let second = groupOfEntry[other]
      else { continue }
      let broader = specificity(groups[first]) <= specificity(groups[second]) ? first : second
      overlaps.append(
        (broader, "its pattern crosses another imported service's without nesting in it; it stays as it was"))
    }
    return overlaps.sorted { $0.0 < $1.0 }.prefix(1).map { $0 }
  }

  static func specificity(_ group: Group) -> (Int, Int, Int) {
    CodeownersPattern(group.lines[0].pattern)?.specificity ?? (0, 0, 0)
  }

  static func text(of rule: CodeownersRule) -> String {
    ([rule.pattern] + rule.owners).joined(separator: " ")
  }
}
