/// What changed since a day (`leads report --since`): the handoffs after it, the posts added and removed, and
/// the findings that appeared and were resolved (matched as `lint --new-since` matches them).
public struct ReportChanges: Sendable {
  public struct Handoff: Sendable {
    let post: String
    let from: String
    let to: String
    let day: CalendarDate
    /// Whether the old or the new lead made the handoff; nil when the authors could not be read.
    let confirmed: Bool?
  }

  let since: CalendarDate
  let handoffs: [Handoff]
  let added: [String]
  let removed: [String]
  let appeared: [Diagnostic]
  let resolved: [Diagnostic]

  /// "3 handoffs · 1 post added · 0 removed · 2 findings appeared · 1 resolved", for both pages.
  var counts: String {
    [
      counted(handoffs.count, "handoff"), "\(counted(added.count, "post")) added", "\(removed.count) removed",
      "\(counted(appeared.count, "finding")) appeared", "\(resolved.count) resolved",
    ].joined(separator: " · ")
  }
}

/// The registry's health on one day of the last year, for the trend charts.
public struct TrendPoint: Sendable {
  let day: CalendarDate
  /// Posts that are live (not a done or dropped initiative).
  let posts: Int
  let withBackup: Int
  let open: Int
  /// Posts whose lead had held them past their rotation period on that day.
  let pastRotation: Int
  /// The median tenure of the leads of that day, in days.
  let medianTenure: Int?

  /// The share of live posts with a backup, in percent.
  var backupShare: Int { posts == 0 ? 0 : withBackup * 100 / posts }
}

extension LeadershipReport {
  /// Adds what changed since `since`: `then` is the registry and the findings as of that day (nil when there
  /// was no registry yet), `now` the findings of the report's own day.
  public mutating func compare(
    since: CalendarDate, then: (registry: Registry, diagnostics: [Diagnostic])?, registry: Registry,
    diagnostics: [Diagnostic]
  ) {
    var handoffs: [ReportChanges.Handoff] = []
    for post in posts {
      for (index, run) in post.runs.enumerated() where index > 0 && run.since > since {
        handoffs.append(
          ReportChanges.Handoff(
            post: post.id, from: post.runs[index - 1].lead, to: run.lead, day: run.since,
            confirmed: run.reviewed))
      }
    }
    handoffs.sort { $0.day != $1.day ? $0.day < $1.day : NaturalOrder.less($0.post, $1.post) }
    let before = Set(then?.registry.posts.map(\.id.value) ?? [])
    let after = Set(registry.posts.map(\.id.value))
    let earlier = then?.diagnostics ?? []
    let appeared = zip(diagnostics, FindingIdentity.existing(diagnostics, in: earlier)).filter { !$0.1 }
      .map(\.0)
    let resolved = zip(earlier, FindingIdentity.existing(earlier, in: diagnostics)).filter { !$0.1 }.map(\.0)
    changes = ReportChanges(
      since: since, handoffs: handoffs, added: after.subtracting(before).sorted(by: NaturalOrder.less),
      removed: before.subtracting(after).sorted(by: NaturalOrder.less), appeared: appeared, resolved: resolved
    )
  }

  /// Adds the trend of the registry's health: one point per sampled day, from the registry as it was that day
  /// and the report's lead runs.
  public mutating func addTrends(_ samples: [(day: CalendarDate, registry: Registry)]) {
    let runs = Dictionary(posts.map { ($0.id, $0.runs) }, uniquingKeysWith: { a, _ in a })
    trends = samples.sorted { $0.day < $1.day }.map { day, registry in
      let live = registry.posts.filter { !$0.isFinished }
      var tenures: [Int] = []
      var past = 0
      for post in live where !post.isOpen {
        guard
          let run = runs[post.id.value]?.last(where: {
            $0.since <= day && ($0.until.map { day < $0 } ?? true)
          })
        else { continue }
        tenures.append(day.daysSinceEpoch - run.since.daysSinceEpoch)
        let limit = post.rotateAfter?.value ?? registry.config.rotateAfter
        if limit.after(run.since) <= day { past += 1 }
      }
      tenures.sort()
      return TrendPoint(
        day: day, posts: live.count, withBackup: live.count { !$0.backup.isEmpty },
        open: live.count(where: \.isOpen),
        pastRotation: past, medianTenure: tenures.isEmpty ? nil : tenures[tenures.count / 2])
    }
  }

  /// The days the trend is sampled on: today and every 30 days back over the last year.
  public static func trendDays(until now: CalendarDate) -> [CalendarDate] {
    (0...12).map { CalendarDate(daysSinceEpoch: now.daysSinceEpoch - 30 * $0) }.reversed()
  }
}
