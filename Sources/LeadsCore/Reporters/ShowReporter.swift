/// Renders `leads show`: every entry with what the registry says and what history shows.
public struct ShowReporter: Sendable {
  public static let version = 1

  /// What `show` prints about one post.
  public struct PostFacts: Sendable {
    public var tenure: Tenure?
    public var lastActivity: CalendarDate?
    /// Whether leads can see the lead's commits (an address known or linked); when not, "no activity" means
    /// nothing.
    public var leadSeen: Bool?
    public var rotationDue: CalendarDate?
    public var tenureDays: Int?
  }

  struct Document: Encodable {
    let version: Int
    let history: JSONReporter.History?
    let entries: [Item]
  }

  struct Item: Encodable {
    let entry: Entry
    let facts: PostFacts?

    enum CodingKeys: String, CodingKey {
      case id, kind, path, title, lead, backup, paths, status, started, due, emails, handle, name, away, team,
        members
      case techLeads = "tech_leads"
      case leadership
      case notLeading = "not_leading"
      case left
      case leadSince = "lead_since"
      case leadSinceExact = "lead_since_exact"
      case leadSinceDeclared = "lead_since_declared"
      case leadSinceSource = "lead_since_source"
      case lastActivity = "last_activity"
      case leadSeen = "lead_seen"
      case rotateAfter = "rotate_after"
      case rotationDue = "rotation_due"
      case tenureDays = "tenure_days"
    }

    /// Every key is present for every kind; a key that does not apply to the kind (a service's `emails`, a
    /// person's `lead`) is null, so that readers never need to tell a missing key from an empty value.
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      let isPost = entry.isPost
      let isPerson = entry.kind == .person
      let isInitiative = entry.kind == .initiative
      try container.encode(entry.id.value, forKey: .id)
      try container.encode(entry.kind.rawValue, forKey: .kind)
      try container.encode(entry.file, forKey: .path)
      try container.encode(entry.title, forKey: .title)
      try container.encode(isPerson ? entry.name : nil, forKey: .name)
      try container.encode(isPerson ? entry.emails.map(\.value) : nil, forKey: .emails)
      try container.encode(isPerson || entry.kind == .team ? entry.handle?.value : nil, forKey: .handle)
      try container.encode(isPost ? entry.team?.value : nil, forKey: .team)
      let isTeam = entry.kind == .team
      try container.encode(isTeam ? entry.members.map(\.value) : nil, forKey: .members)
      try container.encode(isTeam ? entry.techLeads.map(\.value) : nil, forKey: .techLeads)
      try container.encode(
        isTeam
          ? Dictionary(
            uniqueKeysWithValues: LeadershipCategory.allCases.map {
              ($0.rawValue, (entry.leadership[$0] ?? []).map(\.value))
            })
          : nil, forKey: .leadership)
      try container.encode(
        isPerson
          ? entry.notLeading.map { ["reason": $0.reason, "until": $0.until?.value.description] } : nil,
        forKey: .notLeading)
      try container.encode(isPerson ? entry.left?.value.description : nil, forKey: .left)
      try container.encode(
        isPerson
          ? entry.away.map { ["from": $0.from.value.description, "until": $0.until.value.description] } : nil,
        forKey: .away)
      try container.encode(isPost ? entry.lead?.value : nil, forKey: .lead)
      try container.encode(facts?.tenure?.since.description, forKey: .leadSince)
      try container.encode(facts?.tenure?.isExact, forKey: .leadSinceExact)
      try container.encode(facts?.tenure?.isDeclared, forKey: .leadSinceDeclared)
      try container.encode(facts?.tenure?.sinceSource, forKey: .leadSinceSource)
      try container.encode(facts?.tenureDays, forKey: .tenureDays)
      try container.encode(facts?.lastActivity?.description, forKey: .lastActivity)
      try container.encode(facts?.leadSeen, forKey: .leadSeen)
      try container.encode(facts?.rotationDue?.description, forKey: .rotationDue)
      try container.encode(isPost ? entry.backup.map(\.value) : nil, forKey: .backup)
      try container.encode(isPost ? entry.paths.map(\.value) : nil, forKey: .paths)
      try container.encode(isPost ? entry.rotateAfter?.value.description : nil, forKey: .rotateAfter)
      try container.encode(
        isInitiative
          ? entry.status?.value.rawValue
          : entry.kind == .service ? (entry.serviceStatus?.value ?? .maintained).rawValue : nil,
        forKey: .status)
      try container.encode(isInitiative ? entry.started?.value.description : nil, forKey: .started)
      try container.encode(isInitiative ? entry.due?.value.description : nil, forKey: .due)
    }
  }

  public init() {}

  /// Entries in a stable order: open posts first, then the other posts, then people, each by id.
  static func ordered(_ registry: Registry) -> [Entry] {
    func rank(_ entry: Entry) -> Int { entry.kind == .person ? 2 : entry.isOpen ? 0 : 1 }
    return registry.entries.sorted { (rank($0), $0.id.value, $0.file) < (rank($1), $1.id.value, $1.file) }
  }

  /// Tenure, last activity and rotation due date of every post, from history.
  public static func facts(_ registry: Registry, _ history: HistoryFacts?) -> [String: PostFacts] {
    guard let history else { return [:] }
    let activity = ActivityIndex(posts: registry.posts, commits: history.commits)
    let linked = LinkedAddress.links(in: history, registry: registry)
    var result: [String: PostFacts] = [:]
    for post in registry.posts {
      let tenure = history.tenures[post.id.value]
      let identity = post.lead.flatMap { registry.people.commitIdentity(of: $0.value)?.adding(linked) }
      let limit = post.rotateAfter?.value ?? registry.config.rotateAfter
      result[post.id.value] = PostFacts(
        tenure: tenure,
        lastActivity: identity.flatMap {
          activity.lastActivity(of: $0, on: post.id.value, in: history.commits)
        },
        leadSeen: post.lead == nil ? nil : identity?.isSeen(linked: linked) ?? false,
        // A done or dropped initiative is not handed on, so it has no rotation date.
        rotationDue: post.isFinished ? nil : tenure.map { limit.after($0.since) },
        // A lead whose run starts after `now` (`--now` in the past) did not hold the post yet: no tenure.
        tenureDays: tenure.flatMap { $0.since <= history.now ? daysBetween($0.since, history.now) : nil })
    }
    return result
  }

  public func json(_ registry: Registry, history: HistoryFacts? = nil) -> String {
    let facts = ShowReporter.facts(registry, history)
    let items = ShowReporter.ordered(registry).map { Item(entry: $0, facts: facts[$0.id.value]) }
    let summary = history.map { JSONReporter.History(HistorySummary($0)) }
    return encodeJSON(Document(version: ShowReporter.version, history: summary, entries: items))
  }

  /// People who led a post once and lead none now, with the post they handed on last and when.
  static func alumni(_ registry: Registry, _ history: HistoryFacts?) -> [String: (
    post: String, until: CalendarDate
  )] {
    guard let history else { return [:] }
    let people = registry.people
    let leading = Set(registry.posts.compactMap { $0.lead.map { people.identity(of: $0.value) } })
    var last: [String: (post: String, until: CalendarDate)] = [:]  // by identity
    for (post, runs) in history.runs {
      for run in runs {
        guard let until = run.until else { continue }
        let identity = people.identity(of: run.lead)
        if let known = last[identity], (known.until, post) >= (until, known.post) { continue }
        last[identity] = (post, until)
      }
    }
    var alumni: [String: (post: String, until: CalendarDate)] = [:]
    for person in registry.entries where person.kind == .person {
      let identity = people.identity(of: person.id.value)
      if !leading.contains(identity), let run = last[identity] { alumni[person.id.value] = run }
    }
    return alumni
  }

  /// A table of posts a manager reads at a glance, then a table of people.
  /// The tables; with a `width`, the posts' last column (paths or status) is cut to fit it.
  public func text(_ registry: Registry, history: HistoryFacts? = nil, width: Int? = nil) -> String {
    let facts = ShowReporter.facts(registry, history)
    let entries = ShowReporter.ordered(registry)
    let posts = entries.filter(\.isPost)
    let people = entries.filter { $0.kind == .person }
    let teams = entries.filter { $0.kind == .team }
    // The team column and the people's status column appear once a registry uses them.
    let hasTeams = !teams.isEmpty || posts.contains { $0.team != nil }
    let alumni = ShowReporter.alumni(registry, history)
    let backups = Set(registry.posts.flatMap { $0.backup.map { registry.people.identity(of: $0.value) } })
    let hasStatus = !alumni.isEmpty || people.contains { $0.notLeading != nil || $0.left != nil }
    var output = ""
    if posts.isEmpty {
      output += "No services or initiatives in the registry.\n"
    } else {
      let rows = posts.map { post -> [String] in
        let known = facts[post.id.value]
        let scope =
          post.kind == .initiative
          ? [post.status?.value.rawValue, post.due.map { "due \($0.value)" }].compactMap { $0 }.joined(
            separator: ", ")
          : post.paths.map(\.value).joined(separator: " ")
        let since = known?.tenure?.sinceText ?? (history == nil ? "-" : "not committed")
        let notYet = known?.tenure.map { tenure in history.map { tenure.since > $0.now } ?? false } ?? false
        // A tenure cut short by the history read (a shallow clone, the window) is a lower bound.
        let bound = known?.tenure?.isExact == false ? "≥ " : ""
        let tenure =
          notYet ? "no lead yet" : known?.tenureDays.map { bound + ShowReporter.duration(days: $0) } ?? "-"
        let activity =
          known?.lastActivity?.description
          ?? (known?.leadSeen == false
            ? "unknown (no address)" : history.map { "none since \($0.windowStart)" } ?? "-")
        // A lead who is not a member of the post's team is allowed, and marked.
        let outsider =
          post.team.flatMap { team in
            teams.first { $0.id.value == team.value }
          }.map { team in
            let members = Set(team.members.map { registry.people.identity(of: $0.value) })
            return post.lead.map { !members.contains(registry.people.identity(of: $0.value)) } ?? false
          } ?? false
        return [post.id.value, post.kind.rawValue] + (hasTeams ? [post.team?.value ?? "-"] : []) + [
          (post.lead?.value ?? (post.isOpen ? "(open)" : "-")) + (outsider ? " (not on the team)" : ""),
          since,
          tenure, activity,
          post.backup.isEmpty ? "-" : post.backup.map(\.value).joined(separator: ", "),
          known?.rotationDue.map { due in
            (history.map { due < $0.now } ?? false) ? "\(due) (overdue)" : due.description
          } ?? "-",
          scope.isEmpty ? "-" : scope,
        ]
      }
      output += ShowReporter.table(
        header: ["POST", "KIND"] + (hasTeams ? ["TEAM"] : []) + [
          "LEAD", "SINCE", "TENURE", "LAST ACTIVITY", "BACKUP", "ROTATION DUE", "PATHS / STATUS",
        ],
        rows: rows, width: width)
    }
    if !teams.isEmpty {
      output += "\n"
      let rows = teams.map { team in
        [
          team.id.value, team.handle?.value ?? "-", team.members.map(\.value).joined(separator: ", "),
          team.techLeads.isEmpty ? "-" : team.techLeads.map(\.value).joined(separator: ", "),
        ]
          + LeadershipCategory.allCases.map { category in
            (team.leadership[category] ?? []).map(\.value).joined(separator: ", ").nonEmpty ?? "(nobody)"
          }
      }
      output += ShowReporter.table(
        header: ["TEAM", "HANDLE", "MEMBERS", "TECH LEADS", "DIRECTION", "PEOPLE", "PROJECT", "TECHNICAL"],
        rows: rows)
    }
    if !people.isEmpty {
      output += "\n"
      let rows = people.map { person -> [String] in
        let status = [
          person.notLeading.map { notLeading in
            "not leading" + (notLeading.until.map { " until \($0.value)" } ?? "")
          },
          person.left.map { left in
            history.map { left.value > $0.now } ?? false ? "leaving \(left.value)" : "left \(left.value)"
          },
          // An alumnus leads nothing and backs nothing now; a backup who once led is not one.
          alumni[person.id.value].map { run in
            let backing = backups.contains(registry.people.identity(of: person.id.value))
            return "\(backing ? "formerly led" : "alumnus: led") \(run.post) until \(run.until)"
          },
        ].compactMap { $0 }.joined(separator: "; ")
        return [
          person.id.value, person.name ?? "-", person.handle?.value ?? "-",
          person.emails.map(\.value).joined(separator: ", "),
          person.away.map { "\($0.from.value) to \($0.until.value)" } ?? "-",
        ] + (hasStatus ? [status.nonEmpty ?? "-"] : [])
      }
      output += ShowReporter.table(
        header: ["PERSON", "NAME", "HANDLE", "EMAILS", "AWAY"] + (hasStatus ? ["STATUS"] : []), rows: rows)
    }
    return output
  }

  /// "3 days", "5 months", "2.1 years".
  static func duration(days: Int) -> String {
    if days < 60 { return "\(days) day\(days == 1 ? "" : "s")" }
    if days < 730 { return "\(days / 30) months" }
    let tenths = days * 10 / 365
    return "\(tenths / 10).\(tenths % 10) years"
  }

  /// Left-aligned columns separated by two spaces; widths count characters. With a `width`, the last column
  /// is cut to what is left of it, whole words first, ending in how many were left out; when the other
  /// columns leave it fewer than 24 characters, it goes on indented lines of its own under each row, wrapped;
  /// when even the other columns are wider than `width`, each row becomes a card (see `cards`).
  static func table(header: [String], rows: [[String]], width: Int? = nil) -> String {
    var rows = rows.map { $0.map(OwnerReference.visible) }
    if let width, let last = header.indices.last {
      let before = header.indices.dropLast().map { column in
        ([header] + rows).map { $0[column].count }.max() ?? 0
      }
      let room = width - before.reduce(0) { $0 + $1 + 2 }
      if room < 24 {
        let stacked = table(header: Array(header.dropLast()), rows: rows.map { Array($0.dropLast()) })
        if stacked.split(separator: "\n").contains(where: { $0.count > width }) {
          return cards(header: header, rows: rows, width: width)
        }
        let lines = stacked.split(separator: "\n", omittingEmptySubsequences: false)
        let cells: [String] = [header[last]] + rows.map { $0[last] }
        var output = ""
        for (line, cell) in zip(lines, cells) {
          output += String(line) + "\n"
          for piece in wrapped(cell, to: max(20, width - 4)) { output += "    \(piece)\n" }
        }
        return output
      }
      rows = rows.map { row in
        var row = row
        row[last] = fitted(row[last], to: room)
        return row
      }
    }
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    return all.map { row in
      var line = ""
      for (column, cell) in row.enumerated() {
        line += cell
        if column < row.count - 1 { line += String(repeating: " ", count: widths[column] - cell.count + 2) }
      }
      return line + "\n"
    }.joined()
  }
}

extension ShowReporter {
  /// One card per row for a terminal too narrow for the table even without its last column: the first
  /// cell and the second in brackets, then the other cells as `label value` pairs and the last cell, each
  /// wrapped to the width under an indent.
  static func cards(header: [String], rows: [[String]], width: Int) -> String {
    let room = max(20, width - 4)
    var output = ""
    for row in rows {
      output += row.count > 1 ? "\(row[0]) (\(row[1]))\n" : "\(row[0])\n"
      let middle = row.indices.dropFirst(2).dropLast().filter { row[$0] != "-" }
      // Lines break between pairs; a pair longer than a line is broken between words.
      var lines: [String] = []
      for pair in middle.map({ "\(header[$0].lowercased()) \(row[$0])" }) {
        if let line = lines.last, line.count + 2 + pair.count <= room {
          lines[lines.count - 1] = line + "; " + pair
        } else {
          lines += wrapped(pair, to: room)
        }
      }
      for piece in lines + wrapped(row.last ?? "", to: room) {
        output += "    \(piece)\n"
      }
    }
    return output
  }

  /// `text` in lines of at most `room` characters, broken between words (a longer word stands alone).
  static func wrapped(_ text: String, to room: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && line.count + 1 + word.count > room {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    return lines + (line.isEmpty ? [] : [line])
  }

  /// `text` cut to `room` characters: as many whole space-separated words as fit, then `… (+N)` for the
  /// words left out; a first word longer than the room is cut with `…`.
  static func fitted(_ text: String, to room: Int) -> String {
    guard text.count > room else { return text }
    let words = text.split(separator: " ").map(String.init)
    var kept: [String] = []
    for (index, word) in words.enumerated() {
      let rest = words.count - index - 1
      let tail = rest > 0 ? " … (+\(rest))" : ""
      let candidate = (kept + [word]).joined(separator: " ")
      if candidate.count + tail.count > room { break }
      kept.append(word)
    }
    if kept.isEmpty { return String(text.prefix(room - 1)) + "…" }
    return kept.joined(separator: " ") + " … (+\(words.count - kept.count))"
  }
}

extension String {
  /// The text, or nil when it is empty.
  var nonEmpty: String? { isEmpty ? nil : self }
}
