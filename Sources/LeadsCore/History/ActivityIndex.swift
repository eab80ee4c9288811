/// The emails that count as one owner's commits.
public struct Identity: Sendable, Hashable {
  /// Exact addresses, lowercased.
  public var emails: Set<String>
  /// A forge handle whose no-reply addresses (`handle@users.noreply.github.com`, `123+handle@...`) count too.
  public var handle: String?

  public func matches(_ email: String) -> Bool {
    if emails.contains(email) { return true }
    guard let handle else { return false }
    return Identity.noReplyHandle(email) == handle
  }

  /// The handle a GitHub no-reply address belongs to (`ID+handle@users.noreply.github.com`,
  /// `handle@users.noreply.github.com`), lowercased; nil for any other address.
  public static func noReplyHandle(_ email: String) -> String? {
    let domain = "@users.noreply.github.com"
    guard email.lowercased().hasSuffix(domain) else { return nil }
    let local = email.dropLast(domain.count)
    let handle = local.firstIndex(of: "+").map { local[local.index(after: $0)...] } ?? local
    return handle.isEmpty ? nil : handle.lowercased()
  }

  /// The identity with the addresses history links to its handle added. Addresses written in the registry
  /// win: a person with `emails` gets no address from a merge (a wrong link is overridden by writing the
  /// right ones); no-reply addresses name the handle itself and always count.
  public func adding(_ linked: [String: [LinkedAddress]]) -> Identity {
    guard emails.isEmpty, let handle, let addresses = linked[handle] else { return self }
    var identity = self
    identity.emails.formUnion(addresses.map(\.email))
    return identity
  }

  /// Whether leads can see this identity's commits: an address is known, or history links one to its handle.
  public func isSeen(linked: [String: [LinkedAddress]]) -> Bool {
    !emails.isEmpty || handle.map { !(linked[$0] ?? []).isEmpty } ?? false
  }

  /// Whether the identity wrote the commit (as its author or a co-author; merges are nobody's writing).
  public func authored(_ commit: ActivityCommit) -> Bool {
    !commit.isMerge && commit.authors.contains(where: matches)
  }

  /// Whether the identity was active in the commit: wrote it, reviewed it, or merged it.
  public func wasActive(in commit: ActivityCommit) -> Bool {
    commit.anyoneActive(matches)
  }
}

extension PersonDirectory {
  /// The addresses an owner commits with and their forge handle, or nil when the registry names nobody it
  /// could look for (a person id without a person file, a team).
  public func commitIdentity(of owner: String) -> Identity? {
    guard case .success(let reference) = OwnerReference.parse(owner) else { return nil }
    let person = person(for: reference)
    var emails = Set((person?.emails ?? []).map { $0.value.lowercased() })
    if case .email(let email) = reference { emails.insert(email.lowercased()) }
    var handle = person?.handle.map { PersonDirectory.handleKey($0.value) }
    // An @handle without a person file is still a person to look for; an @org/team is not a person.
    if handle == nil, case .handle(let written) = reference, !written.contains("/") {
      handle = PersonDirectory.handleKey(written)
    }
    if emails.isEmpty && handle == nil { return nil }
    return Identity(emails: emails, handle: handle)
  }
}

/// Which commits touched which post, computed once per run.
public struct ActivityIndex: Sendable {
  /// Commit indices touching each post (its paths, its lead file, or its initiative trailer), by entry id.
  public private(set) var postCommits: [String: [Int]] = [:]
  /// Commit indices touching each post's paths only (for `silo`), by entry id.
  public private(set) var pathCommits: [String: [Int]] = [:]
  /// The posts' ids, in the order the index was made for.
  private let postIDs: [String]

  /// Which posts a path, a lead file or an `Initiative:` trailer belongs to, by post number.
  private struct PostLookup {
    let patternIndex: PatternIndex
    /// The post of each pattern in `patternIndex`.
    let patternPosts: [Int]
    let fileOwners: [String: Int]
    let initiatives: [String: Int]

    init(_ posts: [Entry]) {
      var patternPosts: [Int] = []
      var patterns: [CodeownersPattern] = []
      for (index, post) in posts.enumerated() {
        for written in post.paths {
          guard let pattern = CodeownersPattern(written.value) else { continue }
          patterns.append(pattern)
          patternPosts.append(index)
        }
      }
      patternIndex = PatternIndex(patterns)
      self.patternPosts = patternPosts
      fileOwners = Dictionary(
        posts.enumerated().map { ($1.file, $0) }, uniquingKeysWith: { first, _ in first })
      initiatives = Dictionary(
        posts.enumerated().filter { $1.kind == .initiative }.map { ($1.id.value, $0) },
        uniquingKeysWith: { first, _ in first })
    }
  }

  public init(posts: [Entry], commits: [ActivityCommit]) {
    let ids = posts.map(\.id.value)
    postIDs = ids
    let lookup = PostLookup(posts)
    // What each distinct path means, worked out once: the posts whose patterns match it (a slice of
    // `owners`) and the post whose lead file it is. A window repeats the same paths many times over.
    struct PathFacts {
      var owners: Range<Int>
      var leadFileOf: Int?
    }
    var factsOfPath: [String: PathFacts] = [:]
    factsOfPath.reserveCapacity(commits.reduce(0) { $0 + $1.paths.count })
    var owners: [Int] = []
    var byPost = [[Int]](repeating: [], count: posts.count)
    var byPathOnly = [[Int]](repeating: [], count: posts.count)
    var touched = [Bool](repeating: false, count: posts.count)
    var viaPath = [Bool](repeating: false, count: posts.count)
    var touchedPosts: [Int] = []
    func touch(_ post: Int, viaItsPaths: Bool) {
      if !touched[post] {
        touched[post] = true
        touchedPosts.append(post)
      }
      if viaItsPaths { viaPath[post] = true }
    }
    for index in commits.indices {
      for path in commits[index].paths {
        let facts: PathFacts
        if let known = factsOfPath[path] {
          facts = known
        } else {
          let first = owners.count
          lookup.patternIndex.forEachMatch(path) { owners.append(lookup.patternPosts[$0]) }
          facts = PathFacts(owners: first..<owners.count, leadFileOf: lookup.fileOwners[path])
          factsOfPath[path] = facts
        }
        for owner in owners[facts.owners] { touch(owner, viaItsPaths: true) }
        if let post = facts.leadFileOf { touch(post, viaItsPaths: false) }
      }
      for initiative in commits[index].initiatives {
        if let post = lookup.initiatives[initiative] { touch(post, viaItsPaths: false) }
      }
      for post in touchedPosts {
        byPost[post].append(index)
        if viaPath[post] { byPathOnly[post].append(index) }
        touched[post] = false
        viaPath[post] = false
      }
      touchedPosts.removeAll(keepingCapacity: true)
    }
    for (post, id) in ids.enumerated() {
      if !byPost[post].isEmpty { postCommits[id, default: []] += byPost[post] }
      if !byPathOnly[post].isEmpty { pathCommits[id, default: []] += byPathOnly[post] }
    }
  }

  /// Whether the index was made for these posts.
  public func isFor(_ posts: [Entry]) -> Bool {
    posts.count == postIDs.count && zip(posts, postIDs).allSatisfy { $0.id.value == $1 }
  }

  /// The latest date `identity` was active (wrote, reviewed or merged) in a commit touching the post.
  public func lastActivity(of identity: Identity, on post: String, in commits: [ActivityCommit])
    -> CalendarDate?
  {
    // Commits are looked at in place (no copy of each), and only those that would be later than the latest
    // found so far are checked for the identity.
    var latest: CalendarDate?
    for index in postCommits[post] ?? [] {
      if let latest, commits[index].date <= latest { continue }
      if identity.wasActive(in: commits[index]) { latest = commits[index].date }
    }
    return latest
  }
}
