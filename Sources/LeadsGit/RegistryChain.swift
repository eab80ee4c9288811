import CLibGit2

/// A first-parent commit at which the registry folder took a new state, newest first.
public struct RegistryChange: Sendable, Equatable {
  public let commit: ObjectID
  public let committerTime: Int64
  /// The registry folder's tree at this commit, nil when the folder does not exist.
  public let tree: ObjectID?
  public let isMerge: Bool

  public init(commit: ObjectID, committerTime: Int64, tree: ObjectID?, isMerge: Bool) {
    self.commit = commit
    self.committerTime = committerTime
    self.tree = tree
    self.isMerge = isMerge
  }
}

/// How a first-parent chain ended.
public enum ChainEnd: Sendable, Equatable {
  /// Where the registry folder does not exist, or at the first commit: nothing older matters.
  case complete
  /// At a commit whose parents are not in this clone (shallow history).
  case truncated
  /// At a commit the caller already knows (an incremental run).
  case known(ObjectID)

  /// Whether the oldest state the walk reached may be older still (a shallow cut, a missing tree), rather
  /// than where the registry began.
  public var stoppedEarly: Bool { self == .truncated }
}

extension GitRepository {
  /// The tree of `folder` at each commit and the commit's committer time, read as the first-parent walk reads
  /// them (to check what a cache says of a commit); nil where a partial clone lacks the objects.
  public func folderStates(at commits: [ObjectID], folder: String) throws -> [(
    tree: ObjectID?, committerTime: Int64
  )?] {
    let objects = try RawObjects(handle)
    let components = folder.split(separator: "/").map { Array($0.utf8) }
    let treesMayBeMissing = try isPartialClone()
    return try commits.map { commit in
      do {
        let header = try objects.commit(commit)
        return (try folderTree(header.tree, components, objects), header.committerTime)
      } catch let error as GitError where error.isNotFound && treesMayBeMissing {
        return nil  // a tree this partial clone never fetched: nothing to compare
      }
    }
  }

  /// Follows the first parents from `head` and reports, newest first, each commit at which the registry folder
  /// took the state it then kept: the oldest commit of every run of commits with the same folder tree.
  /// Stops where the folder does not exist (its history is complete), at the first commit, at a shallow
  /// boundary, or before `known` (an incremental run appends what it already knows).
  public func registryChanges(
    from head: ObjectID, folder: String, stopAt known: ObjectID? = nil
  ) throws -> (changes: [RegistryChange], end: ChainEnd) {
    let treesMayBeMissing = try isPartialClone()
    let objects = try RawObjects(handle)
    let components = folder.split(separator: "/").map { Array($0.utf8) }
    let walk = try firstParentRuns(from: head, stopAt: known, objects: objects) {
      id, commit -> FirstParentState<ObjectID> in
      do {
        return try folderTree(commit.tree, components, objects).map { .present($0) } ?? .absent
      } catch let error as GitError where error.isNotFound && id != head && treesMayBeMissing {
        // A partial clone without trees: older registry states are unknown, as past a shallow boundary.
        return .unknown
      }
    }
    return (
      walk.runs.map {
        RegistryChange(
          commit: $0.commit, committerTime: $0.committerTime, tree: $0.state, isMerge: $0.parentCount > 1)
      }, walk.end
    )
  }

  /// What a first-parent walk reads at one commit.
  enum FirstParentState<State: Equatable> {
    case present(State)
    /// Nothing there: older commits cannot continue a run, the history is complete.
    case absent
    /// Cannot be read (a partial clone without the tree): older states are unknown.
    case unknown
  }

  /// Follows the first parents from `start` and reports, newest first, the oldest commit of every run of
  /// commits with the same state. Stops where the state is absent (complete), at the first commit, at a
  /// shallow boundary or an unreadable state (truncated), or before `known`.
  func firstParentRuns<State: Equatable>(
    from start: ObjectID, stopAt known: ObjectID? = nil, objects: RawObjects,
    state: (ObjectID, RawObjects.CommitHeader) throws -> FirstParentState<State>
  ) throws -> (
    runs: [(commit: ObjectID, committerTime: Int64, parentCount: Int, state: State)], end: ChainEnd
  ) {
    typealias Run = (commit: ObjectID, committerTime: Int64, parentCount: Int, state: State)
    let boundary = try shallowBoundary()
    // The walk reads each commit and tree once: libgit2's object cache would only store and evict them
    // (measured: a fifth of the walk's time on a 48,000-commit first-parent line).
    leads_git_set_caching(0)
    defer { leads_git_set_caching(1) }
    var runs: [Run] = []
    var run: Run?
    var current = start
    func finish(_ end: ChainEnd, with last: Run?) -> ([Run], ChainEnd) {
      if let last { runs.append(last) }
      return (runs, end)
    }
    while true {
      if current == known { return finish(.known(current), with: run) }
      let commit = try objects.commit(current)
      let value: State
      switch try state(current, commit) {
      case .present(let found): value = found
      case .absent: return finish(.complete, with: run)
      case .unknown: return finish(.truncated, with: run)
      }
      if let previous = run, previous.state != value { runs.append(previous) }
      let here = (current, commit.committerTime, commit.parentCount, value)
      run = here
      if boundary.contains(current) { return finish(.truncated, with: here) }
      guard let parent = commit.firstParent else { return finish(.complete, with: here) }
      current = parent
    }
  }

  /// The tree of `components` (a folder path) inside a root tree, or nil when it is not a folder there.
  private func folderTree(_ root: ObjectID, _ components: [[UInt8]], _ objects: RawObjects) throws
    -> ObjectID?
  {
    var tree = root
    for component in components {
      guard let entry = try objects.entry(component, inTree: tree), entry.isTree else { return nil }
      tree = entry.id
    }
    return tree
  }
}

/// A first-parent commit at which a file took a new state (the oldest commit of a run with the same blob).
public struct FileState: Sendable, Equatable {
  public let commit: ObjectID
  public let committerTime: Int64
  /// The file's blob there, nil when none of the candidate paths holds a file.
  public let blob: ObjectID?
}

extension GitRepository {
  /// The states of a file along the first-parent line, newest first, starting at `start`: the first of
  /// `paths` that holds a file in each commit (GitHub's search order for CODEOWNERS, say). Stops where no
  /// candidate exists, at the first commit, or at a shallow boundary.
  public func fileStates(from start: ObjectID, paths: [String]) throws -> (
    states: [FileState], end: ChainEnd
  ) {
    let objects = try RawObjects(handle)
    let candidates = paths.map { $0.split(separator: "/").map { Array($0.utf8) } }
    let walk = try firstParentRuns(from: start, objects: objects) {
      _, commit -> FirstParentState<ObjectID> in
      for components in candidates {
        if let found = try fileBlob(commit.tree, components, objects) { return .present(found) }
      }
      return .absent
    }
    return (
      walk.runs.map { FileState(commit: $0.commit, committerTime: $0.committerTime, blob: $0.state) },
      walk.end
    )
  }

  /// The blob at `components` (a file path) inside a root tree, or nil when no file is there.
  private func fileBlob(_ root: ObjectID, _ components: [[UInt8]], _ objects: RawObjects) throws -> ObjectID?
  {
    var tree = root
    for (index, component) in components.enumerated() {
      guard let entry = try objects.entry(component, inTree: tree) else { return nil }
      if index == components.count - 1 { return entry.isTree ? nil : entry.id }
      guard entry.isTree else { return nil }
      tree = entry.id
    }
    return nil
  }

  /// The first parent of a commit, or nil for a root commit (or one whose parents a shallow clone lacks).
  public func firstParent(of commit: ObjectID) throws -> ObjectID? {
    if try shallowBoundary().contains(commit) { return nil }
    return try RawObjects(handle).commit(commit).firstParent
  }
}

/// The registry chain as text, for a helper process that walks it beside the window walk: a version line,
/// one line per change (`commit time tree-or-dash merge-flag`), and an end line.
public enum RegistryChainText {
  static let header = "leads-registry-chain 1"

  public static func encode(_ chain: (changes: [RegistryChange], end: ChainEnd)) -> String {
    var text = header + "\n"
    for change in chain.changes {
      text += "\(change.commit) \(change.committerTime) \(change.tree?.description ?? "-") "
      text += change.isMerge ? "1\n" : "0\n"
    }
    switch chain.end {
    case .complete: text += "end complete\n"
    case .truncated: text += "end truncated\n"
    case .known(let commit): text += "end known \(commit)\n"
    }
    return text
  }

  /// The chain `encode` wrote; nil for anything else.
  public static func decode(_ text: String) -> (changes: [RegistryChange], end: ChainEnd)? {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.first == Substring(header), lines.last == "" else { return nil }
    lines.removeFirst()
    lines.removeLast()
    guard let last = lines.popLast() else { return nil }
    var changes: [RegistryChange] = []
    for line in lines {
      let fields = line.split(separator: " ")
      guard fields.count == 4, let commit = ObjectID(hex: fields[0]), let time = Int64(fields[1]),
        fields[2] == "-" || ObjectID(hex: fields[2]) != nil, fields[3] == "0" || fields[3] == "1"
      else { return nil }
      changes.append(
        RegistryChange(
          commit: commit, committerTime: time, tree: ObjectID(hex: fields[2]), isMerge: fields[3] == "1"))
    }
    let end = last.split(separator: " ")
    switch (end.first, end.count) {
    case ("end", 2) where end[1] == "complete": return (changes, .complete)
    case ("end", 2) where end[1] == "truncated": return (changes, .truncated)
    case ("end", 3) where end[1] == "known": return ObjectID(hex: end[2]).map { (changes, .known($0)) }
    default: return nil
    }
  }
}
