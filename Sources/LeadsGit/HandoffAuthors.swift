import CLibGit2

extension GitRepository {
  /// Who changed `path` in the commits a merge brought in (those reachable from its other parents but not its
  /// first), as mailmap-resolved, lowercased emails of authors and co-authors. For an ordinary commit, its own
  /// authors. Every commit the merge brought in is read: a walk that cannot finish is an error, never a
  /// shorter answer.
  public func authorsOfChange(at commit: ObjectID, path: String, mailmap: Mailmap) throws -> [String] {
    try change(at: commit, path: path, mailmap: mailmap).authors
  }

  /// Who made the change to `path` at `commit` (as `authorsOfChange`), and who reviewed it: the emails of
  /// its `Reviewed-by:`, `Approved-by:`, `Acked-by:` and `Tested-by:` trailers, on the commits that made it
  /// and on the merge that landed it.
  public func change(at commit: ObjectID, path: String, mailmap: Mailmap) throws -> (
    authors: [String], reviewers: [String]
  ) {
    let landing = try self.commit(commit)
    let landingReviewers = try reviewers(of: landing, mailmap)
    guard landing.parentCount > 1 else { return (try authors(of: landing, mailmap), landingReviewers) }
    var walk: OpaquePointer?
    try GitError.check(git_revwalk_new(&walk, handle), "cannot walk the history of merge \(commit)")
    defer { git_revwalk_free(walk) }
    for index in 1..<landing.parentCount {
      var parent = landing.parentID(index).raw
      try GitError.check(
        git_revwalk_push(walk, &parent), "cannot walk from parent \(index + 1) of merge \(commit)")
    }
    var first = landing.parentID(0).raw
    try GitError.check(git_revwalk_hide(walk, &first), "cannot walk the history of merge \(commit)")
    var found: [String] = []
    var reviewed = landingReviewers
    var oid = git_oid()
    while true {
      let next = git_revwalk_next(&oid, walk)
      if next == GIT_ITEROVER.rawValue { break }
      try GitError.check(next, "cannot walk the commits merge \(commit) brought in")
      let candidate = try self.commit(ObjectID(oid))
      guard candidate.parentCount == 1 else { continue }
      let mine = try blobID(at: path, in: candidate)
      if mine != (try blobID(at: path, in: try self.commit(candidate.parentID(0)))) {
        found += try authors(of: candidate, mailmap)
        reviewed += try reviewers(of: candidate, mailmap)
      }
    }
    return (found.isEmpty ? try authors(of: landing, mailmap) : found, reviewed)
  }

  private func reviewers(of commit: OwnedCommit, _ mailmap: Mailmap) throws -> [String] {
    try trailers(of: commit).reviewers.compactMap { try mailmap.email(trailer: $0) }
  }

  private func blobID(at path: String, in commit: OwnedCommit) throws -> ObjectID? {
    try entry(at: path, in: try tree(of: commit))?.id
  }

  private func authors(of commit: OwnedCommit, _ mailmap: Mailmap) throws -> [String] {
    let author = git_commit_author(commit.pointer)!.pointee
    let email = try mailmap.email(name: String(cString: author.name), email: String(cString: author.email))
    return try [email] + trailers(of: commit).coAuthors.compactMap { try mailmap.email(trailer: $0) }
  }
}
