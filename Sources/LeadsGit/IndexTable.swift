import Foundation

/// The index's entries in its order (byte order of the paths), kept compact: every path in one buffer, the
/// other fields in parallel arrays. An entry becomes an `IndexEntry` (and its path a `String`) only when it is
/// asked for, so that reading an index of half a million files costs about as much as git's own read of it.
public struct IndexTable: Sendable, Equatable, RandomAccessCollection {
  /// The paths' bytes, one after another.
  public private(set) var pathBytes: [UInt8] = []
  /// Where each path ends in `pathBytes` (it starts where the one before ends).
  public private(set) var pathEnds: [UInt32] = []
  private var modes: [UInt32] = []
  /// Each entry's object id, 20 bytes apiece.
  private var ids: [UInt8] = []
  private var flags: [UInt8] = []

  /// The tree the whole index makes, when the index says so (its cache-tree extension, valid from a checkout
  /// until the next `git add`): the index then holds exactly that tree.
  public internal(set) var rootTree: ObjectID?

  private static let conflicted: UInt8 = 1
  private static let skipWorktree: UInt8 = 2

  public init() {}

  /// A table of `entries`, put in byte order of their paths when they are not.
  public init(_ entries: some Sequence<IndexEntry>) {
    var list = Array(entries)
    let before = { (a: IndexEntry, b: IndexEntry) in a.path.utf8.lexicographicallyPrecedes(b.path.utf8) }
    if !zip(list, list.dropFirst()).allSatisfy({ !before($1, $0) }) { list.sort(by: before) }
    for entry in list {
      var path = entry.path
      path.withUTF8 { append(path: $0, mode: entry.mode, id: entry.blob, flags: entry.flagBits) }
    }
  }

  mutating func reserve(entries: Int, pathBytes bytes: Int) {
    pathBytes.reserveCapacity(bytes)
    pathEnds.reserveCapacity(entries)
    modes.reserveCapacity(entries)
    ids.reserveCapacity(entries * 20)
    flags.reserveCapacity(entries)
  }

  mutating func append(path: UnsafeBufferPointer<UInt8>, mode: UInt32, id: ObjectID, flags bits: UInt8) {
    pathBytes.append(contentsOf: path)
    pathEnds.append(UInt32(pathBytes.count))
    modes.append(mode)
    withUnsafeBytes(of: id.raw) { ids.append(contentsOf: $0) }
    flags.append(bits)
  }

  mutating func append(
    path: UnsafeBufferPointer<UInt8>, mode: UInt32, id: UnsafeRawBufferPointer, conflicted: Bool,
    skipWorktree: Bool
  ) {
    pathBytes.append(contentsOf: path)
    pathEnds.append(UInt32(pathBytes.count))
    modes.append(mode)
    ids.append(contentsOf: id)
    flags.append((conflicted ? IndexTable.conflicted : 0) | (skipWorktree ? IndexTable.skipWorktree : 0))
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { pathEnds.count }

  /// Where path `index` lies in `pathBytes`.
  public func pathRange(_ index: Int) -> Range<Int> {
    (index == 0 ? 0 : Int(pathEnds[index - 1]))..<Int(pathEnds[index])
  }

  public func path(_ index: Int) -> String {
    String(decoding: pathBytes[pathRange(index)], as: UTF8.self)
  }

  public func mode(_ index: Int) -> UInt32 { modes[index] }

  public subscript(index: Int) -> IndexEntry {
    let id = ids.withUnsafeBytes {
      ObjectID(rawBytes: UnsafeRawBufferPointer(rebasing: $0[(index * 20)..<(index * 20 + 20)]))
    }
    return IndexEntry(
      path: path(index), mode: modes[index], blob: id,
      isConflicted: flags[index] & IndexTable.conflicted != 0,
      isSkipWorktree: flags[index] & IndexTable.skipWorktree != 0)
  }

  /// The paths with merge conflicts.
  public func conflictedPaths() -> [String] {
    indices.filter { flags[$0] & IndexTable.conflicted != 0 }.map(path)
  }

  /// Whether any entry is a submodule.
  public var hasSubmodules: Bool { modes.contains { $0 & 0o170000 == 0o160000 } }

  /// Whether any entry is a folder of a sparse index.
  var hasSparseFolders: Bool { modes.contains { $0 & 0o170000 == 0o040000 } }

  /// Whether any entry is skipped by a sparse checkout.
  public var hasSkippedEntries: Bool { flags.contains { $0 & IndexTable.skipWorktree != 0 } }

  /// The entry for `path`, found by halving.
  public func entry(named path: String) -> IndexEntry? {
    let position = lowerBound(path)
    guard position < count, compare(position, path) == 0 else { return nil }
    return self[position]
  }

  /// The entries under `folder` (every entry for `""`), a contiguous range in byte order.
  public func indices(under folder: String) -> Range<Int> {
    guard !folder.isEmpty else { return 0..<count }
    let prefix = folder + "/"
    let start = lowerBound(prefix)
    var end = start
    var high = count
    while end < high {
      let middle = (end + high) / 2
      if hasPrefix(middle, prefix) { end = middle + 1 } else { high = middle }
    }
    return start..<end
  }

  /// The paths of the entries that are not submodules, as a buffer and its ends (the form `PathTable` takes).
  public func filePaths() -> (bytes: [UInt8], ends: [UInt32]) {
    guard hasSubmodules else { return (pathBytes, pathEnds) }
    var bytes: [UInt8] = []
    var ends: [UInt32] = []
    bytes.reserveCapacity(pathBytes.count)
    ends.reserveCapacity(count)
    for index in indices where modes[index] & 0o170000 != 0o160000 {
      bytes.append(contentsOf: pathBytes[pathRange(index)])
      ends.append(UInt32(bytes.count))
    }
    return (bytes, ends)
  }

  private func lowerBound(_ key: String) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if compare(middle, key) < 0 { low = middle + 1 } else { high = middle }
    }
    return low
  }

  /// Path `index` against `key`, in byte order.
  private func compare(_ index: Int, _ key: String) -> Int {
    var key = key
    let range = pathRange(index)
    return key.withUTF8 { wanted in
      pathBytes.withUnsafeBufferPointer { all in
        let common = Swift.min(range.count, wanted.count)
        if common > 0, let base = all.baseAddress, let other = wanted.baseAddress {
          let order = memcmp(base + range.lowerBound, other, common)
          if order != 0 { return Int(order) }
        }
        return range.count - wanted.count
      }
    }
  }

  private func hasPrefix(_ index: Int, _ prefix: String) -> Bool {
    let range = pathRange(index)
    return range.count >= prefix.utf8.count && pathBytes[range].starts(with: prefix.utf8)
  }
}

extension IndexEntry {
  fileprivate var flagBits: UInt8 { (isConflicted ? 1 : 0) | (isSkipWorktree ? 2 : 0) }
}
