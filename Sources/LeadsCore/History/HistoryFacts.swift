/// A commit as the history rules see it: a commit someone wrote (with its co-authors and reviewers), or a
/// merge, whose author brought in what its second-parent side changed.
public struct ActivityCommit: Sendable, Equatable {
  /// Mailmap-resolved emails, lowercased: the author, then `Co-authored-by:` co-authors (for a merge, the
  /// person who merged; a bot is nobody).
  public var authors: [String]
  /// The author date (UTC).
  public var date: CalendarDate
  /// Paths the commit added, changed or removed (both sides of a move); for a merge, what its second-parent
  /// side changed.
  public var paths: [String]
  /// Values of `Initiative:` trailers.
  public var initiatives: [String]
  /// Mailmap-resolved emails of `Reviewed-by:`, `Acked-by:`, `Approved-by:` and `Tested-by:` trailers.
  public var reviewers: [String]
  /// Whether this is a merge: activity of whoever merged, not authorship (`silo` counts authorship only).
  public var isMerge: Bool

  public init(
    authors: [String], date: CalendarDate, paths: [String], initiatives: [String] = [],
    reviewers: [String] = [],
    isMerge: Bool = false
  ) {
    self.authors = authors
    self.date = date
    self.paths = paths
    self.initiatives = initiatives
    self.reviewers = reviewers
    self.isMerge = isMerge
  }

  /// Whether anyone active in the commit (an author, who merged, or a reviewer) satisfies `test`, without
  /// building the list.
  public func anyoneActive(_ test: (String) -> Bool) -> Bool {
    authors.contains(where: test) || reviewers.contains(where: test)
  }

  /// Calls `body` with each person active in the commit, authors first.
  public func forEachActive(_ body: (String) -> Void) {
    for email in authors { body(email) }
    for email in reviewers { body(email) }
  }
}

/// An address a GitHub merge ties to the handle whose fork branch it merged: the pull request's commits had
/// one author, and the branch was `HANDLE/...`.
public struct PullRequestAuthor: Sendable, Equatable {
  public let handle: String
  public let email: String
  /// The merge commit, 40 hexadecimal digits.
  public let merge: String

  public init(handle: String, email: String, merge: String) {
    self.handle = handle
    self.email = email
    self.merge = merge
  }
}

/// Since when the current lead has held a post, read from the first-parent history.
public struct Tenure: Sendable, Equatable {
  /// The commit date of the first-parent commit that started the lead's unbroken run.
  public var since: CalendarDate
  /// False when history is truncated before the run started: the lead has held the post since `since` or earlier.
  public var isExact: Bool
  /// The lead before, when the run started with a handoff.
  public var previousLead: String?
  /// The commit that started the run (hex id) and the entry's file there.
  public var commit: String
  public var file: String
  /// Who wrote the handoff (emails), when there was one.
  public var changeAuthors: [String]
  /// Who reviewed it, by a `Reviewed-by:` (or `Approved-by:`, `Acked-by:`, `Tested-by:`) trailer (emails).
  public var changeReviewers: [String] = []
  /// When the run reaches back to the commit that created the entry: that commit's date. History before it
  /// is read from CODEOWNERS, or the entry's declared `lead_since` speaks for it.
  public var entryCreated: CalendarDate?
  /// Whether `since` is the entry's declared `lead_since` rather than a date read from history.
  public var isDeclared = false
  /// Whether `since` was read from CODEOWNERS' history, before the entry existed.
  public var isFromCodeowners = false

  public init(
    since: CalendarDate, isExact: Bool, previousLead: String? = nil, commit: String = "", file: String = "",
    changeAuthors: [String] = []
  ) {
    self.since = since
    self.isExact = isExact
    self.previousLead = previousLead
    self.commit = commit
    self.file = file
    self.changeAuthors = changeAuthors
  }

  /// `2026-03-01`, `≤ 2026-03-01` when history is truncated, `2026-03-01 (declared)` for a declared date,
  /// `2026-03-01 (CODEOWNERS)` for a date read from CODEOWNERS' history.
  public var sinceText: String {
    (isExact ? "" : "≤ ") + since.description
      + (isDeclared ? " (declared)" : isFromCodeowners ? " (CODEOWNERS)" : "")
  }

  /// Where `since` comes from: `registry` (its history), `codeowners` (CODEOWNERS' history before the entry
  /// existed), `declared` (the entry's `lead_since`), or `truncated` (history is cut before the run began).
  public var sinceSource: String {
    TenureSource.name(exact: isExact, declared: isDeclared, codeowners: isFromCodeowners)
  }
}

/// Names where a run's start date comes from, for JSON (`since_source`).
enum TenureSource {
  static func name(exact: Bool, declared: Bool, codeowners: Bool) -> String {
    if declared { return "declared" }
    if !exact { return "truncated" }
    return codeowners ? "codeowners" : "registry"
  }
}

/// Everything the history rules know about the repository's past. Built by the shell, read by pure rules.
public struct HistoryFacts: Sendable {
  /// Today, for every threshold.
  public var now: CalendarDate
  /// Activity before this day was not read.
  public var windowStart: CalendarDate
  /// Set in a shallow clone: history older than this day is missing.
  public var truncatedAt: CalendarDate?
  /// Non-merge commits reachable from HEAD, authored within the window (at least).
  public var commits: [ActivityCommit]
  /// Tenure of each post's current lead, by entry id; absent when the lead is not committed yet.
  public var tenures: [String: Tenure]
  /// Whether the repository has any commit at all.
  public var hasCommits: Bool
  /// Commits authored after `now` (`--now` in the past), which are not activity.
  public var commitsAfterNow = 0
  /// Who GitHub merges say wrote the pull requests they merged (see `PullRequestAuthor`).
  public var pullRequestAuthors: [PullRequestAuthor] = []
  /// Why the history cache was set aside and history read again, when it did not fit the repository.
  public var cacheDiscarded: String?
  /// Every post's runs of leads as far back as the read history goes, oldest first, by entry id (posts that
  /// no longer exist included).
  public var runs: [String: [LeadRun]] = [:]
  /// Which commits touched which post, when the shell worked it out while reading the rest of history (for
  /// the posts it names; `HistoryContext` works it out otherwise).
  public var activityIndex: ActivityIndex?

  public init(
    now: CalendarDate, windowStart: CalendarDate, truncatedAt: CalendarDate? = nil,
    commits: [ActivityCommit] = [],
    tenures: [String: Tenure] = [:], hasCommits: Bool = true
  ) {
    self.now = now
    self.windowStart = windowStart
    self.truncatedAt = truncatedAt
    self.commits = commits
    self.tenures = tenures
    self.hasCommits = hasCommits
  }

  /// Whether everything on or after `day` is known (not cut by the window or a shallow clone).
  /// An empty repository or an unborn branch knows nothing: activity cannot be judged at all.
  public func knowsEverything(since day: CalendarDate) -> Bool {
    hasCommits && day >= windowStart && (truncatedAt.map { $0 <= day } ?? true)
  }

  /// The first day the history rules need: the oldest of their windows.
  public static func windowStart(now: CalendarDate, config: RegistryConfig) -> CalendarDate {
    [config.staleAfter, config.forgottenAfter, config.siloWindow].map { $0.before(now) }.min()!
  }
}

/// A registry state on the first-parent line: the oldest commit of a run of commits with the same registry.
public struct RegistrySnapshot: Sendable {
  public var commit: String
  /// Commit date (when it landed).
  public var date: CalendarDate
  /// Lead and file of each entry in that state, by id.
  public var entries: [String: (lead: String, file: String)]
  /// The blob (hex id) of each entry's file, by id, where the shell recorded it: renames are judged on it.
  public var blobs: [String: String] = [:]

  public init(commit: String, date: CalendarDate, entries: [String: (lead: String, file: String)]) {
    self.commit = commit
    self.date = date
    self.entries = entries
  }
}

extension TenureAnalysis {
  /// Snapshots (newest first) in which an entry that was moved and given a new id in one commit keeps its
  /// new id all the way back: where an id appears from one state to the next and another disappears, and
  /// `similar` (git's rename detection: half the content or more in common) says the two files are one, the
  /// old id is read as the new one in the older states. A move without a new id needs nothing: ids follow.
  public static func followingRenames(
    _ snapshots: [RegistrySnapshot], similar: (_ older: String, _ newer: String) -> Bool
  ) -> [RegistrySnapshot] {
    var result = snapshots
    guard result.count > 1 else { return result }
    for newer in 0..<(result.count - 1) {
      let older = newer + 1
      // Most neighbouring states hold the same ids: found by lookups, without building sets of them.
      let (newerEntries, olderEntries) = (result[newer].entries, result[older].entries)
      let appeared = newerEntries.keys.filter { olderEntries[$0] == nil }
      guard !appeared.isEmpty else { continue }
      let vanished = olderEntries.keys.filter { newerEntries[$0] == nil }
      guard !vanished.isEmpty else { continue }
      var taken = Set<String>()
      for new in appeared.sorted() {
        guard let newBlob = result[newer].blobs[new],
          let old = vanished.sorted().first(where: { old in
            !taken.contains(old) && result[older].blobs[old].map { similar($0, newBlob) } ?? false
          })
        else { continue }
        taken.insert(old)
        // The old id, from this state back for as long as it lasts, is the new one.
        var index = older
        while index < result.count, let entry = result[index].entries[old], result[index].entries[new] == nil
        {
          result[index].entries[new] = entry
          result[index].entries[old] = nil
          if let blob = result[index].blobs.removeValue(forKey: old) { result[index].blobs[new] = blob }
          index += 1
        }
      }
    }
    return result
  }

  /// git's rename test on two texts: at least half of the larger one's lines are shared.
  public static func similar(_ older: [UInt8], _ newer: [UInt8]) -> Bool {
    let split = { (bytes: [UInt8]) in
      bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    }
    var counts: [ArraySlice<UInt8>: Int] = [:]
    let oldLines = split(older)
    let newLines = split(newer)
    for line in oldLines { counts[line, default: 0] += 1 }
    var shared = 0
    for line in newLines where (counts[line] ?? 0) > 0 {
      counts[line]! -= 1
      shared += 1
    }
    return shared * 2 >= max(oldLines.count, newLines.count)
  }
}

/// Each spelling of a lead resolved once: the same few leads recur in every snapshot.
struct IdentityMemo {
  let people: PersonDirectory
  private var known: [String: String] = [:]

  init(people: PersonDirectory) {
    self.people = people
  }

  mutating func identity(of lead: String) -> String {
    if let found = known[lead] { return found }
    let found = people.identity(of: lead)
    known[lead] = found
    return found
  }
}

/// Derives tenure from first-parent registry snapshots.
public enum TenureAnalysis {
  /// Where known history ends, when it is cut: the later of the window walk's and the first-parent walk's
  /// cuts (a day after which everything is known), nil when neither was cut.
  public static func truncation(window: CalendarDate?, firstParent: CalendarDate?) -> CalendarDate? {
    switch (window, firstParent) {
    case (let window?, let chain?): return max(window, chain)
    case (let window?, nil): return window
    case (nil, let chain?): return chain
    case (nil, nil): return nil
    }
  }

  /// Tenures as far as the read history can tell. `snapshots` run newest first; the first is the state at
  /// HEAD. `truncated` says the oldest snapshot is not where the registry began (a shallow boundary or a
  /// missing tree), so runs that reach it started then or earlier.
  public static func tenures(
    of posts: [Entry], snapshots: [RegistrySnapshot], truncated: Bool, people: PersonDirectory
  ) -> [String: Tenure] {
    var result: [String: Tenure] = [:]
    var identities = IdentityMemo(people: people)
    func identity(of lead: String) -> String { identities.identity(of: lead) }
    for post in posts {
      guard let lead = post.lead?.value else { continue }
      let leadIdentity = identity(of: lead)
      let id = post.id.value
      var start: Int?
      var previous: String?
      var entryMissingBefore = false
      // States are looked at in place, not copied; the same spelling of the lead needs no identity lookup.
      for index in snapshots.indices {
        guard let entry = snapshots[index].entries[id],
          entry.lead == lead || identity(of: entry.lead) == leadIdentity
        else {
          previous = snapshots[index].entries[id]?.lead
          entryMissingBefore = snapshots[index].entries[id] == nil
          break
        }
        start = index
      }
      guard let start else { continue }
      let reachedEnd = start == snapshots.count - 1
      let snapshot = snapshots[start]
      var tenure = Tenure(
        since: snapshot.date, isExact: !(reachedEnd && truncated), previousLead: previous,
        commit: snapshot.commit,
        file: snapshot.entries[post.id.value]!.file)
      // The run began where the entry was created: either the entry is absent just before, or the walk
      // reached the start of the registry's history.
      if entryMissingBefore || (reachedEnd && !truncated) { tenure.entryCreated = snapshot.date }
      result[post.id.value] = tenure
    }
    return result
  }
}

/// What CODEOWNERS said at one first-parent state before an entry existed.
public struct CodeownersState: Sendable {
  /// The committer date of the state's oldest commit.
  public let date: CalendarDate
  /// The file's rules, nil when no CODEOWNERS existed.
  public let rules: [CodeownersRule]?
  /// The commit that began the state (hex id).
  public let commit: String

  public init(date: CalendarDate, rules: [CodeownersRule]?, commit: String = "") {
    self.date = date
    self.rules = rules
    self.commit = commit
  }
}

extension TenureAnalysis {
  /// A tenure that begins at its entry's creation, continued back through CODEOWNERS' own first-parent
  /// history (`states`, newest first, all before the creation) for as long as a line with one of the post's
  /// patterns named the lead — by any of their identities — as an owner; dated like every other tenure.
  /// Where history cannot tell (the state just before named someone else, or only a team), a declared
  /// `lead_since` earlier than the creation speaks for the time before it, marked as declared.
  ///
  /// A line whose pattern changed in the same commit that moved the files it covered (`movedFolder(old, new,
  /// commit)` says so: the old pattern's folder went and the new one came, with the same files) is the same
  /// line with the same owners: the run goes on under the old pattern.
  public static func beforeTheRegistry(
    _ tenure: Tenure, of post: Entry, states: [CodeownersState], statesTruncated: Bool,
    people: PersonDirectory,
    movedFolder: (_ old: String, _ new: String, _ commit: String) -> Bool = { _, _, _ in false }
  ) -> Tenure {
    guard let created = tenure.entryCreated, let lead = post.lead?.value else { return tenure }
    let identity = people.identity(of: lead)
    var patterns = Set(post.paths.map(\.value))
    var extended = tenure
    var ranOut = true
    var reached: CalendarDate?
    var newer: (rule: CodeownersRule, state: CodeownersState)?
    // The lead of a line is its first owner: a second owner is a backup, never a lead.
    func isLed(_ rule: CodeownersRule) -> Bool {
      rule.owners.first.map { people.identity(of: $0) == identity } ?? false
    }
    for state in states {
      guard let rules = state.rules else {
        ranOut = false
        break
      }
      if let rule = rules.last(where: { patterns.contains($0.pattern) && isLed($0) }) {
        reached = state.date
        newer = (rule, state)
        continue
      }
      // The same owners on another pattern, which the newer state's first commit moved to the one matched.
      guard let later = newer,
        let moved = rules.last(where: { rule in
          isLed(rule) && rule.owners == later.rule.owners
            && !(later.state.rules ?? []).contains { $0.pattern == rule.pattern }
            && movedFolder(rule.pattern, later.rule.pattern, later.state.commit)
        })
      else {
        ranOut = false
        break
      }
      patterns.insert(moved.pattern)
      reached = state.date
      newer = (moved, state)
    }
    if let reached, reached <= created {
      extended.since = reached
      extended.isExact = !(ranOut && statesTruncated)
      extended.isFromCodeowners = reached < created
    } else if let declared = post.leadSince?.value, declared < created {
      extended.since = declared
      extended.isDeclared = true
    }
    return extended
  }
}

/// One lead's unbroken run on a post, read from the registry's first-parent history.
public struct LeadRun: Sendable, Equatable {
  /// The lead as the entry wrote it when the run began.
  public let lead: String
  public let since: CalendarDate
  /// When the next run began or the entry went; nil for a run still going.
  public let until: CalendarDate?
  /// False when history is cut before the run began.
  public let isExact: Bool
  /// The first-parent commit that began the run, and the entry's file in it.
  public let commit: String
  public let file: String
  /// The lead before, as written; nil for the run that created the entry.
  public let previousLead: String?
  /// Who made the change that began the run (mailmap-resolved emails, co-authors included); nil when not read.
  public var authors: [String]?
}

extension TenureAnalysis {
  /// Every post's runs, oldest first: consecutive snapshots naming the same person (by any spelling) are one
  /// run. `snapshots` run newest first; `truncated` says the oldest is not where the registry began.
  public static func runs(snapshots: [RegistrySnapshot], truncated: Bool, people: PersonDirectory) -> [String:
    [LeadRun]]
  {
    var runs: [String: [LeadRun]] = [:]
    struct Open {
      let lead: String
      let identity: String
      let since: CalendarDate
      let exact: Bool
      let commit: String
      let file: String
      let previousLead: String?

      func closed(on day: CalendarDate?) -> LeadRun {
        LeadRun(
          lead: lead, since: since, until: day, isExact: exact, commit: commit, file: file,
          previousLead: previousLead)
      }
    }
    var open: [String: Open] = [:]
    var identities = IdentityMemo(people: people)
    for (index, snapshot) in snapshots.enumerated().reversed() {
      let isOldest = index == snapshots.count - 1
      for (id, current) in open where snapshot.entries[id] == nil {
        runs[id, default: []].append(current.closed(on: snapshot.date))
        open[id] = nil
      }
      for (id, entry) in snapshot.entries {
        let identity = identities.identity(of: entry.lead)
        if let current = open[id], current.identity == identity { continue }
        if let current = open[id] { runs[id, default: []].append(current.closed(on: snapshot.date)) }
        open[id] = Open(
          lead: entry.lead, identity: identity, since: snapshot.date, exact: !(isOldest && truncated),
          commit: snapshot.commit, file: entry.file, previousLead: open[id]?.lead)
      }
    }
    for (id, current) in open { runs[id, default: []].append(current.closed(on: nil)) }
    return runs
  }
}
