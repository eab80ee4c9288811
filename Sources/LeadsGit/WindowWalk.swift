import CLibGit2
import Foundation

/// What one commit contributes to activity: who wrote it, when, and which (wanted) paths it changed.
/// Identities are kept as written; `Mailmap` resolves them, so a new `.mailmap` applies to every commit.
public struct CommitRecord: Sendable, Equatable {
  public let id: ObjectID
  public let authorName: String
  public let authorEmail: String
  /// Author time, Unix seconds.
  public let authorTime: Int64
  /// Committer time, Unix seconds: when the commit landed.
  public let committerTime: Int64
  public let isMerge: Bool
  /// Values of `Co-authored-by:` trailers, as written (`Name <email>`).
  public let coAuthors: [String]
  /// Values of `Initiative:` trailers.
  public let initiatives: [String]
  /// Paths the commit added, changed or removed against its parent (empty for merges), filtered.
  public internal(set) var changedPaths: [String]
  /// Its parents, first parent first.
  public let parents: [ObjectID]
  /// Values of `Reviewed-by:`, `Acked-by:`, `Approved-by:` and `Tested-by:` trailers, as written.
  public let reviewers: [String]
  /// For a merge GitHub made (`Merge pull request #N from HANDLE/branch`), HANDLE.
  public let mergedFrom: String?

  public init(
    id: ObjectID, authorName: String, authorEmail: String, authorTime: Int64, committerTime: Int64,
    isMerge: Bool,
    coAuthors: [String], initiatives: [String], changedPaths: [String], parents: [ObjectID] = [],
    reviewers: [String] = [], mergedFrom: String? = nil
  ) {
    self.parents = parents
    self.reviewers = reviewers
    self.mergedFrom = mergedFrom
    self.id = id
    self.authorName = authorName
    self.authorEmail = authorEmail
    self.authorTime = authorTime
    self.committerTime = committerTime
    self.isMerge = isMerge
    self.coAuthors = coAuthors
    self.initiatives = initiatives
    self.changedPaths = changedPaths
  }
}

extension CommitRecord {
  /// Trailers that name someone who reviewed the change (lowercased keys).
  static let reviewTrailers: Set<String> = ["reviewed-by", "acked-by", "approved-by", "tested-by"]

  /// HANDLE of GitHub's merge subject `Merge pull request #N from HANDLE/branch`; nil for any other subject.
  static func pullRequestHandle(_ subject: String) -> String? {
    let prefix = "Merge pull request #"
    guard subject.hasPrefix(prefix) else { return nil }
    let rest = subject.dropFirst(prefix.count)
    guard let space = rest.firstIndex(of: " "),
      rest.prefix(upTo: space).allSatisfy({ $0.isASCII && $0.isNumber }),
      rest.suffix(from: space).hasPrefix(" from ")
    else { return nil }
    let source = rest.suffix(from: space).dropFirst(" from ".count)
    guard let slash = source.firstIndex(of: "/") else { return nil }
    let handle = source.prefix(upTo: slash)
    let valid =
      !handle.isEmpty && handle.count <= 39
      && handle.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    return valid ? String(handle) : nil
  }
}

/// How a window walk shares its diffs with a helper process walking the same window.
public enum WindowSplit: Sendable, Equatable {
  /// Every commit's changed paths are read.
  case none
  /// Commits that landed before this time (Unix seconds) are recorded without their changed paths, which
  /// are left to a helper (see `fillDeferred`).
  case deferring(before: Int64)
  /// Only commits that landed before this time are recorded, with their changed paths: the helper's part.
  case onlyBefore(Int64)
}

/// The commits of a window, newest first by commit date, and whether history ended early.
public struct WindowWalk: Sendable {
  public var records: [CommitRecord]
  /// The committer time of the oldest commit whose parents are missing (a shallow clone), if the walk met one.
  public var truncatedAt: Int64?
  /// How many commits the walk opened.
  public var visited = 0
  /// Records whose changed paths are still to be read (a walk told to leave older commits to a helper):
  /// `fillDeferred` reads them.
  public var deferred: [Int] = []

  public init(records: [CommitRecord], truncatedAt: Int64?, visited: Int = 0) {
    self.records = records
    self.truncatedAt = truncatedAt
    self.visited = visited
  }
}

extension GitRepository {
  /// Commit dates can disagree with the graph (rebased branches, skewed clocks): a walk in commit-date order
  /// stops only after this many commits in a row older than the window, as `git log --since` does in effect.
  static let commitsPastTheWindowBeforeStopping = 32

  /// Walks the commits reachable from `head`, newest commit date first, until commits are older than `since`
  /// (with some slack for clocks that disagree), never entering `known` commits or their history.
  public func walkWindow(
    from head: ObjectID, since: Int64, known: Set<ObjectID> = [], filter: PathFilter,
    split: WindowSplit = .none
  ) throws -> WindowWalk {
    let boundary = try shallowBoundary()
    let treesMayBeMissing = try isPartialClone()
    let trees = try TreeReader(handle)
    var queue = CommitQueue()
    var queued: Set<ObjectID> = [head]
    queue.push(try commit(head))
    var walk = WindowWalk(records: [], truncatedAt: nil)
    var oldInARow = 0
    while let commit = queue.pop() {
      walk.visited += 1
      if commit.time < since {
        oldInARow += 1
        if oldInARow > GitRepository.commitsPastTheWindowBeforeStopping { break }
      } else {
        oldInARow = 0
      }
      let id = commit.id
      var isBoundary = boundary.contains(id)
      if commit.time >= since || commit.authorTime >= since {
        // A shallow clone's boundary commit has parents this clone lacks: what it changed is unknown, and
        // diffing it against nothing would make its author look active on every file. Its paths stay empty.
        // A partial clone without trees (`--filter=tree:0`) lacks older trees: the walk ends there the same way.
        // In any other repository a missing object is damage, and an error.
        let base: DiffBase = isBoundary ? .none : commit.parentCount == 0 ? .root : .parent
        switch split {
        case .deferring(let before) where commit.time < before && base != .none:
          walk.deferred.append(walk.records.count)
          walk.records.append(try record(commit, diff: .none, filter, trees))
        case .onlyBefore(let before) where commit.time >= before:
          break
        default:
          trees.nextCommit()
          do {
            walk.records.append(try record(commit, diff: base, filter, trees))
          } catch let error as GitError where error.isNotFound && treesMayBeMissing {
            isBoundary = true
            walk.records.append(try record(commit, diff: .none, filter, trees))
          }
        }
      }
      if isBoundary {
        walk.truncatedAt = min(walk.truncatedAt ?? .max, commit.time)
        continue
      }
      for index in 0..<commit.parentCount {
        let parent = commit.parentID(index)
        guard !known.contains(parent), queued.insert(parent).inserted else { continue }
        queue.push(try self.commit(parent))
      }
    }
    return walk
  }

  /// Reads the changed paths of the records a split walk deferred: from `changes` (what a helper read, by
  /// commit) where it has them, else here.
  public func fillDeferred(_ walk: inout WindowWalk, from changes: [ObjectID: [String]], filter: PathFilter)
    throws
  {
    let trees = try TreeReader(handle)
    for index in walk.deferred {
      let id = walk.records[index].id
      if let known = changes[id] {
        walk.records[index].changedPaths = known
        continue
      }
      let commit = try self.commit(id)
      trees.nextCommit()
      walk.records[index].changedPaths =
        try record(commit, diff: commit.parentCount == 0 ? .root : .parent, filter, trees).changedPaths
    }
    walk.deferred = []
  }

  /// What a commit's changed paths are read against.
  enum DiffBase {
    /// Its first parent.
    case parent
    /// Nothing: a root commit adds every file.
    case root
    /// Nothing is read: what the commit changed is unknown (a shallow boundary, a missing tree).
    case none
  }

  private func record(_ commit: OwnedCommit, diff base: DiffBase, _ filter: PathFilter, _ trees: TreeReader)
    throws -> CommitRecord
  {
    let author = git_commit_author(commit.pointer)!.pointee
    let isMerge = commit.parentCount > 1
    let found = try trailers(of: commit)
    var changed: [String] = []
    if !isMerge && base != .none {
      let newTree = try trees.tree(ObjectID(git_commit_tree_id(commit.pointer)))
      if base == .root {
        try diff(old: nil, new: newTree, prefix: "", filter: filter, trees: trees, into: &changed)
      } else {
        let parent = try self.commit(commit.parentID(0))
        let oldTree = try trees.tree(ObjectID(git_commit_tree_id(parent.pointer)), like: newTree)
        try diff(old: oldTree, new: newTree, prefix: "", filter: filter, trees: trees, into: &changed)
      }
    }
    return CommitRecord(
      id: commit.id, authorName: String(cString: author.name), authorEmail: String(cString: author.email),
      authorTime: GitTime.dated(author.when.time), committerTime: commit.time, isMerge: isMerge,
      coAuthors: found.coAuthors, initiatives: found.initiatives, changedPaths: changed,
      parents: (0..<commit.parentCount).map(commit.parentID), reviewers: found.reviewers,
      mergedFrom: isMerge
        ? git_commit_summary(commit.pointer).flatMap { CommitRecord.pullRequestHandle(String(cString: $0)) }
        : nil)
  }

  /// The `Co-authored-by:`, `Initiative:` and review (`Reviewed-by:`, `Acked-by:`, `Approved-by:`,
  /// `Tested-by:`) trailers of a commit's message.
  func trailers(of commit: OwnedCommit) throws -> (
    coAuthors: [String], initiatives: [String], reviewers: [String]
  ) {
    guard let message = git_commit_message(commit.pointer) else { return ([], [], []) }
    // Most messages carry no trailer leads reads; skip the full trailer parse for them.
    guard leads_contains_word(message, "-by:") != 0 || leads_contains_word(message, "initiative") != 0 else {
      return ([], [], [])
    }
    var array = git_message_trailer_array()
    try GitError.check(
      git_message_trailers(&array, message), "cannot read the trailers of commit \(commit.id)")
    defer { git_message_trailer_array_free(&array) }
    var coAuthors: [String] = []
    var initiatives: [String] = []
    var reviewers: [String] = []
    for index in 0..<array.count {
      let trailer = array.trailers[index]
      let key = String(cString: trailer.key).lowercased()
      let value = String(cString: trailer.value).trimmingCharacters(in: .whitespaces)
      if key == "co-authored-by" {
        coAuthors.append(value)
      } else if CommitRecord.reviewTrailers.contains(key) {
        reviewers.append(value)
      } else if key == "initiative" {
        initiatives += value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
          !$0.isEmpty
        }
      }
    }
    return (coAuthors, initiatives, reviewers)
  }
}
