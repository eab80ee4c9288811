/// A lead who has held the post for longer than the rotation period.
public struct UnrotatedPostRule: HistoryRule {
  public static let description = RuleDescription(
    id: .unrotatedPost, severity: .warning, needs: .history,
    summary:
      "The current lead has held the post longer than its `rotate_after` (default 365 days), measured from history.",
    rationale: """
      No permanent posts: leads hand off and rotate, so that leadership is practised by many. Tenure is read \
      from the first-parent history of the lead file, never from a date someone wrote.
      """,
    passing: [
      RuleExample(HistoryExamples.team(), history: ["now 2026-06-01", "lead checkout since 2025-09-01"]),
      RuleExample(
        HistoryExamples.team(HistoryExamples.checkout(extra: "rotate_after: 2 years\n")),
        history: ["now 2026-06-01", "lead checkout since 2025-01-01"]),
    ],
    failing: [
      RuleExample(
        HistoryExamples.team(HistoryExamples.checkout(lead: "↓anna")),
        history: ["now 2026-06-01", "lead checkout since 2025-05-31"]),
      RuleExample(
        HistoryExamples.team(HistoryExamples.checkout(lead: "↓anna")),
        history: ["now 2026-06-01", "lead checkout since 2025-03-01 truncated", "truncated 2025-03-01"]),
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    context.livePosts.compactMap { post in
      guard let lead = post.lead, let tenure = context.history.tenures[post.id.value] else { return nil }
      let limit = post.rotateAfter?.value ?? context.registry.config.rotateAfter
      let cutoff = limit.before(context.now)
      guard tenure.since < cutoff else { return nil }
      let days = daysBetween(tenure.since, context.now)
      let held =
        tenure.isExact
        ? "since \(tenure.since) (\(days) days)"
        : "for at least \(days) days (since \(tenure.since) or earlier)"
      return RuleFinding(
        "'\(lead.value)' has led '\(post.id.value)' \(held), longer than \(limit.phrase); hand it off (`backup` is a good start)",
        in: post, at: lead.position,
        data: FindingData(
          days: days, threshold: limit.approximateDays, since: tenure.sinceText, person: lead.value))
    }
  }
}

/// A post with nobody to cover it.
public struct NoBackupRule: HistoryRule {
  public static let description = RuleDescription(
    id: .noBackup, severity: .warning, needs: .today,
    summary: "A post has no backup, or every backup is away today.",
    rationale: "Leads hand off for vacations; a post without a deputy stops whenever its lead is away.",
    passing: [RuleExample(HistoryExamples.team(), history: ["now 2026-06-01"])],
    failing: [
      RuleExample(
        [
          (
            "registry/checkout.md",
            "---\nkind: service\nlead: anna\n↓backup: []\npaths: [/services/checkout/]\n---\n"
          ),
          HistoryExamples.anna,
        ], history: ["now 2026-06-01"]),
      RuleExample(
        [
          HistoryExamples.checkout(backup: "[↓andy]"), HistoryExamples.anna,
          (
            "registry/people/andy.md",
            "---\nkind: person\nemails: [andy@example.com]\naway: {from: 2026-05-20, until: 2026-06-10}\n---\n"
          ),
        ], history: ["now 2026-06-01"]),
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    context.livePosts.compactMap { post in
      if post.backup.isEmpty {
        return RuleFinding(
          "'\(post.id.value)' has no backup; name someone under 'backup' who can cover when the lead is away",
          in: post, at: post.keyPositions["backup"] ?? post.lead?.position ?? .start)
      }
      let away = post.backup.compactMap { owner in context.isAway(owner.value).map { (owner, $0) } }
      guard away.count == post.backup.count, let first = away.first else { return nil }
      let until = away.map(\.1.until.value).min()!
      return RuleFinding(
        "every backup of '\(post.id.value)' is away today (back by \(until)); name another backup", in: post,
        at: first.0.position)
    }
  }

}

/// An initiative past its due date, or done and still listed.
public struct OverdueInitiativeRule: HistoryRule {
  public static let description = RuleDescription(
    id: .overdueInitiative, severity: .warning, needs: .today,
    summary: "An active initiative is past its due date, or a done initiative is still listed.",
    rationale: """
      The initiative lead keeps the plan current. A due date in the past means the plan changed and nobody said \
      so; a finished initiative left in the registry keeps a lead on a post that no longer exists.
      """,
    passing: [
      RuleExample(
        "registry/v2.md",
        "---\nkind: initiative\nlead: anna@example.com\nbackup: [andy@example.com]\nstatus: active\ndue: 2026-06-01\n---\n",
        history: ["now 2026-06-01"])
    ],
    failing: [
      RuleExample(
        "registry/v2.md",
        "---\nkind: initiative\nlead: anna@example.com\nbackup: [andy@example.com]\nstatus: active\ndue: ↓2026-05-31\n---\n",
        history: ["now 2026-06-01"]),
      RuleExample(
        "registry/v1.md", "---\nkind: initiative\nlead: anna@example.com\nstatus: ↓done\n---\n",
        history: ["now 2026-06-01"]),
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    context.registry.posts.compactMap { post in
      guard post.kind == .initiative, let status = post.status else { return nil }
      if status.value == .done {
        return RuleFinding(
          "'\(post.id.value)' is done but still listed; remove its file (history keeps it)", in: post,
          at: status.position)
      }
      guard status.value == .active, let due = post.due, due.value < context.now else { return nil }
      return RuleFinding(
        "'\(post.id.value)' was due on \(due.value) (\(counted(daysBetween(due.value, context.now), "day")) ago); update 'due' or the status",
        in: post, at: due.position,
        data: FindingData(days: daysBetween(due.value, context.now), since: due.value.description))
    }
  }
}

/// A declared `lead_since` that claims what history already knows.
public struct LeadSinceRule: HistoryRule {
  public static let description = RuleDescription(
    id: .leadSince, severity: .error, needs: .history,
    summary: "A post's declared `lead_since` is later than the commit that created its entry.",
    rationale: """
      `lead_since` speaks only for the time before the entry existed, where history (the entry, then \
      CODEOWNERS) cannot tell. Once the entry exists, history says who led the post and since when; a later \
      declared date would contradict it.
      """,
    passing: [
      RuleExample(
        HistoryExamples.team(HistoryExamples.checkout(extra: "lead_since: 2024-03-01\n")),
        history: ["now 2026-06-01", "lead checkout since 2025-06-01 created"])
    ],
    failing: [
      RuleExample(
        HistoryExamples.team(HistoryExamples.checkout(extra: "lead_since: ↓2025-09-01\n")),
        history: ["now 2026-06-01", "lead checkout since 2025-06-01 created"])
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    context.registry.posts.compactMap { post in
      guard let declared = post.leadSince, let created = context.history.tenures[post.id.value]?.entryCreated,
        declared.value > created
      else { return nil }
      return RuleFinding(
        "lead_since \(declared.value) is after '\(post.id.value)' was created on \(created); history speaks for everything since then: remove lead_since, or give the day the lead really started",
        in: post, at: declared.position, data: FindingData(since: created.description))
    }
  }
}
