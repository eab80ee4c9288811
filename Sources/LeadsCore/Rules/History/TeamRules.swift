/// A small team for the examples: Ari is the tech lead, Anna and Andy the other members; Dana sets
/// direction and manages people, Bea runs projects.
enum TeamExamples {
  static func person(_ id: String, extra: String = "") -> (String, String) {
    ("registry/people/\(id).md", "---\nkind: person\nemails: [\(id)@example.com]\n\(extra)---\n")
  }

  static func team(_ leadership: String = "{direction: dana, people: dana, project: bea, technical: ari}")
    -> (String, String)
  {
    (
      "registry/teams/widget.md",
      "---\nkind: team\nhandle: '@acme/widget'\nmembers: [ari, anna, andy]\ntech_leads: [ari]\nleadership: \(leadership)\n---\n"
    )
  }

  static func post(_ id: String, lead: String, team: String? = "widget") -> (String, String) {
    (
      "registry/services/\(id).md",
      "---\nkind: service\nlead: \(lead)\nbackup: [bea]\npaths: [/services/\(id)/]\n\(team.map { "team: \($0)\n" } ?? "")---\n"
    )
  }

  static let people = ["ari", "anna", "andy", "bea", "dana"].map { person($0) }
  static let tree = ["a", "b", "c", "d"].map { "services/\($0)/main.swift" }
  static let history = ["now 2026-06-01"]
}

/// The people a team can hand a post to: members who lead none of its posts, have not opted out, have not left,
/// and are not inactive by `stale-owner`'s measure (a post handed to them would be reported at once).
func availableMembers(of team: Entry, in context: HistoryContext, leading: Set<String>) -> [String] {
  let people = context.registry.people
  return team.members.map(\.value).filter { member in
    guard !leading.contains(people.identity(of: member)), !context.isInactive(member) else { return false }
    guard case .success(let reference) = OwnerReference.parse(member),
      let person = people.person(for: reference)
    else { return true }
    return !isNotLeading(person, on: context.now) && !hasLeft(person, by: context.now)
  }
}

func isNotLeading(_ person: Entry, on day: CalendarDate) -> Bool {
  guard let notLeading = person.notLeading else { return false }
  return notLeading.until.map { day <= $0.value } ?? true
}

func hasLeft(_ person: Entry, by day: CalendarDate) -> Bool {
  person.left.map { $0.value <= day } ?? false
}

/// A team's tech lead also leads most of the team's posts.
public struct CentralizedLeadershipRule: HistoryRule {
  public static let description = RuleDescription(
    id: .centralizedLeadership, severity: .warning, needs: .today,
    summary: "A team's tech lead also leads more than half of the team's posts (and at least 3).",
    rationale: """
      The tech lead guides the team's practice and architecture; when they also hold most service and \
      initiative posts, nobody else practises leading, and every question waits for one person. Hand posts to \
      the other members; the message names who leads none (leaving out anyone who has opted out, has left, \
      or is inactive by `stale-owner`'s measure).
      """,
    passing: [
      RuleExample(
        [
          TeamExamples.team(), TeamExamples.post("a", lead: "ari"), TeamExamples.post("b", lead: "ari"),
          TeamExamples.post("c", lead: "anna"), TeamExamples.post("d", lead: "andy"),
        ] + TeamExamples.people,
        tracked: TeamExamples.tree, history: TeamExamples.history)
    ],
    failing: [
      RuleExample(
        [
          (
            "registry/teams/widget.md",
            "---\nkind: team\nhandle: '@acme/widget'\nmembers: [ari, anna, andy]\ntech_leads: [↓ari]\nleadership: {direction: dana, people: dana, project: bea, technical: ari}\n---\n"
          ),
          TeamExamples.post("a", lead: "ari"), TeamExamples.post("b", lead: "ari"),
          TeamExamples.post("c", lead: "ari"), TeamExamples.post("d", lead: "andy"),
        ] + TeamExamples.people, tracked: TeamExamples.tree, history: TeamExamples.history)
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    let people = context.registry.people
    var findings: [RuleFinding] = []
    for team in context.registry.entries where team.kind == .team {
      let posts = context.livePosts.filter { $0.team?.value == team.id.value }
      let leading = Set(posts.compactMap { $0.lead.map { people.identity(of: $0.value) } })
      for techLead in team.techLeads {
        let identity = people.identity(of: techLead.value)
        let held = posts.filter { $0.lead.map { people.identity(of: $0.value) } == identity }
        guard held.count >= 3, held.count * 2 > posts.count else { continue }
        let others = availableMembers(of: team, in: context, leading: leading)
        let suggestion =
          others.isEmpty
          ? "grow the team's bench of leads"
          : "hand some to \(others.joined(separator: ", ")), who \(others.count == 1 ? "leads" : "lead") none"
        findings.append(
          RuleFinding(
            "tech lead '\(techLead.value)' of '\(team.id.value)' also leads \(held.count) of its \(posts.count) posts (\(held.map(\.id.value).sorted().joined(separator: ", "))); \(suggestion)",
            in: team, at: techLead.position,
            data: FindingData(count: held.count, threshold: posts.count / 2, person: techLead.value)))
      }
    }
    return findings
  }
}

/// One person holds all four kinds of a team's leadership.
public struct TechLeadManagerRule: HistoryRule {
  public static let description = RuleDescription(
    id: .techLeadManager, severity: .warning, needs: .today,
    summary:
      "One person holds all four leadership categories of a team: direction, people, project and technical.",
    rationale: """
      The "tech lead manager" sets the direction, manages the people, runs the projects and leads the \
      technical work. It is usually a trap: each category is a full job, the person has no time to do any of \
      them well, and nobody else learns to lead. It can work for a very small team, for a short time, with \
      a plan to hand categories over (project management is usually the first to give away) — say so in a \
      waiver with a date.
      """,
    passing: [
      RuleExample(
        [TeamExamples.team()] + TeamExamples.people, tracked: TeamExamples.tree, history: TeamExamples.history
      )
    ],
    failing: [
      RuleExample(
        [
          (
            "registry/teams/widget.md",
            "---\nkind: team\nmembers: [ari, anna, andy]\ntech_leads: [ari]\n↓leadership: {direction: ari, people: ari, project: ari, technical: ari}\n---\n"
          )
        ] + TeamExamples.people, tracked: TeamExamples.tree, history: TeamExamples.history)
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    let people = context.registry.people
    return context.registry.entries.filter { $0.kind == .team }.compactMap { team in
      let holders = LeadershipCategory.allCases.map { category in
        Set((team.leadership[category] ?? []).map { people.identity(of: $0.value) })
      }
      guard
        let everything = holders.first?.first(where: { identity in
          holders.allSatisfy { $0.contains(identity) }
        })
      else { return nil }
      let name =
        team.leadership[.direction]?.first { people.identity(of: $0.value) == everything }?.value
        ?? everything
      return RuleFinding(
        "'\(name)' holds all four kinds of leadership of '\(team.id.value)' (direction, people, project, technical); hand one over — project management is usually the first (`leads rules tech-lead-manager`)",
        in: team, at: team.position(ofKey: "leadership"), data: FindingData(person: name))
    }
  }
}

/// A kind of team leadership that nobody holds.
public struct UnheldCategoryRule: HistoryRule {
  public static let description = RuleDescription(
    id: .unheldCategory, severity: .warning, needs: .today,
    summary: "A team's leadership category (direction, people, project or technical) is held by nobody.",
    rationale: """
      Every team needs each of the four kinds of leadership; one that nobody holds is a gap that shows up \
      later as drift (no direction), attrition (no people management), missed dates (no project management) \
      or a tangle (no technical leadership). Name who holds it, even if it is someone outside the team.
      """,
    passing: [
      RuleExample(
        [TeamExamples.team()] + TeamExamples.people, tracked: TeamExamples.tree, history: TeamExamples.history
      )
    ],
    failing: [
      RuleExample(
        [
          (
            "registry/teams/widget.md",
            "---\nkind: team\nmembers: [ari, anna, andy]\ntech_leads: [ari]\n↓leadership: {direction: dana, people: dana, technical: ari}\n---\n"
          )
        ] + TeamExamples.people, tracked: TeamExamples.tree, history: TeamExamples.history)
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    context.registry.entries.filter { $0.kind == .team }.flatMap { team in
      LeadershipCategory.allCases.filter { (team.leadership[$0] ?? []).isEmpty }.map { category in
        RuleFinding(
          "nobody holds '\(category.rawValue)' leadership of '\(team.id.value)'; name who does under 'leadership'",
          in: team, at: team.position(ofKey: "leadership"))
      }
    }
  }
}

/// A person who takes no lead posts for now leads one.
public struct ForcedLeadRule: HistoryRule {
  public static let description = RuleDescription(
    id: .forcedLead, severity: .error, needs: .today,
    summary: "A person who said they take no lead posts for now (`not_leading`) is the lead of one.",
    rationale: """
      No forced leads: some people should not hold a post right now (a new parent, someone deep in another \
      project, someone who said no), and that choice is respected. Once `until` has passed, they may lead again.
      """,
    passing: [
      RuleExample(
        [
          TeamExamples.post("a", lead: "anna", team: nil),
          TeamExamples.person("anna", extra: "not_leading: {reason: parental leave, until: 2026-05-01}\n"),
          TeamExamples.person("bea"),
        ], tracked: TeamExamples.tree, history: TeamExamples.history)
    ],
    failing: [
      RuleExample(
        [
          (
            "registry/services/a.md",
            "---\nkind: service\nlead: ↓anna\nbackup: [bea]\npaths: [/services/a/]\n---\n"
          ),
          TeamExamples.person("anna", extra: "not_leading: {reason: parental leave, until: 2026-09-01}\n"),
          TeamExamples.person("bea"),
        ], tracked: TeamExamples.tree, history: TeamExamples.history)
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    let people = context.registry.people
    return context.livePosts.compactMap { post in
      guard let lead = post.lead, case .success(let reference) = OwnerReference.parse(lead.value),
        let person = people.person(for: reference), isNotLeading(person, on: context.now),
        let notLeading = person.notLeading
      else { return nil }
      let why = notLeading.reason.map { " (\($0))" } ?? ""
      let until = notLeading.until.map { " until \($0.value)" } ?? ""
      return RuleFinding(
        "'\(lead.value)' takes no lead posts for now\(why)\(until), but leads '\(post.id.value)'; hand it to someone else, or remove 'not_leading' from \(person.file)",
        in: post, at: lead.position,
        data: FindingData(since: notLeading.until?.value.description, person: lead.value))
    }
  }
}

/// A person who has left still leads, backs up, or holds a team category.
public struct DepartedLeadRule: HistoryRule {
  public static let description = RuleDescription(
    id: .departedLead, severity: .error, needs: .today,
    summary:
      "A person who has left (`left: DATE`) is still a lead or backup of a post, or holds a team category.",
    rationale: """
      People who leave stay in the registry as alumni, so that history keeps their names; but nobody can \
      lead, cover or hold a category from outside. Hand their posts and categories to someone who is here.
      """,
    passing: [
      RuleExample(
        [
          TeamExamples.post("a", lead: "anna", team: nil), TeamExamples.person("anna"),
          TeamExamples.person("bea", extra: "left: 2026-09-01\n"),
        ], tracked: TeamExamples.tree, history: TeamExamples.history)
    ],
    failing: [
      RuleExample(
        [
          (
            "registry/services/a.md",
            "---\nkind: service\nlead: anna\nbackup: [↓bea]\npaths: [/services/a/]\n---\n"
          ),
          TeamExamples.person("anna"), TeamExamples.person("bea", extra: "left: 2026-03-31\n"),
        ], tracked: TeamExamples.tree, history: TeamExamples.history)
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    let people = context.registry.people
    func departed(_ owner: String) -> Entry? {
      guard case .success(let reference) = OwnerReference.parse(owner),
        let person = people.person(for: reference),
        hasLeft(person, by: context.now)
      else { return nil }
      return person
    }
    var findings: [RuleFinding] = []
    for post in context.livePosts {
      for owner in [post.lead].compactMap({ $0 }) + post.backup {
        guard let person = departed(owner.value) else { continue }
        let role = owner.position == post.lead?.position ? "leads" : "backs up"
        findings.append(
          RuleFinding(
            "'\(owner.value)' left on \(person.left!.value) but still \(role) '\(post.id.value)'; hand it to someone who is here",
            in: post, at: owner.position,
            data: FindingData(since: person.left!.value.description, person: owner.value)))
      }
    }
    for team in context.registry.entries where team.kind == .team {
      for category in LeadershipCategory.allCases {
        for holder in team.leadership[category] ?? [] {
          guard let person = departed(holder.value) else { continue }
          findings.append(
            RuleFinding(
              "'\(holder.value)' left on \(person.left!.value) but still holds '\(category.rawValue)' leadership of '\(team.id.value)'",
              in: team, at: holder.position,
              data: FindingData(since: person.left!.value.description, person: holder.value)))
        }
      }
    }
    return findings
  }
}

/// A post with no team, once the registry has teams.
public struct UnteamedPostRule: HistoryRule {
  public static let description = RuleDescription(
    id: .unteamedPost, severity: .warning, needs: .today,
    summary: "A post names no team, in a registry that has teams.",
    rationale: """
      Once a registry has teams, a post without one is missing from every team's view of its leadership: \
      nobody sees it in the spread, the tech lead's load or the team's review routing.
      """,
    passing: [
      RuleExample(
        [TeamExamples.team(), TeamExamples.post("a", lead: "anna")] + TeamExamples.people,
        tracked: TeamExamples.tree, history: TeamExamples.history),
      RuleExample(
        [
          TeamExamples.post("a", lead: "anna", team: nil), TeamExamples.person("anna"),
          TeamExamples.person("bea"),
        ],
        tracked: TeamExamples.tree, history: TeamExamples.history),
    ],
    failing: [
      RuleExample(
        [
          TeamExamples.team(),
          (
            "registry/services/a.md",
            "↓---\nkind: service\nlead: anna\nbackup: [bea]\npaths: [/services/a/]\n---\n"
          ),
        ] + TeamExamples.people, tracked: TeamExamples.tree, history: TeamExamples.history)
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    guard context.registry.entries.contains(where: { $0.kind == .team }) else { return [] }
    let teams = context.registry.entries.filter { $0.kind == .team }.map(\.id.value).sorted()
    return context.livePosts.filter { $0.team == nil }.map { post in
      RuleFinding(
        "'\(post.id.value)' names no team; add 'team:' (\(teams.joined(separator: ", ")))", in: post,
        at: .start)
    }
  }
}
