/// The emails that count as one owner's commits.
public struct Identity: Sendable, Hashable {
  /// Exact addresses, lowercased.
  public var emails: Set<String>
  /// A forge handle whose no-reply addresses (`handle@users.noreply.github.com`, `123+handle@...`) count too.
  public var handle: String?

  public func matches(_ email: String) -> Bool {
    if emails.contains(email) { return true }
    guard let handle, email.hasSuffix("@users.noreply.github.com") else { return false }
    let local = email.dropLast("@users.noreply.github.com".count)
    return local == handle || local.hasSuffix("+" + handle)
  }

  public func authored(_ commit: ActivityCommit) -> Bool {
    commit.authors.contains(where: matches)
  }
}

extension PersonDirectory {
  /// The emails an owner commits with, or nil when the registry cannot tell (an @handle or id without a person file).
  public func commitIdentity(of owner: String) -> Identity? {
    guard case .success(let reference) = OwnerReference.parse(owner) else { return nil }
    let person = person(for: reference)
    var emails = Set((person?.emails ?? []).map { $0.value.lowercased() })
    if case .email(let email) = reference { emails.insert(email.lowercased()) }
    let handle = person?.handle.map { PersonDirectory.handleKey($0.value) }
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

  public init(posts: [Entry], commits: [ActivityCommit]) {
    let ids = posts.map(\.id.value)
    var patternPosts: [Int] = []
    var patterns: [CodeownersPattern] = []
    for (index, post) in posts.enumerated() {
      for written in post.paths {
        guard let pattern = CodeownersPattern(written.value) else { continue }
        patterns.append(pattern)
        patternPosts.append(index)
      }
    }
    let patternIndex = PatternIndex(patterns)
    let fileOwners = Dictionary(
      posts.enumerated().map { ($1.file, $0) }, uniquingKeysWith: { first, _ in first })
    let initiatives = Dictionary(
      posts.enumerated().filter { $1.kind == .initiative }.map { ($1.id.value, $0) },
      uniquingKeysWith: { first, _ in first })
    var postsOfPath: [String: [Int]] = [:]
    var byPost = [[Int]](repeating: [], count: posts.count)
    var byPathOnly = [[Int]](repeating: [], count: posts.count)
    var touched = [Bool](repeating: false, count: posts.count)
    var viaPath = [Bool](repeating: false, count: posts.count)
    for (index, commit) in commits.enumerated() {
      for path in commit.paths {
        let owners: [Int]
        if let known = postsOfPath[path] {
          owners = known
        } else {
          owners = patternIndex.matching(path).map { patternPosts[$0] }
          postsOfPath[path] = owners
        }
        for owner in owners {
          touched[owner] = true
          viaPath[owner] = true
        }
        if let post = fileOwners[path] { touched[post] = true }
      }
      for initiative in commit.initiatives {
        if let post = initiatives[initiative] { touched[post] = true }
      }
      for post in touched.indices where touched[post] {
        byPost[post].append(index)
        if viaPath[post] { byPathOnly[post].append(index) }
        touched[post] = false
        viaPath[post] = false
      }
    }
    for (post, id) in ids.enumerated() {
      if !byPost[post].isEmpty { postCommits[id, default: []] += byPost[post] }
      if !byPathOnly[post].isEmpty { pathCommits[id, default: []] += byPathOnly[post] }
    }
  }

  /// The latest date `identity` authored a commit touching the post.
  public func lastActivity(of identity: Identity, on post: String, in commits: [ActivityCommit])
    -> CalendarDate?
  {
    (postCommits[post] ?? []).lazy.map { commits[$0] }.filter(identity.authored).map(\.date).max()
  }
}
