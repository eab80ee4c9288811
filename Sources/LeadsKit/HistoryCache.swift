import Foundation
import LeadsGit

/// What one run read from history, kept under `.git/leads/` so that the next run walks only new commits.
///
/// It stores raw facts keyed by commit id (authors, dates, changed paths, registry states) and what each
/// version of a lead file (keyed by its blob id, so by its content) names as entry id and lead; never
/// derived answers, so a warm run computes exactly what a cold one would. A file that is missing, truncated,
/// corrupted, from another version, or made for another window or path filter is ignored and rewritten;
/// writes are atomic.
struct HistoryCache {
  /// The raw history a run needs.
  struct RawHistory {
    var walk: WindowWalk
    var chain: (changes: [RegistryChange], end: ChainEnd)
    /// Lead files read by earlier runs; the run adds what it reads before `save`.
    var registryFiles: [RegistryFileKey: FileLead?]
  }

  /// What `load` read, to be handed back to `save`.
  struct Reading {
    var contents: RawHistory
    fileprivate let key: Key
    fileprivate let head: ObjectID
    fileprivate let previous: CachedHistory?
    /// Why a stored cache was set aside and history read again, when it did not fit this repository.
    var discarded: String? = nil
  }

  /// Nil disables the cache (`--no-cache`): nothing is read or written.
  let file: URL?
  /// Reads only: for a past commit (`lint --new-since`'s merge base), whose history is the cached one less
  /// what came after it, and which must never replace the cache of HEAD.
  let readOnly: Bool
  /// A first-parent helper started before the registry was read, for a run that is sure to read history
  /// cold (no cache to read): it walks while the index and the registry are read. Used when its head and
  /// folder are the run's; otherwise dropped (and stopped).
  var early: ChainHelper?

  init(file: URL?, readOnly: Bool = false) {
    self.file = file
    self.readOnly = readOnly
  }

  /// Reads history for `head`, reusing what the cache holds when it can.
  func load(
    repository: GitRepository, head: ObjectID, since: Int64, until: Int64? = nil, filter: PathFilter,
    registryFolder: String, chainHelper: Bool = false, trace: ((String) -> Void)? = nil
  ) throws -> Reading {
    let key = Key(since: since, filter: filter.fingerprint, folder: registryFolder)
    guard let file else {
      let result = try HistoryCache.cold(
        repository, head, since, until, filter, registryFolder, helper: chainHelper, early: early,
        trace: trace)
      trace?("cache: off; walked \(result.walk.visited) commits")
      return Reading(contents: result, key: key, head: head, previous: nil)
    }
    var result: RawHistory
    var previous: CachedHistory?
    var clock = Stopwatch()
    let stored = HistoryCache.read(file)
    trace?("cache: read in \(clock.lap()) ms")
    var discarded: String?
    if let stored, stored.key.filter == key.filter, stored.key.folder == key.folder, stored.key.since <= since
    {
      discarded = HistoryCache.problem(with: stored, in: repository, folder: registryFolder)
      trace?("cache: checked against the object database in \(clock.lap()) ms")
    }
    if let stored, discarded == nil, stored.key.filter == key.filter, stored.key.folder == key.folder,
      stored.key.since <= since, stored.head != head,
      (try? repository.isDescendant(stored.head, of: head)) == true,
      let older = (try? HistoryCache.retract(stored, repository, to: head)) ?? nil
    {
      // An ancestor of the cached head on its first-parent line: the cached history less what came after.
      result = older
      trace?(
        "cache: reused for an older commit, less \(older.walk.visited) later commits, in \(clock.lap()) ms")
      result.walk.visited = 0
    } else if let stored, discarded == nil, stored.key.filter == key.filter, stored.key.folder == key.folder,
      stored.key.since <= since, (try? repository.isDescendant(head, of: stored.head)) == true
    {
      trace?("cache: checked that HEAD descends from the cached head in \(clock.lap()) ms")
      result = try HistoryCache.extend(stored, repository, head, since, filter, registryFolder)
      previous = stored
      trace?("cache: reused; walked \(result.walk.visited) new commits in \(clock.lap()) ms")
    } else {
      result = try HistoryCache.cold(
        repository, head, since, until, filter, registryFolder, helper: chainHelper, early: early,
        trace: trace)
      trace?("cache: not usable; walked \(result.walk.visited) commits")
    }
    let inWindow = { (record: CommitRecord) in record.committerTime >= since || record.authorTime >= since }
    if !result.walk.records.allSatisfy(inWindow) {
      result.walk.records = result.walk.records.filter(inWindow)
    }
    return Reading(contents: result, key: key, head: head, previous: previous, discarded: discarded)
  }

  /// Why `stored` does not fit this repository, or nil when it does. Its head and a sample of the commits it
  /// lists must be in the object database (a cache copied from another repository, or one whose commits were
  /// rewritten and collected, names commits that are not), and each registry state it recorded must be what
  /// that commit holds. These checks read the object index and a few hundred small objects; what a cache
  /// says of each commit's authors and paths is trusted, as reading them again is what the cache saves.
  static func problem(with stored: CachedHistory, in repository: GitRepository, folder: String) -> String? {
    do {
      if try repository.firstMissingObject(among: CollectionOfOne(stored.head)) != nil {
        return "its commit \(stored.head) is not in this repository"
      }
      // Every commit the chain names, and a sample of the window's (a cache whose head is in this history
      // has every older commit too; a forged one is caught by what it gets wrong on the way).
      let records = stored.contents.walk.records
      let sample =
        stride(from: 0, to: records.count, by: 64).map { records[$0].id } + records.suffix(1).map(\.id)
      if let missing = try repository.firstMissingObject(among: sample) {
        return "commit \(missing) is not in this repository"
      }
      let changes = stored.contents.chain.changes
      let states = try repository.folderStates(at: changes.map(\.commit), folder: folder)
      for (change, state) in zip(changes, states) {
        guard let state else { continue }
        guard state.tree == change.tree, state.committerTime == change.committerTime else {
          return "what it says of commit \(change.commit) is not what the commit holds"
        }
      }
      return nil
    } catch {
      return "\(error)"
    }
  }

  /// Stores what the run read, keeping only the lead files it used; skipped when nothing changed.
  func save(_ session: Reading, registryFiles: [RegistryFileKey: FileLead?]) {
    guard let file, !readOnly else { return }
    var contents = session.contents
    contents.registryFiles = registryFiles
    let current = CachedHistory(key: session.key, head: session.head, contents: contents)
    if let previous = session.previous, previous.holdsTheSame(as: current) { return }
    HistoryCache.write(current, reusing: session.previous, to: file)
  }

  private static func cold(
    _ repository: GitRepository, _ head: ObjectID, _ since: Int64, _ until: Int64?, _ filter: PathFilter,
    _ folder: String, helper: Bool = false, early: ChainHelper? = nil, trace: ((String) -> Void)? = nil
  ) throws -> RawHistory {
    var clock = Stopwatch()
    // The whole first-parent line goes to a second process, walked while this one walks the window (one
    // started early serves when it walks the same line).
    let helped =
      early.flatMap { $0.isFor(head: head, folder: folder) ? $0 : nil }
      ?? (helper ? ChainHelper.start(repository, head: head, folder: folder) : nil)
    // The older part of the window goes to another (when the history is large enough to pay for it).
    var windowHelper: WindowHelper?
    if helper, WindowHelper.pays(repository), let headTime = try? repository.commitTime(head),
      case let newest = min(headTime, until ?? headTime), newest > since
    {
      let before = since + Int64(Double(newest - since) * WindowHelper.share)
      windowHelper = WindowHelper(
        gitDirectory: repository.gitDirectory, head: head, since: since, before: before, filter: filter)
    }
    var walk = try repository.walkWindow(
      from: head, since: since, filter: filter,
      split: windowHelper.map { .deferring(before: $0.before) } ?? .none)
    trace?("window walk: \(clock.lap()) ms")
    if let windowHelper {
      let changes = windowHelper.changes()
      let deferred = walk.deferred.count
      try repository.fillDeferred(&walk, from: changes, filter: filter)
      trace?(
        "window walk (helper process): \(changes.count) of \(deferred) older commits read there, waited and joined in \(clock.lap()) ms"
      )
    }
    let chain: (changes: [RegistryChange], end: ChainEnd)
    if let helped, let walked = helped.chain() {
      chain = walked
      trace?("first-parent registry walk (helper process): waited \(clock.lap()) ms")
    } else {
      chain = try repository.registryChanges(from: head, folder: folder)
      trace?("first-parent registry walk\(helped == nil ? "" : " (helper failed)"): \(clock.lap()) ms")
    }
    return RawHistory(walk: walk, chain: chain, registryFiles: [:])
  }

  /// The history of `older`, an ancestor of the stored head on its first-parent line: the stored window less
  /// the commits after `older`, and the stored registry states less those after it. Nil when `older` is not
  /// on that line (its registry states are then not a prefix of the stored ones). `visited` says how many
  /// commits were left out.
  private static func retract(_ stored: CachedHistory, _ repository: GitRepository, to older: ObjectID) throws
    -> RawHistory?
  {
    let later = try repository.commits(from: stored.head, notFrom: older)
    guard try repository.isFirstParentAncestor(older, of: stored.head, within: later.count) else {
      return nil
    }
    var contents = stored.contents
    contents.walk.records = contents.walk.records.filter { !later.contains($0.id) }
    contents.walk.visited = later.count
    contents.chain.changes = contents.chain.changes.filter { !later.contains($0.commit) }
    return contents
  }

  /// Walks only what is new since the stored head and joins it to what is stored.
  private static func extend(
    _ stored: CachedHistory, _ repository: GitRepository, _ head: ObjectID, _ since: Int64,
    _ filter: PathFilter, _ folder: String
  ) throws -> RawHistory {
    if stored.head == head {
      var same = stored.contents
      same.walk.visited = 0
      return same
    }
    var known = Set<ObjectID>(minimumCapacity: stored.contents.walk.records.count + 1)
    for record in stored.contents.walk.records { known.insert(record.id) }
    known.insert(stored.head)
    let fresh = try repository.walkWindow(from: head, since: since, known: known, filter: filter)
    // The walk never enters known commits; should it meet one anyway, the stored record stands.
    var seen = Set<ObjectID>()
    let records =
      fresh.records.filter { !known.contains($0.id) && seen.insert($0.id).inserted }
      + stored.contents.walk.records
    let truncated = [fresh.truncatedAt, stored.contents.walk.truncatedAt].compactMap { $0 }.min()
    var chain = try repository.registryChanges(from: head, folder: folder, stopAt: stored.head)
    if case .known = chain.end {
      var changes = chain.changes
      if let last = changes.last, let first = stored.contents.chain.changes.first, last.tree == first.tree {
        changes.removeLast()
      }
      chain = (changes + stored.contents.chain.changes, stored.contents.chain.end)
    }
    return RawHistory(
      walk: WindowWalk(records: records, truncatedAt: truncated, visited: fresh.visited), chain: chain,
      registryFiles: stored.contents.registryFiles)
  }
}
