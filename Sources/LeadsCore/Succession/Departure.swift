/// What breaks if one person leaves (`leads drill --leave`): the posts that lose their lead, the posts that lose
/// their last backup, the team leadership categories nobody else holds, and the posts whose most recent
/// activity was theirs — each with the successor `leads suggest` would rank first once they are gone.
public struct Departure: Sendable, Encodable {
  public struct Post: Sendable, Encodable {
    let id: String
    /// The first candidate once the person has left; nil when nobody can be suggested.
    let successor: String?
    /// For `recent_activity`: the day of their last activity on the post.
    let lastActivity: String?

    enum CodingKeys: String, CodingKey {
      case id, successor
      case lastActivity = "last_activity"
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(successor, forKey: .successor)
      if let lastActivity { try container.encode(lastActivity, forKey: .lastActivity) }
    }
  }

  public struct Category: Sendable, Encodable {
    let team: String
    let category: String
    let successor: String?
  }

  let version = 1
  public let person: String
  public let leaves: String
  public let postsWithoutLead: [Post]
  public let postsWithoutBackup: [Post]
  public let unheldCategories: [Category]
  public let recentActivity: [Post]

  enum CodingKeys: String, CodingKey {
    case version, person, leaves
    case postsWithoutLead = "posts_without_lead"
    case postsWithoutBackup = "posts_without_backup"
    case unheldCategories = "unheld_categories"
    case recentActivity = "recent_activity"
  }

  /// What `person` (a person entry) leaving on `day` breaks.
  public static func drill(
    _ person: Entry, leaving day: CalendarDate, registry: Registry, history: HistoryFacts
  )
    -> Departure
  {
    let id = person.id.value
    func isThem(_ written: String) -> Bool { registry.people.person(written: written)?.id.value == id }
    // The registry as it will be: they have left, so they are never suggested.
    var entries = registry.entries
    if let index = entries.firstIndex(where: { $0.kind == .person && $0.id.value == id }) {
      entries[index].left = Located(day, at: .start)
    }
    let after = Registry(entries: entries, config: registry.config, files: registry.files)
    let context = Succession.Context(registry: after, history: history)
    let posts = registry.posts.filter { !$0.isFinished }.sorted {
      NaturalOrder.less($0.id.value, $1.id.value)
    }
    var withoutLead: [Post] = []
    var withoutBackup: [Post] = []
    var recent: [Post] = []
    for post in posts {
      if let lead = post.lead, isThem(lead.value) {
        withoutLead.append(
          Post(
            id: post.id.value, successor: context.rank(for: post, role: .lead).first?.person,
            lastActivity: nil))
      }
      let backups = post.backup.map(\.value)
      if backups.contains(where: isThem)
        && backups.allSatisfy({ isThem($0) || isGone($0, by: day, in: registry) })
      {
        withoutBackup.append(
          Post(
            id: post.id.value, successor: context.rank(for: post, role: .backup).first?.person,
            lastActivity: nil))
      }
      // Whose was the latest activity on the post: theirs alone, or shared with nobody who stays.
      let commits = (context.activity.postCommits[post.id.value] ?? []).map { history.commits[$0] }
      if let latest = commits.filter({ $0.date <= history.now }).max(by: { $0.date < $1.date }),
        let identity = registry.people.commitIdentity(of: id)?.adding(context.linked),
        identity.wasActive(in: latest)
      {
        recent.append(
          Post(
            id: post.id.value, successor: context.rank(for: post, role: .lead).first?.person,
            lastActivity: latest.date.description))
      }
    }
    var categories: [Category] = []
    for team in registry.entries.filter({ $0.kind == .team }).sorted(by: {
      NaturalOrder.less($0.id.value, $1.id.value)
    }) {
      for category in LeadershipCategory.allCases {
        let holders = (team.leadership[category] ?? []).map(\.value)
        guard holders.contains(where: isThem),
          holders.allSatisfy({ isThem($0) || isGone($0, by: day, in: registry) })
        else { continue }
        // Someone on the team who stays and can take it: one who holds no category yet, if any.
        let held = Set(
          team.leadership.values.flatMap { $0 }.compactMap {
            Succession.Context.person($0.value, in: registry)?.id.value
          })
        let eligible = Set(context.people.map(\.id.value))
        let members = team.members.compactMap { Succession.Context.person($0.value, in: registry)?.id.value }
          .filter { eligible.contains($0) }
        let successor = members.first { !held.contains($0) } ?? members.first
        categories.append(Category(team: team.id.value, category: category.rawValue, successor: successor))
      }
    }
    return Departure(
      person: id, leaves: day.description, postsWithoutLead: withoutLead, postsWithoutBackup: withoutBackup,
      unheldCategories: categories, recentActivity: recent)
  }

  static func isGone(_ written: String, by day: CalendarDate, in registry: Registry) -> Bool {
    registry.people.person(written: written)?.left.map { $0.value <= day } ?? false
  }

  public var json: String { encodeJSON(self) }

  public var text: String {
    var text = "If \(person) leaves on \(leaves):\n"
    func successor(_ name: String?) -> String { name.map { " (suggested: \($0))" } ?? " (nobody to suggest)" }
    let sections: [(String, [String])] = [
      ("Posts that lose their lead", postsWithoutLead.map { "\($0.id)\(successor($0.successor))" }),
      ("Posts that lose their last backup", postsWithoutBackup.map { "\($0.id)\(successor($0.successor))" }),
      (
        "Team leadership nobody else holds",
        unheldCategories.map { "\($0.team): \($0.category)\(successor($0.successor))" }
      ),
      (
        "Posts where the most recent activity was theirs",
        recentActivity.map { "\($0.id), \($0.lastActivity ?? "")\(successor($0.successor))" }
      ),
    ]
    for (title, lines) in sections {
      text +=
        "\n\(title): " + (lines.isEmpty ? "none\n" : "\(lines.count)\n" + lines.map { "  \($0)\n" }.joined())
    }
    return text
  }
}
