/// One person leads too many posts.
public struct OverloadedLeadRule: HistoryRule {
  public static let description = RuleDescription(
    id: .overloadedLead, severity: .warning, needs: .history,
    summary:
      "One person leads more than `max_posts` (3) services and open initiatives; reported on the post they took last.",
    rationale: """
      The tech lead who juggles every lead role is the smell spreading leadership argues against: each post gets \
      a fraction of a person, and nobody else practises leading.
      """,
    passing: [
      RuleExample(
        [HistoryExamples.checkout(), HistoryExamples.anna, HistoryExamples.andy]
          + (1...2).map {
            (
              "registry/s\($0).md",
              "---\nkind: service\nlead: anna\nbackup: [andy]\npaths: [/services/search/]\n---\n"
            )
          },
        history: ["now 2026-06-01"])
    ],
    failing: [
      RuleExample(
        [HistoryExamples.checkout(), HistoryExamples.anna, HistoryExamples.andy]
          + (1...3).map {
            (
              "registry/s\($0).md",
              "---\nkind: service\nlead: \($0 == 2 ? "↓" : "")anna@example.com\nbackup: [andy]\npaths: [/docs/]\n---\n"
            )
          },
        history: [
          "now 2026-06-01", "lead checkout since 2025-01-01", "lead s1 since 2025-02-01",
          "lead s2 since 2026-05-01",
          "lead s3 since 2025-03-01",
        ])
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    let people = context.registry.people
    let posts = context.livePosts.filter { $0.lead != nil }
    let byLead = Dictionary(grouping: posts) { people.identity(of: $0.lead!.value) }
    let limit = context.registry.config.maxPosts
    let tenures = context.history.tenures
    return byLead.values.filter { $0.count > limit }.map { led in
      let names = led.map(\.id.value).sorted()
      // The post taken last is the natural one to hand on: report there (and a waiver goes there).
      let latest = led.max { lhs, rhs in
        let left = tenures[lhs.id.value]?.since.daysSinceEpoch ?? Int.min
        let right = tenures[rhs.id.value]?.since.daysSinceEpoch ?? Int.min
        return (left, lhs.id.value) < (right, rhs.id.value)
      }!
      // A few names and a count: a registry where one person leads thousands of posts gets a readable line.
      let shown =
        names.count <= 5
        ? names.joined(separator: ", ")
        : names.prefix(5).joined(separator: ", ") + " and \(names.count - 5) more"
      return RuleFinding(
        "'\(latest.lead!.value)' leads \(led.count) posts (\(shown)), more than \(limit); hand some of them to others, starting with '\(latest.id.value)', taken last",
        in: latest, at: latest.lead!.position,
        data: FindingData(count: led.count, threshold: limit, person: latest.lead!.value))
    }
  }
}

/// A handoff written by somebody who is neither the old nor the new lead.
public struct UnreviewedHandoffRule: HistoryRule {
  public static let description = RuleDescription(
    id: .unreviewedHandoff, severity: .warning, needs: .history,
    summary: "The commit that changed a post's lead was authored by neither the old nor the new lead.",
    rationale: """
      A handoff is a conversation between two people. When a third person rewrites the lead, the new lead may \
      not know, and the old one may not have handed anything over. The change lands as a merge or a squash; the \
      authors of the change count, not whoever pressed merge.
      """,
    passing: [
      RuleExample(
        HistoryExamples.team(),
        history: ["now 2026-06-01", "lead checkout since 2026-05-01 from andy by andy@example.com"])
    ],
    failing: [
      RuleExample(
        HistoryExamples.team(HistoryExamples.checkout(lead: "↓anna")),
        history: ["now 2026-06-01", "lead checkout since 2026-05-01 from andy by mallory@example.com"])
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    context.livePosts.compactMap { post in
      guard let lead = post.lead, let tenure = context.history.tenures[post.id.value],
        let previous = tenure.previousLead, !tenure.changeAuthors.isEmpty
      else { return nil }
      let identities = [context.identity(of: lead.value), context.identity(of: previous)].compactMap { $0 }
      guard !identities.isEmpty else { return nil }
      let reviewed = tenure.changeAuthors.contains { email in identities.contains { $0.matches(email) } }
      guard !reviewed else { return nil }
      return RuleFinding(
        "the lead of '\(post.id.value)' changed from '\(previous)' to '\(lead.value)' on \(tenure.since) in a commit by \(tenure.changeAuthors.joined(separator: ", ")), neither of them; have the new lead confirm the handoff",
        in: post, at: lead.position,
        data: FindingData(since: tenure.since.description, person: lead.value, other: previous))
    }
  }
}

/// A lead who hands a post to themselves.
public struct SelfAppointedHandoffRule: HistoryRule {
  public static let description = RuleDescription(
    id: .selfAppointedHandoff, severity: .warning, needs: .history,
    summary:
      "The new lead alone made the commit that gave them the post: the old lead neither co-wrote it nor reviewed it (no `Reviewed-by:`, `Approved-by:` or `Acked-by:` trailer).",
    rationale: """
      A handoff needs both sides. A new lead who commits their own appointment, with no sign from the old lead, \
      appointed themselves. With `codeowners.registry_review` the forge asks the old lead to review the change; \
      when they approved elsewhere, a `Reviewed-by:` trailer with their address says so.
      """,
    passing: [
      RuleExample(
        HistoryExamples.team(),
        history: [
          "now 2026-06-01",
          "lead checkout since 2026-05-01 from andy by anna@example.com reviewed-by andy@example.com",
        ]),
      RuleExample(
        HistoryExamples.team(),
        history: [
          "now 2026-06-01", "lead checkout since 2026-05-01 from andy by anna@example.com,andy@example.com",
        ]),
    ],
    failing: [
      RuleExample(
        HistoryExamples.team(HistoryExamples.checkout(lead: "↓anna")),
        history: ["now 2026-06-01", "lead checkout since 2026-05-01 from andy by anna@example.com"])
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    context.livePosts.compactMap { post in
      guard let lead = post.lead, let tenure = context.history.tenures[post.id.value],
        let previous = tenure.previousLead, !tenure.changeAuthors.isEmpty,
        let new = context.identity(of: lead.value), let old = context.identity(of: previous),
        tenure.changeAuthors.contains(where: new.matches),
        !tenure.changeAuthors.contains(where: old.matches),
        !tenure.changeReviewers.contains(where: old.matches)
      else { return nil }
      let address = old.emails.sorted().first.map { " <\($0)>" } ?? ""
      return RuleFinding(
        "'\(lead.value)' took '\(post.id.value)' over from '\(previous)' on \(tenure.since) in a commit only they made, with no review by '\(previous)'; if \(previous) approved elsewhere, say so with a `Reviewed-by: \(previous)\(address)` trailer, or have them co-author the handoff",
        in: post, at: lead.position,
        data: FindingData(since: tenure.since.description, person: lead.value, other: previous))
    }
  }
}
