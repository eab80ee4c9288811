import Foundation
import PathBuffer

/// The index's entries in its order (byte order of the paths), kept compact: every path in one buffer (see
/// `PathBuffer`), the other fields in parallel arrays. An entry becomes an `IndexEntry` (and its path a
/// `String`) only when it is asked for, so that reading an index of half a million files costs about as much as
/// git's own read of it.
public struct IndexTable: Sendable, Equatable, RandomAccessCollection {
  /// Every entry's path.
  public private(set) var paths = PathBuffer()
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
    let before = { (a: IndexEntry, b: IndexEntry) in PathBuffer.compare(a.path, b.path) < 0 }
    if !zip(list, list.dropFirst()).allSatisfy({ !before($1, $0) }) { list.sort(by: before) }
    for entry in list {
      var path = entry.path
      withUnsafeBytes(of: entry.blob.raw) { id in
        path.withUTF8 { path in
          append(
            path: path, mode: entry.mode, id: id, conflicted: entry.isConflicted,
            skipWorktree: entry.isSkipWorktree)
        }
      }
    }
  }

  mutating func reserve(entries: Int, pathBytes bytes: Int) {
    paths.reserve(paths: entries, bytes: bytes)
    modes.reserveCapacity(entries)
    ids.reserveCapacity(entries * 20)
    flags.reserveCapacity(entries)
  }

  mutating func append(
    path: UnsafeBufferPointer<UInt8>, mode: UInt32, id: UnsafeRawBufferPointer, conflicted: Bool,
    skipWorktree: Bool
  ) {
    paths.append(path)
    modes.append(mode)
    ids.append(contentsOf: id)
    flags.append((conflicted ? IndexTable.conflicted : 0) | (skipWorktree ? IndexTable.skipWorktree : 0))
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { paths.count }

  public func mode(_ index: Int) -> UInt32 { modes[index] }

  public subscript(index: Int) -> IndexEntry {
    let id = ids.withUnsafeBytes {
      ObjectID(rawBytes: UnsafeRawBufferPointer(rebasing: $0[(index * 20)..<(index * 20 + 20)]))
    }
    return IndexEntry(
      path: paths.path(index), mode: modes[index], blob: id,
      isConflicted: flags[index] & IndexTable.conflicted != 0,
      isSkipWorktree: flags[index] & IndexTable.skipWorktree != 0)
  }

  /// The paths with merge conflicts.
  public func conflictedPaths() -> [String] {
    indices.filter { flags[$0] & IndexTable.conflicted != 0 }.map(paths.path)
  }

  /// Whether any entry is a submodule.
  public var hasSubmodules: Bool { modes.contains { $0 & 0o170000 == 0o160000 } }

  /// Whether any entry is a folder of a sparse index.
  var hasSparseFolders: Bool { modes.contains { $0 & 0o170000 == 0o040000 } }

  /// The entry for `path`, found by halving.
  public func entry(named path: String) -> IndexEntry? {
    paths.position(of: path).map { self[$0] }
  }

  /// The entries under `folder` (every entry for `""`), a contiguous range in byte order.
  public func indices(under folder: String) -> Range<Int> {
    paths.positions(under: folder)
  }

  /// The paths of the entries that are not submodules.
  public func filePaths() -> PathBuffer {
    guard hasSubmodules else { return paths }
    var files = PathBuffer()
    files.reserve(paths: count, bytes: paths.bytes.count)
    for index in indices where modes[index] & 0o170000 != 0o160000 {
      files.append(paths.bytes[paths.range(of: index)])
    }
    return files
  }
}
