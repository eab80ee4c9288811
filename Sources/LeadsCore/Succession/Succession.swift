/// Who could lead next (`leads suggest`): for each post that needs a lead or a backup, the people who could
/// take it, ranked, each with the reasons and figures behind their place.
///
/// The ranking, in points (each rule has a test):
/// - activity on the post in the activity window — writing, reviewing or merging a commit to its paths, its
///   lead file or (initiatives) with its trailer: 3 points a commit, at most 30;
/// - a member of the post's team: 15;
/// - has never led a post (no run in history, nothing now): 20 — spreading leadership;
/// - led this post before: 10;
/// - each post led now: −5; away in the coming month: −10;
/// - no activity anywhere in the repository for `stale_after` (what `stale-owner` reports): −10, and no
///   points for never having led;
/// - someone who already leads `max_posts` posts or more comes after everyone else, and says why.
///
/// Never suggested: the current lead (and, for a backup, the current backups), people who have left or are
/// leaving, people with `not_leading`, and bots (`bots` in the config, or a name or address with `[bot]`).
public enum Succession {
  public enum Role: String, Sendable, Encodable {
    case lead, backup
  }

  public struct Candidate: Sendable, Encodable {
    public let person: String
    public let score: Int
    public let reasons: [String]
    /// Whether they already lead `max_posts` posts (then ranked last).
    let atLimit: Bool

    enum CodingKeys: String, CodingKey {
      case person, score, reasons
    }
  }

  public struct Suggestion: Sendable, Encodable {
    public let id: String
    public let role: Role
    /// Why the post needs someone.
    public let why: [String]
    public let candidates: [Candidate]
  }

  static let pointsPerCommit = 3
  static let activityCap = 30
  static let teamMember = 15
  static let neverLed = 20
  static let ledBefore = 10
  static let perPostLed = 5
  static let away = 10
  static let inactive = 10

  /// Suggestions for the posts named (`ids`, each for its lead, and a backup when it has none), or for every
  /// post that needs someone: open, rotation overdue or due within `rotation_notice`, a lead who left, is
  /// leaving or is away a month or more, no backup.
  public static func suggest(registry: Registry, history: HistoryFacts, ids: [String] = []) -> [Suggestion] {
    let context = Context(registry: registry, history: history)
    var suggestions: [Suggestion] = []
    let posts =
      ids.isEmpty
      ? registry.posts.filter { !$0.isFinished }.sorted { NaturalOrder.less($0.id.value, $1.id.value) }
      : ids.compactMap { id in registry.posts.first { $0.id.value == id } }
    for post in posts {
      var why = context.leadNeeds(post)
      if !ids.isEmpty && why.isEmpty { why = ["asked for"] }
      if !why.isEmpty {
        suggestions.append(
          Suggestion(
            id: post.id.value, role: .lead, why: why, candidates: context.rank(for: post, role: .lead)))
      }
      if !post.isOpen && post.backup.isEmpty {
        suggestions.append(
          Suggestion(
            id: post.id.value, role: .backup, why: ["no backup"],
            candidates: context.rank(for: post, role: .backup)))
      }
    }
    return suggestions
  }

  /// What the ranking reads, worked out once.
  struct Context {
    let registry: Registry
    let history: HistoryFacts
    let activity: ActivityIndex
    let linked: [String: [LinkedAddress]]
    let now: CalendarDate
    /// People who could be suggested at all, by id.
    let people: [Entry]
    /// Live posts each person leads now, by person id.
    let leading: [String: [String]]
    /// Person ids who have ever led a post, as far as history goes.
    let everLed: Set<String>
    /// Who is inactive (as `stale-owner` judges).
    let judged: HistoryContext

    init(registry: Registry, history: HistoryFacts) {
      self.registry = registry
      self.history = history
      now = history.now
      activity = ActivityIndex(posts: registry.posts, commits: history.commits)
      linked = LinkedAddress.links(in: history, registry: registry)
      let bots = Set(registry.config.bots)
      let now = history.now
      people = registry.entries.filter { person in
        guard person.kind == .person, person.left == nil else { return false }
        if let notLeading = person.notLeading, notLeading.until.map({ $0.value > now }) ?? true {
          return false
        }
        let names = [person.id.value, person.handle?.value ?? ""] + person.emails.map(\.value)
        return !names.contains { name in
          let lowered = name.lowercased()
          return lowered.contains("[bot]") || bots.contains(lowered)
        }
      }.sorted { NaturalOrder.less($0.id.value, $1.id.value) }
      var leading: [String: [String]] = [:]
      for post in registry.posts where !post.isFinished && !post.isOpen {
        guard let lead = post.lead, let person = Context.person(lead.value, in: registry) else { continue }
        leading[person.id.value, default: []].append(post.id.value)
      }
      self.leading = leading
      var everLed = Set<String>()
      for runs in history.runs.values {
        for run in runs {
          if let person = Context.person(run.lead, in: registry) { everLed.insert(person.id.value) }
        }
      }
      self.everLed = everLed.union(leading.keys)
      judged = HistoryContext(registry: registry, history: history)
    }

    static func person(_ written: String, in registry: Registry) -> Entry? {
      registry.people.person(written: written)
    }

    /// Why the post needs a (new) lead, if it does.
    func leadNeeds(_ post: Entry) -> [String] {
      if post.isOpen { return ["open: nobody leads it"] }
      var why: [String] = []
      let lead = post.lead.flatMap { Context.person($0.value, in: registry) }
      if let left = lead?.left?.value {
        why.append(left <= now ? "the lead left on \(left)" : "the lead leaves on \(left)")
      }
      if let tenure = history.tenures[post.id.value] {
        let due = (post.rotateAfter?.value ?? registry.config.rotateAfter).after(tenure.since)
        if due <= now {
          why.append("rotation overdue since \(due)")
        } else if due <= registry.config.rotationNotice.after(now) {
          why.append("rotation due \(due)")
        }
      }
      if let away = lead?.away, away.until.value.daysSinceEpoch - away.from.value.daysSinceEpoch >= 30,
        away.until.value >= now, away.from.value <= registry.config.rotationNotice.after(now)
      {
        why.append("the lead is away \(away.from.value) to \(away.until.value)")
      }
      return why
    }

    /// Everyone who could take the role on the post, best first.
    func rank(for post: Entry, role: Role) -> [Candidate] {
      let current = Set(
        ([post.lead?.value].compactMap { $0 } + (role == .backup ? post.backup.map(\.value) : []))
          .compactMap { Context.person($0, in: registry)?.id.value })
      let team = post.team.flatMap { id in
        registry.entries.first { $0.kind == .team && $0.id.value == id.value }
      }
      let members = Set(
        (team?.members ?? []).compactMap { Context.person($0.value, in: registry)?.id.value })
      let commits = (activity.postCommits[post.id.value] ?? []).map { history.commits[$0] }
        .filter { $0.date >= history.windowStart && $0.date <= now }
      let soon = CalendarDate(daysSinceEpoch: now.daysSinceEpoch + 30)
      var candidates: [Candidate] = []
      for person in people where !current.contains(person.id.value) {
        let id = person.id.value
        var score = 0
        var reasons: [String] = []
        if let identity = registry.people.commitIdentity(of: id)?.adding(linked) {
          let active = commits.count(where: identity.wasActive)
          if active > 0 {
            let points = min(Succession.activityCap, active * Succession.pointsPerCommit)
            score += points
            reasons.append(
              "active in \(counted(active, "commit")) to the post since \(history.windowStart) (+\(points))")
          }
        }
        if members.contains(id) {
          score += Succession.teamMember
          reasons.append("on the team \(post.team?.value ?? "") (+\(Succession.teamMember))")
        }
        let leads = leading[id] ?? []
        let inactivity = judged.inactivity(of: id)
        if let inactivity {
          score -= Succession.inactive
          let since = inactivity.last.map { "since \($0)" } ?? "in \(registry.config.staleAfter.phrase)"
          reasons.append("no activity anywhere in the repository \(since) (−\(Succession.inactive))")
        } else if !everLed.contains(id) {
          score += Succession.neverLed
          reasons.append("has never led a post: spreads leadership (+\(Succession.neverLed))")
        }
        let before = (history.runs[post.id.value] ?? []).filter {
          Context.person($0.lead, in: registry)?.id.value == id
        }
        if let run = before.last {
          score += Succession.ledBefore
          reasons.append("led it before, from \(run.since) (+\(Succession.ledBefore))")
        }
        if !leads.isEmpty {
          score -= Succession.perPostLed * leads.count
          reasons.append(
            "leads \(counted(leads.count, "post")) now: \(leads.joined(separator: ", ")) (−\(Succession.perPostLed * leads.count))"
          )
        }
        if let away = person.away, away.from.value <= soon, away.until.value >= now {
          score -= Succession.away
          reasons.append("away \(away.from.value) to \(away.until.value) (−\(Succession.away))")
        }
        let atLimit = leads.count >= registry.config.maxPosts
        if atLimit {
          reasons.append(
            "already leads \(leads.count), at max_posts (\(registry.config.maxPosts)): ranked last")
        }
        candidates.append(Candidate(person: id, score: score, reasons: reasons, atLimit: atLimit))
      }
      return candidates.sorted {
        if $0.atLimit != $1.atLimit { return !$0.atLimit }
        if $0.score != $1.score { return $0.score > $1.score }
        return NaturalOrder.less($0.person, $1.person)
      }
    }
  }

  /// `{"version": 1, "posts": [{"id", "role", "why", "candidates": [{"person", "score", "reasons"}]}]}`.
  public static func json(_ suggestions: [Suggestion]) -> String {
    struct Document: Encodable {
      let version = 1
      let posts: [Suggestion]
    }
    return encodeJSON(Document(posts: suggestions))
  }

  /// For each post: what it needs and why, then the first `limit` candidates with their reasons.
  public static func text(_ suggestions: [Suggestion], limit: Int = 3) -> String {
    guard !suggestions.isEmpty else { return "No post needs a lead or a backup now.\n" }
    var text = ""
    for suggestion in suggestions {
      text += "\(suggestion.id): a \(suggestion.role.rawValue) — \(suggestion.why.joined(separator: "; "))\n"
      if suggestion.candidates.isEmpty { text += "  nobody can be suggested\n" }
      for (rank, candidate) in suggestion.candidates.prefix(limit).enumerated() {
        text += "  \(rank + 1). \(candidate.person) (\(candidate.score))"
        text += candidate.reasons.isEmpty ? "\n" : ": " + candidate.reasons.joined(separator: "; ") + "\n"
      }
      let more = suggestion.candidates.count - limit
      if more > 0 {
        text += "  … \(counted(more, "more candidate")) (`leads suggest --all` lists everyone)\n"
      }
    }
    return text
  }
}
