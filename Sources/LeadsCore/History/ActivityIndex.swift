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
    let patterns: [(post: String, pattern: CodeownersPattern)] = posts.flatMap { post in
      post.paths.compactMap { CodeownersPattern($0.value).map { (post.id.value, $0) } }
    }
    let fileOwners = Dictionary(posts.map { ($0.file, $0.id.value) }, uniquingKeysWith: { first, _ in first })
    let initiatives = Set(posts.filter { $0.kind == .initiative }.map(\.id.value))
    var postsOfPath: [String: [String]] = [:]
    for (index, commit) in commits.enumerated() {
      var touched = Set<String>()
      var byPath = Set<String>()
      for path in commit.paths {
        let owners: [String]
        if let known = postsOfPath[path] {
          owners = known
        } else {
          // Cheap literal-prefix checks first; the path is segmented only for patterns that may match.
          let candidates = patterns.filter { $0.pattern.mayMatch(path) }
          let segmented = candidates.isEmpty ? nil : SegmentedPath(path)
          owners = Array(Set(candidates.filter { $0.pattern.matches(segmented!) }.map(\.post)))
          postsOfPath[path] = owners
        }
        byPath.formUnion(owners)
        if let post = fileOwners[path] { touched.insert(post) }
      }
      touched.formUnion(byPath)
      touched.formUnion(commit.initiatives.filter { initiatives.contains($0) })
      for post in touched { postCommits[post, default: []].append(index) }
      for post in byPath { pathCommits[post, default: []].append(index) }
    }
  }

  /// The latest date `identity` authored a commit touching the post.
  public func lastActivity(of identity: Identity, on post: String, in commits: [ActivityCommit])
    -> CalendarDate?
  {
    (postCommits[post] ?? []).lazy.map { commits[$0] }.filter(identity.authored).map(\.date).max()
  }
}
