/// One thing the report says needs doing: by when, on which post, by whom, and the command that does it.
public struct ReportAction: Sendable {
  public enum Urgency: Int, CaseIterable, Comparable, Sendable {
    /// Overdue, or wrong today (errors, a lead who has left, an open post).
    case now
    /// Due within 30 days.
    case month
    /// Due within 90 days.
    case quarter

    public static func < (lhs: Urgency, rhs: Urgency) -> Bool { lhs.rawValue < rhs.rawValue }

    var heading: String {
      switch self {
      case .now: return "Now"
      case .month: return "Within 30 days"
      case .quarter: return "Within 90 days"
      }
    }
  }

  let urgency: Urgency
  /// What is wrong or coming, in a sentence (backquotes mark code).
  let what: String
  let post: String?
  let team: String?
  /// Who should act: the lead, or (for a post without a lead who can) the team's people lead.
  let person: String?
  /// What to do, with the command in backquotes.
  let todo: String
  /// The day it is due, when it has one (orders items of the same urgency).
  let day: CalendarDate?
}

extension ReportAction {
  /// The actions the registry, its history and the findings call for, most urgent first, then by team
  /// (posts without a team last), person and post, in natural order.
  static func gather(
    registry: Registry, now: CalendarDate, facts: [String: ShowReporter.PostFacts], diagnostics: [Diagnostic]
  ) -> [ReportAction] {
    let soon = CalendarDate(daysSinceEpoch: now.daysSinceEpoch + 30)
    let quarter = CalendarDate(daysSinceEpoch: now.daysSinceEpoch + 90)
    func person(_ written: String) -> Entry? { registry.people.person(written: written) }
    func urgency(_ day: CalendarDate) -> Urgency? {
      day <= now ? .now : day <= soon ? .month : day <= quarter ? .quarter : nil
    }
    func isAway(_ written: String, from start: CalendarDate, to end: CalendarDate) -> Bool {
      guard let away = person(written)?.away else { return false }
      return away.from.value <= end && start <= away.until.value
    }
    func isGone(_ written: String, by day: CalendarDate) -> Bool {
      person(written)?.left.map { $0.value <= day } ?? false
    }
    let teams = Dictionary(
      registry.entries.filter { $0.kind == .team }.map { ($0.id.value, $0) }, uniquingKeysWith: { a, _ in a })
    /// Who answers for a team's posts when their lead cannot: its people lead, else its direction lead.
    func teamLead(_ post: Entry) -> String? {
      guard let team = post.team.flatMap({ teams[$0.value] }) else { return nil }
      return (team.leadership[.people] ?? team.leadership[.direction])?.first?.value
    }
    var actions: [ReportAction] = []
    for post in registry.posts {
      let id = post.id.value
      let team = post.team?.value
      let lead = post.lead?.value
      // The backup who could take over: one who has not left and is not away this month.
      let successor = post.backup.map(\.value).first {
        !isGone($0, by: soon) && !isAway($0, from: now, to: soon)
      }
      let handOff = ReportAction.command("rotate", post: post, arguments: "--to \(successor ?? "PERSON")")
      if post.isOpen {
        actions.append(
          ReportAction(
            urgency: .now, what: "open post: nobody leads it", post: id, team: team,
            person: teamLead(post) ?? successor, todo: "name a lead: \(handOff)", day: nil))
        continue
      }
      if let lead, let left = person(lead)?.left?.value, let when = urgency(left) {
        actions.append(
          ReportAction(
            urgency: when,
            what: left <= now ? "lead \(lead) left on \(left)" : "lead \(lead) leaves on \(left)",
            post: id, team: team, person: teamLead(post) ?? successor ?? lead,
            todo: ReportAction.handOff + handOff,
            day: left))
      } else if let lead, let due = facts[id]?.rotationDue, !post.isFinished, let when = urgency(due) {
        actions.append(
          ReportAction(
            urgency: when, what: due <= now ? "rotation overdue since \(due)" : "rotation due \(due)",
            post: id,
            team: team, person: lead, todo: ReportAction.handOff + handOff, day: due))
      }
      if let lead, let away = person(lead)?.away, away.from.value <= soon, now <= away.until.value,
        post.backup.allSatisfy({ isAway($0.value, from: away.from.value, to: away.until.value) })
      {
        let covered = post.backup.isEmpty ? "and it has no backup" : "and so is every backup"
        actions.append(
          ReportAction(
            urgency: away.from.value <= now ? .now : .month,
            what: "\(lead) is away \(away.from.value) to \(away.until.value), \(covered)", post: id,
            team: team,
            person: lead, todo: "name a backup who is around under `backup` in `\(post.file)`",
            day: away.from.value))
      }
      if post.kind == .initiative, !post.isFinished, let due = post.due?.value, due <= soon {
        actions.append(
          ReportAction(
            urgency: due <= now ? .now : .month,
            what: due <= now ? "initiative overdue since \(due)" : "initiative due \(due)", post: id,
            team: team,
            person: lead, todo: "finish it (`status: done`) or set a new `due` in `\(post.file)`", day: due))
      }
    }
    let posts = Dictionary(registry.posts.map { ($0.id.value, $0) }, uniquingKeysWith: { a, _ in a })
    // A lead who has left is one action already; the error that says so would be a second line.
    let departed = Set(actions.filter { $0.what.hasPrefix("lead ") }.compactMap(\.post))
    for finding in diagnostics where finding.rule == .forgottenLead || finding.severity == .error {
      let post = finding.entry.flatMap { posts[$0] }
      if finding.rule == .departedLead, let post, departed.contains(post.id.value),
        finding.data.person == post.lead?.value
      {
        continue
      }
      if finding.rule == .forgottenLead, let post {
        let days =
          finding.data.days.map { " for \(counted($0, "day"))" }
          ?? finding.data.threshold.map { " in \(counted($0, "day"))" } ?? ""
        actions.append(
          ReportAction(
            urgency: .now, what: "no activity by the lead on the post\(days)", post: post.id.value,
            team: post.team?.value, person: post.lead?.value ?? finding.data.person,
            todo: ReportAction.checkIn + ReportAction.command("checkin", post: post) + ", or hand it off",
            day: nil))
      } else if finding.severity == .error {
        actions.append(
          ReportAction(
            urgency: .now, what: finding.message, post: post?.id.value ?? finding.entry,
            team: post?.team?.value,
            person: post?.lead?.value,
            todo: "fix `\(finding.path):\(finding.position.line)` (`leads lint` shows it)", day: nil))
      }
    }
    return merged(actions).sorted(by: ReportAction.order)
  }

  /// One action per post: what is wrong with it said together, at its most urgent, with each different
  /// thing to do once. Actions about no post stay as they are.
  static func merged(_ actions: [ReportAction]) -> [ReportAction] {
    var order: [String] = []
    var byPost: [String: [ReportAction]] = [:]
    var loose: [ReportAction] = []
    for action in actions {
      guard let post = action.post else {
        loose.append(action)
        continue
      }
      if byPost[post] == nil { order.append(post) }
      byPost[post, default: []].append(action)
    }
    return loose
      + order.map { post in
        let items = byPost[post]!.sorted { $0.urgency < $1.urgency }
        guard items.count > 1 else { return items[0] }
        var todos: [String] = []
        for item in items where !todos.contains(item.todo) { todos.append(item.todo) }
        // Handing the post off also answers a quiet lead: checking in is then not the thing to do.
        if todos.contains(where: { $0.hasPrefix(ReportAction.handOff) }) {
          todos.removeAll { $0.hasPrefix(ReportAction.checkIn) }
        }
        return ReportAction(
          urgency: items[0].urgency, what: items.map(\.what).joined(separator: "; "), post: post,
          team: items[0].team, person: items[0].person, todo: todos.joined(separator: "; "),
          day: items.compactMap(\.day).min())
      }
  }

  /// `leads SUBCOMMAND POST ARGUMENTS` in backquotes; for a post of a report over many repositories (its id
  /// `REPOSITORY/ID`, its file under `REPOSITORY/`), the command to run in that repository, which it names.
  static func command(_ subcommand: String, post: Entry, arguments: String = "") -> String {
    let id = post.id.value
    var local = id
    var repository: String?
    if let slash = id.firstIndex(of: "/"), post.file.hasPrefix(id[..<slash] + "/") {
      repository = String(id[..<slash])
      local = String(id[id.index(after: slash)...])
    }
    let command = "`leads \(subcommand) \(local)\(arguments.isEmpty ? "" : " " + arguments)`"
    return repository.map { "\(command) in \($0)" } ?? command
  }

  static let handOff = "hand it off: "
  static let checkIn = "check in: "

  static func order(_ a: ReportAction, _ b: ReportAction) -> Bool {
    if a.urgency != b.urgency { return a.urgency < b.urgency }
    if a.team != b.team { return NaturalOrder.less(a.team, b.team) }
    if a.person != b.person { return NaturalOrder.less(a.person ?? "~", b.person ?? "~") }
    if a.post != b.post { return NaturalOrder.less(a.post ?? "", b.post ?? "") }
    if a.day != b.day { return (a.day?.daysSinceEpoch ?? 0) < (b.day?.daysSinceEpoch ?? 0) }
    return a.what < b.what
  }
}
