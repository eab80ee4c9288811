import Foundation
import LeadsCore
import LeadsGit
import PathBuffer

/// Reads the repository's history into `HistoryFacts`: one walk over the activity window and one first-parent
/// walk over the registry folder's history.
struct HistoryLoader {
  let repository: GitRepository
  let registryFolder: String
  /// Where history starts: HEAD when nil.
  var start: ObjectID? = nil
  /// Receives one line per step when tracing (`LEADS_TRACE=1`).
  var trace: ((String) -> Void)?

  /// Reads history: the activity window, and the registry's whole first-parent history (so that every
  /// tenure is exact wherever history can tell); with `chainHelper`, a cold read walks the second in a helper
  /// process during the first.
  func load(
    for registry: Registry, now: CalendarDate, cache: HistoryCache,
    runs: Bool = true, runAuthors: Bool = false, chainHelper: Bool = false,
    mailmapFile: [UInt8]?
  ) throws -> HistoryFacts {
    let windowStart = HistoryFacts.windowStart(now: now, config: registry.config)
    guard let head = try start ?? repository.headCommit() else {
      return HistoryFacts(now: now, windowStart: windowStart, hasCommits: false)
    }
    var clock = Stopwatch()
    let reading = try cache.load(
      repository: repository, head: head, since: Int64(windowStart.daysSinceEpoch) * 86_400,
      until: Int64(now.daysSinceEpoch + 1) * 86_400,
      filter: HistoryLoader.pathFilter(for: registry, registryFolder: registryFolder),
      registryFolder: registryFolder, chainHelper: chainHelper, trace: trace)
    let raw = reading.contents
    trace?(
      "history read in \(clock.lap()) ms: \(raw.walk.records.count) commits in the window since \(windowStart), \(raw.chain.changes.count) registry changes on the first-parent line"
    )
    let mailmap = try repository.mailmap(workingTreeFile: mailmapFile)
    let (commits, commitsAfterNow, pullRequestAuthors) = try activity(
      of: raw.walk.records, from: head, through: mailmap, until: now, bots: Bots(registry.config.bots))
    trace?("commits resolved in \(clock.lap()) ms")
    // Which commits touched which post, worked out on another core while the registry's states are read.
    let posts = registry.posts
    let activityIndex = Concurrently.Pending { ActivityIndex(posts: posts, commits: commits) }
    let files = RegistryFiles(known: raw.registryFiles)
    let partialClone = try repository.isPartialClone()
    if partialClone { try prefetch(raw.chain.changes, files: files) }
    // An entry moved and given a new id in one commit is the same post (judged as git judges renames).
    let snapshots = TenureAnalysis.followingRenames(
      try raw.chain.changes.map { try snapshot($0, files: files) }
    ) {
      older, newer in
      guard let a = ObjectID(hex: older), let b = ObjectID(hex: newer) else { return false }
      // A partial clone fetches a version it lacks (a warm run has not prefetched it).
      let read = { (id: ObjectID) -> [UInt8] in
        if let fetched = files.fetched[id] { return fetched }
        if (try? repository.hasObject(id)) == true { return (try? repository.blobContent(id)) ?? [] }
        return (try? PromisedObjects.fetch([id], gitDirectory: repository.commonDirectory)[id]) ?? []
      }
      return TenureAnalysis.similar(read(a), read(b))
    }
    // Written on another core while tenure is worked out (both only read what was read).
    let saving = Concurrently.Pending { [unchecked = Unchecked((cache, reading, files.used))] in
      unchecked.value.0.save(unchecked.value.1, registryFiles: unchecked.value.2)
    }
    trace?("registry states read in \(clock.lap()) ms")
    var tenures = TenureAnalysis.tenures(
      of: registry.posts, snapshots: snapshots, truncated: raw.chain.end.stoppedEarly, people: registry.people
    )
    try extendBeforeTheRegistry(&tenures, registry: registry)
    try addHandoffAuthors(to: &tenures, mailmap: mailmap, partialClone: partialClone)
    trace?("tenure and activity derived in \(clock.lap()) ms")
    var facts = HistoryFacts(
      now: now, windowStart: windowStart,
      truncatedAt: TenureAnalysis.truncation(
        window: raw.walk.truncatedAt.map { CalendarDate(unixTime: $0) },
        firstParent: raw.chain.end == .truncated
          ? raw.chain.changes.last.map { CalendarDate(unixTime: $0.committerTime) } : nil),
      commits: commits, tenures: tenures, hasCommits: true)
    facts.commitsAfterNow = commitsAfterNow
    facts.pullRequestAuthors = pullRequestAuthors
    facts.cacheDiscarded = reading.discarded
    facts.activityIndex = activityIndex.join()
    saving.join()
    if runs {
      facts.runs = TenureAnalysis.runs(
        snapshots: snapshots, truncated: raw.chain.end.stoppedEarly, people: registry.people)
    }
    if runs && runAuthors { try addRunAuthors(to: &facts.runs, mailmap: mailmap, partialClone: partialClone) }
    return facts
  }

  /// The window's non-merge commits as activity: authors and co-authors through the mailmap (each identity
  /// resolved once: a team has few, and the window repeats them thousands of times). Commits authored after
  /// `now` did not happen yet as far as this run is concerned: they are counted, not kept.
  private func activity(
    of records: [CommitRecord], from head: ObjectID, through mailmap: Mailmap, until now: CalendarDate,
    bots: Bots
  ) throws -> (commits: [ActivityCommit], afterNow: Int, pullRequestAuthors: [PullRequestAuthor]) {
    // Each spelling resolved once (a team has few, and the window repeats them thousands of times); a bot
    // resolves to nobody.
    var resolved: [String: [String: String?]] = [:]  // by email, then name
    var resolvedTrailers: [String: String?] = [:]
    func person(_ name: String, _ email: String) throws -> String? {
      if let known = resolved[email]?[name] { return known }
      let found = bots.contains(name, email) ? nil : try mailmap.email(name: name, email: email)
      resolved[email, default: [:]][name] = .some(found)
      return found
    }
    func person(trailer: String) throws -> String? {
      if let known = resolvedTrailers[trailer] { return known }
      let found = bots.contains(trailer: trailer) ? nil : try mailmap.email(trailer: trailer)
      resolvedTrailers[trailer] = .some(found)
      return found
    }
    func people(_ trailers: [String]) throws -> [String] {
      trailers.isEmpty ? [] : try trailers.compactMap { try person(trailer: $0) }
    }
    let lastMoment = Int64(now.daysSinceEpoch + 1) * 86_400
    let afterNow = records.count { !$0.isMerge && $0.authorTime >= lastMoment }
    var commits: [ActivityCommit] = []
    commits.reserveCapacity(records.count)
    var hasMerges = false
    for index in records.indices {  // in place: a record holds paths and trailers, and a copy costs
      if records[index].isMerge { hasMerges = true }
      guard !records[index].isMerge && records[index].authorTime < lastMoment else { continue }
      let coAuthors = try people(records[index].coAuthors)
      let author = try person(records[index].authorName, records[index].authorEmail)
      commits.append(
        ActivityCommit(
          authors: author.map { [$0] + coAuthors } ?? coAuthors,
          date: CalendarDate(unixTime: records[index].authorTime), paths: records[index].changedPaths,
          initiatives: records[index].initiatives, reviewers: try people(records[index].reviewers)))
    }
    // Merges: whoever merged is active on what the merge brought in (its second-parent side), and a GitHub
    // merge of a fork's branch whose commits had one author ties that author to the fork's owner.
    var pullRequestAuthors: [PullRequestAuthor] = []
    for side in hasMerges ? MergeSides(records, head: head).sides : [] {
      let merge = records[side.merge]
      guard merge.authorTime < lastMoment else { continue }
      var paths = Set<String>()
      var authors = Set<String>()
      for index in side.commits where !records[index].isMerge {
        paths.formUnion(records[index].changedPaths)
        if let author = try person(records[index].authorName, records[index].authorEmail) {
          authors.insert(author)
        }
      }
      if !paths.isEmpty, let merger = try person(merge.authorName, merge.authorEmail) {
        commits.append(
          ActivityCommit(
            authors: [merger],
            date: CalendarDate(unixTime: merge.authorTime), paths: paths.sorted(),
            reviewers: try people(merge.reviewers), isMerge: true))
      }
      if let handle = merge.mergedFrom, authors.count == 1, let email = authors.first {
        pullRequestAuthors.append(PullRequestAuthor(handle: handle, email: email, merge: "\(merge.id)"))
      }
    }
    return (commits, afterNow, pullRequestAuthors)
  }

  /// Tenures that begin where their entry was created continue back through CODEOWNERS' history (or a
  /// declared `lead_since`). CODEOWNERS states are read once per creation commit.
  private func extendBeforeTheRegistry(
    _ tenures: inout [String: Tenure], registry: Registry
  ) throws {
    var statesBefore: [String: (states: [CodeownersState], truncated: Bool)] = [:]
    var contents: [ObjectID: [CodeownersRule]] = [:]
    for post in registry.posts {
      guard let tenure = tenures[post.id.value], tenure.entryCreated != nil,
        let creation = ObjectID(hex: tenure.commit)
      else { continue }
      if statesBefore[tenure.commit] == nil {
        statesBefore[tenure.commit] = ([], false)
        if let parent = try repository.firstParent(of: creation) {
          let read = try repository.fileStates(
            from: parent, paths: Workspace.codeownersLocations)
          let states = try read.states.map { state -> CodeownersState in
            guard let blob = state.blob else {
              return CodeownersState(
                date: CalendarDate(unixTime: state.committerTime), rules: nil, commit: "\(state.commit)")
            }
            if contents[blob] == nil {
              // A blobless clone fetches the old CODEOWNERS through git, as it does old lead files.
              let bytes =
                try repository.hasObject(blob)
                ? try repository.blobContent(blob)
                : try PromisedObjects.fetch([blob], gitDirectory: repository.commonDirectory)[blob] ?? []
              contents[blob] = CodeownersParser.parse(
                String(decoding: CodeownersFile.handWritten(bytes), as: UTF8.self),
                flavor: registry.config.codeownersFlavor)
            }
            return CodeownersState(
              date: CalendarDate(unixTime: state.committerTime), rules: contents[blob],
              commit: "\(state.commit)")
          }
          statesBefore[tenure.commit] = (states, read.end.stoppedEarly)
        }
      }
      let (states, truncated) = statesBefore[tenure.commit]!
      tenures[post.id.value] = TenureAnalysis.beforeTheRegistry(
        tenure, of: post, states: states, statesTruncated: truncated, people: registry.people,
        movedFolder: { old, new, commit in (try? movedFolder(from: old, to: new, at: commit)) ?? false })
    }
  }

  /// Whether `commit` moved the folder one anchored folder pattern names (`/old/`) to the one another names
  /// (`/new/`): the old folder is there before and gone after, the new one absent before and there after,
  /// holding the same tree or, if files changed too, at least half of the same file names.
  private func movedFolder(from old: String, to new: String, at commit: String) throws -> Bool {
    func folder(_ pattern: String) -> String? {
      guard pattern.count > 2, pattern.hasPrefix("/"), pattern.hasSuffix("/"),
        !pattern.contains(where: { "*?[\\".contains($0) })
      else { return nil }
      return String(pattern.dropFirst().dropLast())
    }
    guard let from = folder(old), let to = folder(new), let id = ObjectID(hex: commit),
      let parent = try repository.firstParent(of: id)
    else { return false }
    let before = try repository.tree(of: parent)
    let after = try repository.tree(of: id)
    guard let moved = try repository.subtree(from, of: before),
      try repository.subtree(from, of: after) == nil,
      try repository.subtree(to, of: before) == nil, let arrived = try repository.subtree(to, of: after)
    else { return false }
    if moved == arrived { return true }
    let oldFiles = Set(try repository.files(inTree: moved).map(\.path))
    let newFiles = Set(try repository.files(inTree: arrived).map(\.path))
    return oldFiles.intersection(newFiles).count * 2 >= max(oldFiles.count, newFiles.count)
  }

  /// Who made each handoff, for `unreviewed-handoff`. A partial clone without older trees cannot tell: the
  /// handoff is then not judged.
  private func addHandoffAuthors(to tenures: inout [String: Tenure], mailmap: Mailmap, partialClone: Bool)
    throws
  {
    for (id, tenure) in tenures where tenure.previousLead != nil {
      guard let commit = ObjectID(hex: tenure.commit) else { continue }
      do {
        let change = try repository.change(at: commit, path: tenure.file, mailmap: mailmap)
        tenures[id]?.changeAuthors = change.authors
        tenures[id]?.changeReviewers = change.reviewers
      } catch let error as GitError where error.isNotFound && partialClone {
        continue
      }
    }
  }

  /// Who began each run whose start history shows (not the oldest snapshot of a truncated history), for
  /// `leads log`: one read per handoff.
  private func addRunAuthors(to runs: inout [String: [LeadRun]], mailmap: Mailmap, partialClone: Bool) throws
  {
    for (id, list) in runs {
      for (index, run) in list.enumerated() where run.isExact {
        guard let commit = ObjectID(hex: run.commit) else { continue }
        do {
          runs[id]?[index].authors = try repository.authorsOfChange(
            at: commit, path: run.file, mailmap: mailmap)
        } catch let error as GitError where error.isNotFound && partialClone {
          continue
        }
      }
    }
  }

  /// The parts of the tree the history rules can care about: every post's paths and the registry folder.
  static func pathFilter(for registry: Registry, registryFolder: String) -> PathFilter {
    var prefixes = [registryFolder + "/"]
    for post in registry.posts {
      for written in post.paths {
        guard let pattern = CodeownersPattern(written.value) else { continue }
        let prefix = pattern.literalPrefix
        guard pattern.isAnchored, !prefix.isEmpty else { return .all }
        prefixes.append(prefix)
      }
    }
    return PathFilter(everything: false, prefixes: prefixes)
  }

  /// Lead files read so far: those the cache knew, and what this run read and used.
  private final class RegistryFiles {
    let known: [RegistryFileKey: FileLead?]
    var used: [RegistryFileKey: FileLead?] = [:]
    /// Blobs a partial clone lacked, fetched through git.
    var fetched: [ObjectID: [UInt8]] = [:]
    /// The state read last (the next one is read against it).
    var last = State()

    /// The versions read so far, by blob (a blob under several names has several).
    private var versions: [ObjectID: [Version]] = [:]

    /// One version of a lead file: its name inside the registry folder, its path, its lead, its blob.
    struct Version {
      let name: [UInt8]
      let path: String
      let lead: FileLead?
      let id: ObjectID
    }

    /// The lead files of one state, in tree order, and the entries they make.
    struct State {
      var files: [Version] = []
      /// Lead and file of each entry, by id: the first file in tree order that names the id.
      var entries: [String: (lead: String, file: String)] = [:]
      /// The blob (hex) of each entry's file, by id.
      var blobs: [String: String] = [:]
      /// How many files name each id (more than one is a registry error the linter reports).
      var claims: [String: Int] = [:]

      /// Makes `entries`, `blobs` and `claims` from `files`: the state `before`'s changed where `removed` and
      /// `added` say, or read whole when an id claimed twice is among them.
      mutating func settle(after before: State, removed: [Version], added: [Version]) {
        guard !before.files.isEmpty else { return settleWhole() }
        (entries, blobs, claims) = (before.entries, before.blobs, before.claims)
        guard !removed.isEmpty || !added.isEmpty else { return }
        var shared = false
        for version in removed {
          guard let id = version.lead?.id else { continue }
          if claims[id, default: 0] > 1 { shared = true }
          claims[id, default: 0] -= 1
          if claims[id] == 0 { claims[id] = nil }
        }
        for version in added {
          guard let id = version.lead?.id else { continue }
          claims[id, default: 0] += 1
          if claims[id, default: 0] > 1 { shared = true }
        }
        guard !shared else { return settleWhole() }
        for version in removed {
          guard let id = version.lead?.id else { continue }
          entries[id] = nil
          blobs[id] = nil
        }
        for version in added {
          guard let lead = version.lead else { continue }
          entries[lead.id] = (lead.lead, version.path)
          blobs[lead.id] = version.id.description
        }
      }

      private mutating func settleWhole() {
        entries = [:]
        blobs = [:]
        claims = [:]
        entries.reserveCapacity(files.count)
        blobs.reserveCapacity(files.count)
        for version in files {
          guard let lead = version.lead else { continue }
          claims[lead.id, default: 0] += 1
          if entries[lead.id] == nil {
            entries[lead.id] = (lead.lead, version.path)
            blobs[lead.id] = version.id.description
          }
        }
      }
    }

    /// The version of `blob` named `name`: the one read before, or what `read` makes of it.
    func version(_ blob: ObjectID, named name: UnsafeBufferPointer<UInt8>, read: () throws -> Version)
      rethrows
      -> Version
    {
      if let known = versions[blob]?.first(where: { $0.name.elementsEqual(name) }) { return known }
      let made = try read()
      versions[blob, default: []].append(made)
      return made
    }

    /// Whether a file name ends in `.md`, in any case.
    static func isMarkdown(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
      name.count >= 3 && name[name.count - 3] == UInt8(ascii: ".")
        && name[name.count - 2] | 0x20 == UInt8(ascii: "m")
        && name[name.count - 1] | 0x20 == UInt8(ascii: "d")
    }

    init(known: [RegistryFileKey: FileLead?]) {
      self.known = known
    }
  }

  /// Fetches, in one batch through the git CLI, the lead-file versions a partial clone left on its remote.
  private func prefetch(_ changes: [RegistryChange], files: RegistryFiles) throws {
    var missing: [ObjectID] = []
    var seen: Set<ObjectID> = []
    for change in changes {
      guard let tree = change.tree else { continue }
      for file in try repository.files(inTree: tree)
      where file.path.lowercased().hasSuffix(".md") && !file.isLink {
        let key = RegistryFileKey(path: registryFolder + "/" + file.path, blob: file.blob)
        guard files.known[key] == nil, seen.insert(file.blob).inserted, try !repository.hasObject(file.blob)
        else {
          continue
        }
        missing.append(file.blob)
      }
    }
    guard !missing.isEmpty else { return }
    files.fetched = try PromisedObjects.fetch(missing, gitDirectory: repository.commonDirectory)
    trace?("fetched \(files.fetched.count) of \(missing.count) lead-file versions this partial clone lacked")
  }

  /// The leads the registry named at one first-parent commit. Consecutive states share all but a file or
  /// two: the files are matched, in tree order, against the state read before; each version (blob and path)
  /// is parsed once per run; and the state before is changed only where its files changed (read whole again
  /// when an id two files claim is among them, since the first file in tree order names its lead).
  private func snapshot(_ change: RegistryChange, files: RegistryFiles) throws -> RegistrySnapshot {
    var state = RegistryFiles.State()
    if let tree = change.tree {
      let before = files.last.files
      state.files.reserveCapacity(before.count)
      var cursor = 0
      var removed: [RegistryFiles.Version] = []
      var added: [RegistryFiles.Version] = []
      try repository.forEachFile(inTree: tree) { name, blob, isLink in
        guard !isLink, RegistryFiles.isMarkdown(name) else { return }
        // Files of the state before that sort ahead of this one are gone; one of the same name is kept
        // as it was when its blob is the same.
        while cursor < before.count {
          let order = before[cursor].name.withUnsafeBufferPointer { PathBuffer.compare($0, name) }
          guard order <= 0 else { break }
          defer { cursor += 1 }
          if order == 0 && before[cursor].id == blob {
            state.files.append(before[cursor])
            return
          }
          removed.append(before[cursor])
          if order == 0 { break }
        }
        let version = try files.version(blob, named: name) { () throws -> RegistryFiles.Version in
          let path = registryFolder + "/" + String(decoding: name, as: UTF8.self)
          let key = RegistryFileKey(path: path, blob: blob)
          let lead: FileLead?
          if let seen = files.used[key] ?? files.known[key] {
            lead = seen
          } else {
            let bytes = try files.fetched[blob] ?? repository.blobContent(blob)
            let entry = (try? SourceText.decode(bytes).get()).flatMap {
              EntryParser.parse(text: $0, path: path).entry
            }
            lead = entry.flatMap { entry in entry.lead.map { FileLead(id: entry.id.value, lead: $0.value) } }
          }
          files.used[key] = .some(lead)
          return RegistryFiles.Version(name: Array(name), path: path, lead: lead, id: blob)
        }
        added.append(version)
        state.files.append(version)
      }
      removed.append(contentsOf: before[cursor...])
      state.settle(after: files.last, removed: removed, added: added)
    }
    files.last = state
    var snapshot = RegistrySnapshot(
      commit: change.commit.description, date: CalendarDate(unixTime: change.committerTime),
      entries: state.entries)
    snapshot.blobs = state.blobs
    return snapshot
  }
}

/// A value handed to another thread that only reads it (copy-on-write storage is shared safely).
struct Unchecked<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

/// Milliseconds between laps, for traces.
struct Stopwatch {
  private var last = DispatchTime.now().uptimeNanoseconds

  @discardableResult
  mutating func lap() -> Int {
    let now = DispatchTime.now().uptimeNanoseconds
    defer { last = now }
    return Int((now - last) / 1_000_000)
  }
}

/// What each merge of the window brought in: the commits reachable from its second and later parents that
/// are neither on HEAD's first-parent line nor brought in by an older merge (as `git log M^1..M` lists them
/// for merges made one after another).
struct MergeSides {
  struct Side {
    /// The merge, as an index into the records.
    let merge: Int
    /// The commits it brought in, as indices into the records.
    let commits: [Int]
  }

  let sides: [Side]

  init(_ records: [CommitRecord], head: ObjectID) {
    var position: [ObjectID: Int] = [:]
    position.reserveCapacity(records.count)
    // Records are looked at in place (each holds its paths and trailers: a copy costs).
    for index in records.indices { position[records[index].id] = index }
    // HEAD's first-parent line within the window, then each commit as a merge brings it in.
    var claimed = [Bool](repeating: false, count: records.count)
    var next = position[head]
    while let current = next, !claimed[current] {
      claimed[current] = true
      next = records[current].parents.first.flatMap { position[$0] }
    }
    var sides: [Side] = []
    // Oldest merge first, so that a commit belongs to the merge that brought it in first.
    // (Records come newest first: between equal times, the later index is the older commit.)
    let merges = records.indices.filter { records[$0].isMerge }.sorted {
      (records[$0].committerTime, -$0) < (records[$1].committerTime, -$1)
    }
    for merge in merges {
      var stack = records[merge].parents.dropFirst().compactMap { position[$0] }
      var brought: [Int] = []
      while let index = stack.popLast() {
        guard !claimed[index] else { continue }
        claimed[index] = true
        brought.append(index)
        stack += records[index].parents.compactMap { position[$0] }
      }
      if !brought.isEmpty { sides.append(Side(merge: merge, commits: brought)) }
    }
    self.sides = sides
  }
}

/// Authors who are nobody: names ending in `[bot]` (GitHub's apps: `dependabot[bot]`), and the names and
/// emails the config lists under `bots`.
struct Bots {
  let listed: Set<String>

  init(_ listed: [String]) {
    self.listed = Set(listed.map { $0.lowercased() })
  }

  func contains(_ name: String, _ email: String) -> Bool {
    let name = name.trimmingCharacters(in: .whitespaces).lowercased()
    return name.hasSuffix("[bot]") || listed.contains(name) || listed.contains(email.lowercased())
  }

  /// A trailer's `Name <email>` naming a bot.
  func contains(trailer: String) -> Bool {
    let parts = trailer.split(separator: "<", maxSplits: 1)
    let email = parts.count > 1 ? parts[1].split(separator: ">").first.map(String.init) ?? "" : ""
    return contains(parts.first.map(String.init) ?? trailer, email)
  }
}
