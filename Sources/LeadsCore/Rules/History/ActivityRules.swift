/// A lead or backup who has committed nothing anywhere in the repository for a long time.
public struct StaleOwnerRule: HistoryRule {
  public static let description = RuleDescription(
    id: .staleOwner, severity: .warning, needs: .history,
    summary:
      "A lead or backup has had no activity (writing, reviewing or merging a commit) anywhere in the repository for `stale_after` (90 days).",
    rationale: """
      Chromium expects owners to have done real work within 90 days, and Kubernetes retires inactive approvers. \
      Someone who no longer works here cannot lead or cover a post. People marked away are not reported.
      """,
    passing: [
      RuleExample(
        HistoryExamples.team(),
        history: [
          "now 2026-06-01", "commit 2026-05-20 anna@example.com docs/guide.md",
          "commit 2026-04-02 andy@example.com services/search/index.swift", "lead checkout since 2026-01-01",
        ])
    ],
    failing: [
      RuleExample(
        HistoryExamples.team(HistoryExamples.checkout(backup: "[↓andy]")),
        history: [
          "now 2026-06-01", "commit 2026-05-20 anna@example.com docs/guide.md",
          "commit 2026-02-01 andy@example.com docs/guide.md", "lead checkout since 2026-01-01",
        ])
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    var findings: [RuleFinding] = []
    for post in context.livePosts {
      for owner in [post.lead].compactMap({ $0 }) + post.backup {
        guard let last = context.inactivity(of: owner.value).map(\.last) else { continue }
        let role = owner.position == post.lead?.position ? "lead" : "backup"
        let when = last.map { "since \($0)" } ?? "in the last \(context.registry.config.staleAfter.phrase)"
        findings.append(
          RuleFinding(
            "\(role) '\(owner.value)' has written, reviewed or merged no commit in this repository \(when); hand the post to someone active, or mark them away",
            in: post, at: owner.position,
            data: FindingData(
              days: last.map { daysBetween($0, context.now) },
              threshold: context.registry.config.staleAfter.approximateDays,
              since: last?.description, person: owner.value)))
      }
    }
    return findings
  }
}

/// A lead who has not touched their post for a long time.
public struct ForgottenLeadRule: HistoryRule {
  public static let description = RuleDescription(
    id: .forgottenLead, severity: .warning, needs: .history,
    summary:
      "The lead has had no activity on the post for `forgotten_after` (60 days): no commit to its paths, its lead file, or (initiatives) with its trailer.",
    rationale: """
      A post nobody checks in on should not have a lead at all. Committing to the lead file (a check-in) counts. \
      New leads get the same grace period before this fires.
      """,
    passing: [
      RuleExample(
        HistoryExamples.team(),
        history: [
          "now 2026-06-01", "commit 2026-05-02 anna@example.com registry/checkout.md",
          "lead checkout since 2025-06-01",
        ])
    ],
    failing: [
      RuleExample(
        HistoryExamples.team(HistoryExamples.checkout(lead: "↓anna")),
        history: [
          "now 2026-06-01", "commit 2026-05-20 anna@example.com docs/guide.md",
          "commit 2026-05-21 andy@example.com services/checkout/main.swift", "lead checkout since 2025-06-01",
        ])
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    let cutoff = context.registry.config.forgottenAfter.before(context.now)
    guard context.history.knowsEverything(since: cutoff) else { return [] }
    return context.livePosts.compactMap { post in
      guard post.kind == .service || post.status?.value == .active, let lead = post.lead,
        let tenure = context.history.tenures[post.id.value], tenure.since <= cutoff,
        let identity = context.identity(of: lead.value), context.canSee(identity),
        context.isAway(lead.value) == nil
      else { return nil }
      let last = context.activity.lastActivity(of: identity, on: post.id.value, in: context.history.commits)
      guard last.map({ $0 < cutoff }) ?? true else { return nil }
      let when = last.map { "since \($0)" } ?? "in the last \(context.registry.config.forgottenAfter.phrase)"
      return RuleFinding(
        "lead '\(lead.value)' has had no activity on '\(post.id.value)' \(when); check in (commit to its lead file) or hand it off",
        in: post, at: lead.position,
        data: FindingData(
          days: last.map { daysBetween($0, context.now) },
          threshold: context.registry.config.forgottenAfter.approximateDays,
          since: last?.description, person: lead.value))
    }
  }
}

/// A backup who never touches the post could not step in.
public struct PaperBackupRule: HistoryRule {
  public static let description = RuleDescription(
    id: .paperBackup, severity: .warning, needs: .history,
    summary:
      "A backup has had no activity on the post for `forgotten_after` (60 days): a backup on paper only.",
    rationale: """
      A backup covers when the lead is away or leaves; one who never writes, reviews or merges a change to the \
      post could not. Have them review or pair on changes, or name a backup who practises.
      """,
    passing: [
      RuleExample(
        HistoryExamples.team(),
        history: [
          "now 2026-06-01", "commit 2026-05-02 andy@example.com services/checkout/main.swift",
          "commit 2026-05-03 anna@example.com services/checkout/main.swift", "lead checkout since 2025-06-01",
        ])
    ],
    failing: [
      RuleExample(
        HistoryExamples.team(HistoryExamples.checkout(backup: "[↓andy]")),
        history: [
          "now 2026-06-01", "commit 2026-05-20 andy@example.com docs/guide.md",
          "commit 2026-05-21 anna@example.com services/checkout/main.swift", "lead checkout since 2025-06-01",
        ])
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    let window = context.registry.config.forgottenAfter
    let cutoff = window.before(context.now)
    guard context.history.knowsEverything(since: cutoff) else { return [] }
    return context.livePosts.flatMap { post -> [RuleFinding] in
      guard post.kind == .service || post.status?.value == .active else { return [] }
      return post.backup.compactMap { backup in
        guard let identity = context.identity(of: backup.value), context.canSee(identity),
          context.isAway(backup.value) == nil
        else { return nil }
        let last = context.activity.lastActivity(of: identity, on: post.id.value, in: context.history.commits)
        guard last.map({ $0 < cutoff }) ?? true else { return nil }
        let when = last.map { "since \($0)" } ?? "in the last \(window.phrase)"
        return RuleFinding(
          "backup '\(backup.value)' has had no activity on '\(post.id.value)' \(when): a backup on paper only; have them review or pair on its changes, or name a backup who works on it",
          in: post, at: backup.position,
          data: FindingData(
            days: last.map { daysBetween($0, context.now) }, threshold: window.approximateDays,
            since: last?.description, person: backup.value))
      }
    }
  }
}

/// One person authors nearly all of a post's commits.
public struct SiloRule: HistoryRule {
  public static let description = RuleDescription(
    id: .silo, severity: .warning, needs: .history,
    summary:
      "The lead authored at least `silo.share` (80%) of the post's commits in `silo.window` (90 days), with at least `silo.min_commits` (10) commits.",
    rationale:
      "A good lead makes the area easy for others; doing nearly all the work yourself is a silo, and a bus factor of one.",
    passing: [
      RuleExample(
        HistoryExamples.team(),
        history: ["now 2026-06-01", "lead checkout since 2025-06-01"]
          + (1...6).map { "commit 2026-05-\(10 + $0) anna@example.com services/checkout/main.swift" }
          + (1...4).map { "commit 2026-05-\(10 + $0) andy@example.com services/checkout/main.swift" })
    ],
    failing: [
      RuleExample(
        HistoryExamples.team(HistoryExamples.checkout(lead: "↓anna")),
        history: ["now 2026-06-01", "lead checkout since 2025-06-01"]
          + (1...9).map { "commit 2026-05-\(10 + $0) anna@example.com services/checkout/main.swift" }
          + ["commit 2026-05-01 andy@example.com services/checkout/main.swift"])
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    let config = context.registry.config
    let start = config.siloWindow.before(context.now)
    guard context.history.knowsEverything(since: start) else { return [] }
    return context.livePosts.compactMap { post in
      guard let lead = post.lead, let identity = context.identity(of: lead.value) else {
        return nil
      }
      // Authorship only: a merge or a review is activity, not writing the code.
      // Looked at in place: a busy post has thousands of commits in the window.
      let all = context.history.commits
      let commits = (context.activity.pathCommits[post.id.value] ?? []).filter {
        all[$0].date >= start && !all[$0].isMerge
      }
      guard commits.count >= config.siloMinCommits else { return nil }
      let mine = commits.count { identity.authored(all[$0]) }
      guard mine * 100 >= config.siloShare * commits.count else { return nil }
      return RuleFinding(
        "lead '\(lead.value)' authored \(mine) of the \(commits.count) commits to '\(post.id.value)' since \(start) (\(mine * 100 / commits.count)%); pair with others and let them lead changes",
        in: post, at: lead.position,
        data: FindingData(
          share: mine * 100 / commits.count, count: commits.count, threshold: config.siloShare,
          since: start.description, person: lead.value))
    }
  }
}

/// A lead or backup whose commits leads cannot see: no address in the registry, none linked from history.
public struct UnseenPersonRule: HistoryRule {
  public static let description = RuleDescription(
    id: .unseenPerson, severity: .warning, needs: .history,
    summary:
      "A lead or backup has no email in the registry and no address history links to their handle, so leads cannot see their commits.",
    rationale: """
      A linter that says someone authored nothing when it simply cannot recognise their commits loses its \
      readers. Until one of their addresses is known, `stale-owner` and `forgotten-lead` say nothing about \
      them; this says what to add instead. History links an address to a handle by a GitHub no-reply address \
      (`123+handle@users.noreply.github.com`).
      """,
    passing: [
      RuleExample(
        [HistoryExamples.checkout(backup: "['@ari']"), HistoryExamples.anna],
        history: [
          "now 2026-06-01", "commit 2026-05-20 4711+ari@users.noreply.github.com docs/guide.md",
          "lead checkout since 2026-01-01",
        ])
    ],
    failing: [
      RuleExample(
        [
          HistoryExamples.checkout(backup: "[ari]"), HistoryExamples.anna,
          ("registry/people/ari.md", "---\nkind: person\nname: Ari\n↓handle: '@ari'\n---\n"),
        ],
        history: [
          "now 2026-06-01", "commit 2026-05-20 ari.h@example.com docs/guide.md",
          "lead checkout since 2026-01-01",
        ])
    ]
  )

  public init() {}

  public func check(_ context: HistoryContext) -> [RuleFinding] {
    guard context.history.hasCommits else { return [] }
    let people = context.registry.people
    var reported = Set<String>()
    var findings: [RuleFinding] = []
    for post in context.livePosts {
      for owner in [post.lead].compactMap({ $0 }) + post.backup {
        guard let identity = context.identity(of: owner.value), !context.canSee(identity),
          reported.insert(people.identity(of: owner.value)).inserted
        else { continue }
        let handle = identity.handle.map { "@" + $0 } ?? owner.value
        var entry = post
        var position = owner.position
        var file = "a person file (leads new person)"
        if case .success(let reference) = OwnerReference.parse(owner.value),
          let person = people.person(for: reference)
        {
          entry = person
          position = person.keyPositions["handle"] ?? person.position(ofKey: "kind")
          file = person.file
        }
        findings.append(
          RuleFinding(
            "leads cannot see the commits of '\(owner.value)': no address in \(file) and none linked to \(handle) by the commits since \(context.history.windowStart); add the addresses they commit with under 'emails' (or a .mailmap line); until then stale-owner and forgotten-lead say nothing about them",
            in: entry, at: position, data: FindingData(person: owner.value)))
      }
    }
    return findings
  }
}
