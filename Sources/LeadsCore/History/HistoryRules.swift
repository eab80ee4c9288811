/// What the history rules read: the registry, what history says, and derived indices.
public struct HistoryContext: Sendable {
  public let registry: Registry
  public let history: HistoryFacts
  public let activity: ActivityIndex

  /// The latest commit date of each email (author or co-author).
  private let lastCommitByEmail: [String: CalendarDate]
  /// Every address history links to each handle (lowercased), with what linked it.
  public let linkedAddresses: [String: [LinkedAddress]]

  public init(registry: Registry, history: HistoryFacts) {
    self.registry = registry
    self.history = history
    if let index = history.activityIndex, index.isFor(registry.posts) {
      self.activity = index
    } else {
      self.activity = ActivityIndex(posts: registry.posts, commits: history.commits)
    }
    var last: [String: CalendarDate] = [:]
    for index in history.commits.indices {
      let date = history.commits[index].date
      history.commits[index].forEachActive { email in
        if last[email].map({ $0 < date }) ?? true { last[email] = date }
      }
    }
    lastCommitByEmail = last
    linkedAddresses = LinkedAddress.links(in: history, registry: registry)
  }

  /// Who an owner is in history: the registry's addresses and handle, with the addresses history links to
  /// the handle; nil when the registry names nobody to look for.
  public func identity(of owner: String) -> Identity? {
    registry.people.commitIdentity(of: owner)?.adding(linkedAddresses)
  }

  /// Whether leads can see the commits of an identity: it has an address (in the registry or linked from
  /// history). Checks about someone's commits speak only about people it can see.
  public func canSee(_ identity: Identity) -> Bool {
    identity.isSeen(linked: linkedAddresses)
  }

  public var now: CalendarDate { history.now }

  /// Posts that still need a lead's attention: services, and initiatives not done or dropped.
  public var livePosts: [Entry] {
    registry.posts.filter { !$0.isFinished }
  }

  /// Whether the person an owner names is away today.
  public func isAway(_ owner: String) -> Away? {
    guard case .success(let reference) = OwnerReference.parse(owner),
      let away = registry.people.person(for: reference)?.away,
      away.from.value <= now, now <= away.until.value
    else { return nil }
    return away
  }

  /// How the person an owner names is inactive, as `stale-owner` judges: someone leads can see, not away,
  /// with no commit since the stale-owner threshold (`last` is their latest, older, commit when history has
  /// one), in a history that reaches back that far; nil when they are active or cannot be judged.
  public func inactivity(of owner: String) -> Inactivity? {
    let cutoff = registry.config.staleAfter.before(now)
    guard history.knowsEverything(since: cutoff), let identity = identity(of: owner), canSee(identity),
      isAway(owner) == nil
    else { return nil }
    let last = lastCommit(of: identity)
    return last.map { $0 < cutoff } ?? true ? Inactivity(last: last) : nil
  }

  /// Someone history shows inactive, with their latest commit when history has one.
  public struct Inactivity: Sendable {
    public let last: CalendarDate?
  }

  /// Whether history shows the person an owner names inactive (see `inactivity(of:)`).
  public func isInactive(_ owner: String) -> Bool { inactivity(of: owner) != nil }

  /// The latest commit anywhere by an identity, within what history shows.
  public func lastCommit(of identity: Identity) -> CalendarDate? {
    var latest = identity.emails.compactMap { lastCommitByEmail[$0] }.max()
    if identity.handle != nil {
      for (email, date) in lastCommitByEmail
      where identity.matches(email) && latest.map({ $0 < date }) ?? true {
        latest = date
      }
    }
    return latest
  }
}

/// A rule that reads history. Its findings default to warnings: they are signals for people, not broken data.
public protocol HistoryRule: Sendable {
  static var description: RuleDescription { get }
  init()
  func check(_ context: HistoryContext) -> [RuleFinding]
}

extension Period {
  /// "90 days" reads better than "3 months" in messages about day thresholds.
  var phrase: String { description }
}

func daysBetween(_ from: CalendarDate, _ to: CalendarDate) -> Int {
  to.daysSinceEpoch - from.daysSinceEpoch
}

/// "1 day", "2 days": a count with its noun, plural unless the count is one (`plural` for irregular ones:
/// "2 people").
public func counted(_ count: Int, _ noun: String, _ plural: String? = nil) -> String {
  "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
}

/// An address history ties to a forge handle, and the evidence that tied it.
public struct LinkedAddress: Sendable, Equatable {
  public enum Evidence: Sendable, Equatable {
    /// A GitHub no-reply address names the handle.
    case noReplyAddress
    /// A GitHub merge of a pull request from the handle's fork, whose commits had this one author.
    case pullRequest(merge: String)

    public var description: String {
      switch self {
      case .noReplyAddress: return "a GitHub no-reply address"
      case .pullRequest(let merge): return "the pull request merged by \(merge.prefix(10)), from their fork"
      }
    }
  }

  public let email: String
  public let evidence: Evidence

  /// Every address history ties to a handle, by handle (lowercased): no-reply addresses among the window's
  /// authors, co-authors and reviewers, then the authors of pull requests merged from a fork. A branch of
  /// an organisation the registry knows (the `acme` of a team's `@acme/widget`) ties nobody.
  public static func links(in history: HistoryFacts, registry: Registry) -> [String: [LinkedAddress]] {
    var links: [String: [LinkedAddress]] = [:]
    var seen = Set<String>()
    for index in history.commits.indices {
      history.commits[index].forEachActive { email in
        guard seen.insert(email).inserted, let handle = Identity.noReplyHandle(email) else { return }
        links[handle, default: []].append(LinkedAddress(email: email, evidence: .noReplyAddress))
      }
    }
    let organisations = Set(
      registry.entries.compactMap { entry -> String? in
        guard entry.kind == .team, let handle = entry.handle?.value, let slash = handle.firstIndex(of: "/")
        else {
          return nil
        }
        return PersonDirectory.handleKey(String(handle[..<slash]))
      })
    for author in history.pullRequestAuthors {
      let handle = author.handle.lowercased()
      guard !organisations.contains(handle),
        !(links[handle] ?? []).contains(where: { $0.email == author.email })
      else { continue }
      links[handle, default: []].append(
        LinkedAddress(email: author.email, evidence: .pullRequest(merge: author.merge)))
    }
    return links
  }
}
