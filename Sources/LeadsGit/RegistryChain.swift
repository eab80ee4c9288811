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
  /// Past the given commit time (Unix seconds): older history was not needed.
  case horizon(Int64)

  /// Whether the oldest state the walk reached may be older still (a shallow cut, a missing tree, the
  /// horizon), rather than where the registry began.
  public var stoppedEarly: Bool {
    switch self {
    case .truncated, .horizon: return true
    case .complete, .known: return false
    }
  }
}

extension GitRepository {
  /// Follows the first parents from `head` and reports, newest first, each commit at which the registry folder
  /// took the state it then kept: the oldest commit of every run of commits with the same folder tree.
  /// Stops where the folder does not exist (its history is complete), at the first commit, at a shallow
  /// boundary, or before `known` (an incremental run appends what it already knows).
  public func registryChanges(
    from head: ObjectID, folder: String, stopAt known: ObjectID? = nil, horizon: Int64? = nil
  ) throws -> (changes: [RegistryChange], end: ChainEnd) {
    let boundary = try shallowBoundary()
    let treesMayBeMissing = try isPartialClone()
    let objects = try RawObjects(handle)
    let components = folder.split(separator: "/").map(String.init)
    var changes: [RegistryChange] = []
    var run: RegistryChange?
    var current = head
    var olderInARow = 0
    while true {
      if current == known {
        if let run { changes.append(run) }
        return (changes, .known(current))
      }
      let commit = try objects.commit(current)
      let tree: ObjectID?
      do {
        tree = try folderTree(commit.tree, components, objects)
      } catch let error as GitError where error.isNotFound && current != head && treesMayBeMissing {
        // A partial clone without trees: older registry states are unknown, as past a shallow boundary.
        if let run { changes.append(run) }
        return (changes, .truncated)
      }
      let here = RegistryChange(
        commit: current, committerTime: commit.committerTime, tree: tree, isMerge: commit.parentCount > 1)
      if let previous = run, previous.tree != tree { changes.append(previous) }
      if tree == nil {
        // Older commits cannot continue a run: the folder does not exist here.
        return (changes, .complete)
      }
      run = here
      if let horizon {
        // Like the window walk: commit dates can disagree with the graph, so stop only well past the horizon.
        olderInARow = commit.committerTime < horizon ? olderInARow + 1 : 0
        if olderInARow > GitRepository.commitsPastTheWindowBeforeStopping {
          changes.append(here)
          return (changes, .horizon(horizon))
        }
      }
      if boundary.contains(current) {
        changes.append(here)
        return (changes, .truncated)
      }
      guard let parent = commit.firstParent else {
        changes.append(here)
        return (changes, .complete)
      }
      current = parent
    }
  }

  /// The tree of `components` (a folder path) inside a root tree, or nil when it is not a folder there.
  private func folderTree(_ root: ObjectID, _ components: [String], _ objects: RawObjects) throws -> ObjectID?
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
  /// candidate exists, at the first commit, at a shallow boundary, or well past `horizon`.
  public func fileStates(from start: ObjectID, paths: [String], horizon: Int64? = nil) throws -> (
    states: [FileState], end: ChainEnd
  ) {
    let boundary = try shallowBoundary()
    let objects = try RawObjects(handle)
    let candidates = paths.map { $0.split(separator: "/").map(String.init) }
    var states: [FileState] = []
    var run: FileState?
    var current = start
    var olderInARow = 0
    while true {
      let commit = try objects.commit(current)
      var blob: ObjectID?
      for components in candidates {
        if let found = try fileBlob(commit.tree, components, objects) {
          blob = found
          break
        }
      }
      if let previous = run, previous.blob != blob { states.append(previous) }
      let here = FileState(commit: current, committerTime: commit.committerTime, blob: blob)
      guard blob != nil else { return (states, .complete) }
      run = here
      if let horizon {
        olderInARow = commit.committerTime < horizon ? olderInARow + 1 : 0
        if olderInARow > GitRepository.commitsPastTheWindowBeforeStopping {
          states.append(here)
          return (states, .horizon(horizon))
        }
      }
      if boundary.contains(current) {
        states.append(here)
        return (states, .truncated)
      }
      guard let parent = commit.firstParent else {
        states.append(here)
        return (states, .complete)
      }
      current = parent
    }
  }

  /// The blob at `components` (a file path) inside a root tree, or nil when no file is there.
  private func fileBlob(_ root: ObjectID, _ components: [String], _ objects: RawObjects) throws -> ObjectID? {
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
