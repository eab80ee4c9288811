/// `leads show team` and `leads show person`: a team's or a person's leadership now and over time, from
/// the registry and the runs history records.
public enum TeamViews {
  public static let version = 1

  // MARK: - Teams

  struct TeamDocument: Encodable {
    let version: Int
    let teams: [Team]
  }

  struct Team: Encodable {
    let id: String
    @ExplicitNull var title: String?
    @ExplicitNull var handle: String?
    let members: [String]
    let techLeads: [String]
    let leadership: [String: [String]]
    let posts: [Post]
    let spread: Spread

    enum CodingKeys: String, CodingKey {
      case id, title, handle, members, leadership, posts, spread
      case techLeads = "tech_leads"
    }

  }

  struct Post: Encodable {
    let id: String
    @ExplicitNull var lead: String?
    @ExplicitNull var leadSince: String?

    enum CodingKeys: String, CodingKey {
      case id, lead
      case leadSince = "lead_since"
    }

  }

  /// How many members lead a post now, and how many led one at some point in the last two years.
  struct Spread: Encodable {
    let members: Int
    let leadingNow: Int
    let ledInTwoYears: Int

    enum CodingKeys: String, CodingKey {
      case members
      case leadingNow = "leading_now"
      case ledInTwoYears = "led_in_two_years"
    }
  }

  /// How far back the spread looks.
  public static let spreadWindowDays = 730

  static func team(_ team: Entry, registry: Registry, history: HistoryFacts?) -> Team {
    let people = registry.people
    let posts = registry.posts.filter { $0.team?.value == team.id.value }.sorted { $0.id.value < $1.id.value }
    let members = team.members.map(\.value)
    let identities = Set(members.map { people.identity(of: $0) })
    let leadingNow = Set(
      registry.posts.compactMap { $0.lead.map { people.identity(of: $0.value) } }.filter {
        identities.contains($0)
      })
    var ledRecently = leadingNow
    if let history {
      let start = CalendarDate(daysSinceEpoch: history.now.daysSinceEpoch - spreadWindowDays)
      for run in history.runs.values.joined() where run.until.map({ $0 >= start }) ?? true {
        let identity = people.identity(of: run.lead)
        if identities.contains(identity) { ledRecently.insert(identity) }
      }
    }
    return Team(
      id: team.id.value, title: team.title, handle: team.handle?.value, members: members,
      techLeads: team.techLeads.map(\.value),
      leadership: Dictionary(
        uniqueKeysWithValues: LeadershipCategory.allCases.map {
          ($0.rawValue, (team.leadership[$0] ?? []).map(\.value))
        }),
      posts: posts.map { post in
        Post(id: post.id.value, lead: post.lead?.value, leadSince: history?.tenures[post.id.value]?.sinceText)
      },
      spread: Spread(members: members.count, leadingNow: leadingNow.count, ledInTwoYears: ledRecently.count))
  }

  /// The teams (`id` nil: all of them), as JSON or text; nil when `id` names no team.
  public static func teams(_ id: String?, registry: Registry, history: HistoryFacts?, json: Bool) -> String? {
    let teams = registry.entries.filter { $0.kind == .team && (id == nil || $0.id.value == id) }
      .sorted { $0.id.value < $1.id.value }
    if id != nil && teams.isEmpty { return nil }
    let views = teams.map { team($0, registry: registry, history: history) }
    if json { return encodeJSON(TeamDocument(version: version, teams: views)) }
    return views.map { view in
      let title = view.title.map { " — \(OwnerReference.visible($0))" } ?? ""
      var text = "\(view.id)\(title)\(view.handle.map { " (\(OwnerReference.visible($0)))" } ?? "")\n"
      text += "  members: \(view.members.joined(separator: ", "))\n"
      text += "  tech leads: \(view.techLeads.isEmpty ? "-" : view.techLeads.joined(separator: ", "))\n"
      for category in LeadershipCategory.allCases {
        let holders = view.leadership[category.rawValue] ?? []
        text += "  \(category.rawValue): \(holders.isEmpty ? "(nobody)" : holders.joined(separator: ", "))\n"
      }
      text += "  posts:\n"
      for post in view.posts {
        text += "    \(post.id): \(post.lead ?? "-") since \(post.leadSince ?? "-")\n"
      }
      text +=
        "  spread: \(view.spread.leadingNow) of \(view.spread.members) members lead a post now; \(view.spread.ledInTwoYears) led one in the last two years\n"
      return text
    }.joined(separator: "\n")
  }

  // MARK: - People

  struct PersonDocument: Encodable {
    let version: Int
    let person: Person
  }

  struct Person: Encodable {
    let id: String
    @ExplicitNull var name: String?
    let teams: [String]
    let leads: [Post]
    let backs: [String]
    let categories: [String]
    let load: Int
    @ExplicitNull var lastCommit: String?
    let notLeading: Bool
    @ExplicitNull var left: String?
    let past: [PastRun]
    /// Addresses history linked to the person's handle, with the evidence for each.
    let linked: [Link]

    enum CodingKeys: String, CodingKey {
      case id, name, teams, leads, backs, categories, load, left, past, linked
      case lastCommit = "last_commit"
      case notLeading = "not_leading"
    }
  }

  struct Link: Encodable {
    let email: String
    let evidence: String
    @ExplicitNull var commit: String?

  }

  struct PastRun: Encodable {
    let post: String
    let since: String
    let until: String
  }

  /// One person: what they lead and back up now and since when, their teams and categories, their load, and
  /// what they led before; nil when `id` names no person.
  public static func person(_ id: String, registry: Registry, history: HistoryFacts?, json: Bool) -> String? {
    guard let entry = registry.entries.first(where: { $0.kind == .person && $0.id.value == id }) else {
      return nil
    }
    let people = registry.people
    let identity = people.identity(of: id)
    let mine = { (owner: Located<String>) in people.identity(of: owner.value) == identity }
    let leads = registry.posts.filter { $0.lead.map(mine) ?? false }.sorted { $0.id.value < $1.id.value }
    let teams = registry.entries.filter { $0.kind == .team }
    var lastCommit: String?
    var links: [Link] = []
    if let history, let found = people.commitIdentity(of: id) {
      let linked = LinkedAddress.links(in: history, registry: registry)
      let commitIdentity = found.adding(linked)
      lastCommit = history.commits.filter(commitIdentity.wasActive).map(\.date).max()?.description
      links =
        found.handle.flatMap { linked[$0] }.map { addresses in
          addresses.filter { !found.emails.contains($0.email) }.map { address in
            switch address.evidence {
            case .noReplyAddress: return Link(email: address.email, evidence: "no-reply", commit: nil)
            case .pullRequest(let merge):
              return Link(email: address.email, evidence: "pull-request", commit: merge)
            }
          }
        } ?? []
    }
    let past = (history?.runs ?? [:]).flatMap { post, runs in
      runs.filter { $0.until != nil && people.identity(of: $0.lead) == identity }.map {
        PastRun(
          post: post, since: ($0.isExact ? "" : "≤ ") + $0.since.description, until: $0.until!.description)
      }
    }.sorted { ($0.since, $0.post) < ($1.since, $1.post) }
    let view = Person(
      id: id, name: entry.name,
      teams: teams.filter { $0.members.contains(where: mine) }.map(\.id.value).sorted(),
      leads: leads.map {
        Post(id: $0.id.value, lead: $0.lead?.value, leadSince: history?.tenures[$0.id.value]?.sinceText)
      },
      backs: registry.posts.filter { $0.backup.contains(where: mine) }.map(\.id.value).sorted(),
      categories: teams.flatMap { team in
        LeadershipCategory.allCases.filter { (team.leadership[$0] ?? []).contains(where: mine) }.map {
          "\($0.rawValue) of \(team.id.value)"
        }
      },
      load: leads.count, lastCommit: lastCommit,
      notLeading: entry.notLeading.map { notLeading in
        guard let until = notLeading.until?.value, let today = history?.now else { return true }
        return today <= until
      } ?? false,
      left: entry.left?.value.description, past: past, linked: links)
    if json { return encodeJSON(PersonDocument(version: version, person: view)) }
    // Someone whose `left` date is still ahead is leaving, not gone yet.
    let departure = entry.left.map { left -> String in
      guard let today = history?.now, left.value > today else { return " (left \(left.value))" }
      return " (leaving \(left.value))"
    }
    var text = "\(view.id)\(view.name.map { " — \(OwnerReference.visible($0))" } ?? "")\(departure ?? "")\n"
    text += "  teams: \(view.teams.isEmpty ? "-" : view.teams.joined(separator: ", "))\n"
    text += "  leads (\(view.load)):\(view.leads.isEmpty ? " -" : "")\n"
    for post in view.leads { text += "    \(post.id) since \(post.leadSince ?? "-")\n" }
    text += "  backs up: \(view.backs.isEmpty ? "-" : view.backs.joined(separator: ", "))\n"
    text += "  leadership: \(view.categories.isEmpty ? "-" : view.categories.joined(separator: ", "))\n"
    text += "  last activity: \(view.lastCommit ?? history.map { "none since \($0.windowStart)" } ?? "-")\n"
    if !links.isEmpty {
      text += "  addresses linked by history (an explicit `emails:` entry overrides a wrong one):\n"
      for link in links {
        let why =
          link.commit.map { "the pull request merged by \($0.prefix(10)), from their fork" }
          ?? "a GitHub no-reply address"
        text += "    \(OwnerReference.visible(link.email)) (\(why))\n"
      }
    }
    if view.notLeading { text += "  takes no lead posts for now\n" }
    text += "  led before:\(view.past.isEmpty ? " -" : "")\n"
    for run in view.past { text += "    \(run.post) from \(run.since) to \(run.until)\n" }
    return text
  }
}
