/// What `leads report` shows, gathered once from the registry, its history and the lint findings; the HTML
/// and Markdown pages render the same facts.
public struct LeadershipReport: Sendable {
  public struct Post: Sendable {
    let id: String
    let kind: String
    let title: String?
    let file: String
    let lead: String?
    let backups: [String]
    let team: String?
    /// `2026-03-01`, `≤ …` or `… (declared)`, as `leads show` writes it.
    let since: String?
    let rotationDue: CalendarDate?
    /// Every run of a lead, oldest first, as `leads log` gives it.
    let runs: [LogView.Run]
  }

  /// One person's load now: the posts they lead and back up.
  public struct Load: Sendable {
    let person: String
    let name: String?
    let leads: [String]
    let backs: [String]
  }

  /// How many posts each person led at each sampled day.
  public struct LoadOverTime: Sendable {
    let days: [CalendarDate]
    let rows: [(person: String, counts: [Int])]
  }

  /// The findings of one check.
  public struct Check: Sendable {
    let rule: String
    let severity: Severity
    let findings: [Diagnostic]
  }

  let repository: String
  let now: CalendarDate
  /// Where the timeline begins: the oldest run's start (a year before `now` when nothing is known).
  let start: CalendarDate
  let posts: [Post]
  let load: [Load]
  let loadOverTime: LoadOverTime
  let checks: [Check]
  let teams: [TeamViews.Team]
  let truncatedAt: CalendarDate?
  /// What needs doing, most urgent first.
  let actions: [ReportAction]
  /// What changed since a day, when asked (`compare`).
  var changes: ReportChanges?
  /// The registry's health over the last year, when read (`addTrends`).
  var trends: [TrendPoint] = []

  /// Gathers the report; `history` is the registry's full history, as `leads show` and `leads log` read it.
  public init(repository: String, registry: Registry, history: HistoryFacts, diagnostics: [Diagnostic]) {
    self.repository = repository
    now = history.now
    truncatedAt = history.truncatedAt
    let facts = ShowReporter.facts(registry, history)
    posts = registry.posts.sorted(by: LeadershipReport.postOrder).map { entry in
      let log = LogView.post(
        entry.id.value, entry: entry, runs: history.runs[entry.id.value] ?? [],
        tenure: history.tenures[entry.id.value], registry: registry, now: history.now)
      return Post(
        id: entry.id.value, kind: entry.kind.rawValue, title: entry.title, file: entry.file,
        lead: entry.lead?.value, backups: entry.backup.map(\.value), team: entry.team?.value,
        since: facts[entry.id.value]?.tenure?.sinceText, rotationDue: facts[entry.id.value]?.rotationDue,
        runs: log.runs)
    }
    let earliest = posts.flatMap(\.runs).map(\.since).min()
    start = min(earliest ?? history.now, CalendarDate(daysSinceEpoch: history.now.daysSinceEpoch - 365))
    load = LeadershipReport.load(registry)
    loadOverTime = LeadershipReport.loadOverTime(posts, people: registry.people, from: start, to: history.now)
    checks = Dictionary(grouping: diagnostics, by: \.rule.rawValue).map { rule, findings in
      Check(
        rule: rule, severity: findings.map(\.severity).max()!,
        findings: findings.sorted { ($0.path, $0.position) < ($1.path, $1.position) })
    }.sorted { ($1.severity, $0.rule) < ($0.severity, $1.rule) }
    teams = registry.entries.filter { $0.kind == .team }.sorted {
      NaturalOrder.less($0.id.value, $1.id.value)
    }
    .map { TeamViews.team($0, registry: registry, history: history) }
    actions = ReportAction.gather(
      registry: registry, now: history.now, facts: facts, diagnostics: diagnostics)
  }

  /// Posts by team (posts without a team last), then by id, in natural order (`area2` before `area10`).
  static func postOrder(_ a: Entry, _ b: Entry) -> Bool {
    if a.team?.value != b.team?.value { return NaturalOrder.less(a.team?.value, b.team?.value) }
    if a.id.value != b.id.value { return NaturalOrder.less(a.id.value, b.id.value) }
    return a.file < b.file
  }

  /// Every person of the registry, and every lead or backup written another way, with what they hold now;
  /// the busiest first.
  static func load(_ registry: Registry) -> [Load] {
    let people = registry.people
    var names: [String: (shown: String, name: String?)] = [:]
    var leads: [String: [String]] = [:]
    var backs: [String: [String]] = [:]
    for person in registry.entries where person.kind == .person {
      names[people.identity(of: person.id.value)] = (person.id.value, person.name)
    }
    for post in registry.posts.sorted(by: { NaturalOrder.less($0.id.value, $1.id.value) }) {
      if let lead = post.lead?.value {
        let identity = people.identity(of: lead)
        if names[identity] == nil { names[identity] = (lead, nil) }
        leads[identity, default: []].append(post.id.value)
      }
      for backup in post.backup {
        let identity = people.identity(of: backup.value)
        if names[identity] == nil { names[identity] = (backup.value, nil) }
        backs[identity, default: []].append(post.id.value)
      }
    }
    return names.map { identity, shown in
      Load(person: shown.shown, name: shown.name, leads: leads[identity] ?? [], backs: backs[identity] ?? [])
    }.sorted {
      ($1.leads.count, $1.backs.count) != ($0.leads.count, $0.backs.count)
        ? ($1.leads.count, $1.backs.count) < ($0.leads.count, $0.backs.count)
        : NaturalOrder.less($0.person, $1.person)
    }
  }

  /// Posts led per person on evenly spaced days from `start` to `end` (at most twelve, quarters or longer).
  static func loadOverTime(
    _ posts: [Post], people: PersonDirectory, from start: CalendarDate, to end: CalendarDate
  )
    -> LoadOverTime
  {
    let span = max(1, end.daysSinceEpoch - start.daysSinceEpoch)
    let step = max(91, (span + 10) / 11)
    var days: [CalendarDate] = []
    var day = end.daysSinceEpoch
    while day >= start.daysSinceEpoch, days.count < 12 {
      days.insert(CalendarDate(daysSinceEpoch: day), at: 0)
      day -= step
    }
    var counts: [String: [Int]] = [:]
    var shown: [String: String] = [:]
    for post in posts {
      for run in post.runs {
        let since = run.since
        let until = run.until
        let identity = people.identity(of: run.lead)
        shown[identity] = shown[identity] ?? run.lead
        for (index, sample) in days.enumerated() where since <= sample && until.map({ sample < $0 }) ?? true {
          counts[identity, default: Array(repeating: 0, count: days.count)][index] += 1
        }
      }
    }
    let rows = counts.map { (person: shown[$0.key]!, counts: $0.value) }.sorted {
      ($1.counts.last ?? 0) != ($0.counts.last ?? 0)
        ? ($1.counts.last ?? 0) < ($0.counts.last ?? 0) : NaturalOrder.less($0.person, $1.person)
    }
    return LoadOverTime(days: days, rows: rows)
  }
}
