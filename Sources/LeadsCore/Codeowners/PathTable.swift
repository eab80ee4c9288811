import Foundation

/// Tracked paths in the git index's order (byte order), kept as one buffer of bytes and where each path ends,
/// and searched by halving: whether a path is tracked, and which tracked files lie under a folder or begin
/// with a pattern's literal prefix, in logarithmic time. A path becomes a `String` only when it is asked for,
/// so that reading half a million of them costs about as much as git's own read of the index; `lint`, `who`
/// and the hook share this one table.
public struct PathTable: Sendable, Equatable, RandomAccessCollection, ExpressibleByArrayLiteral {
  private let bytes: [UInt8]
  /// Where each path ends in `bytes` (it starts where the one before ends).
  private let ends: [UInt32]

  /// A table of `bytes` and `ends` as the index has them: in byte order, each path once. Paths that are not
  /// (a hand-made index) are sorted and made unique.
  public init(bytes: [UInt8], ends: [UInt32]) {
    let table = PathTable(trusting: bytes, ends)
    if table.isStrictlyOrdered {
      self = table
    } else {
      self.init(Array(table))
    }
  }

  /// The same, for a buffer and ends given together.
  public init(_ paths: (bytes: [UInt8], ends: [UInt32])) {
    self.init(bytes: paths.bytes, ends: paths.ends)
  }

  /// A table of `paths`, in any order; each is kept once.
  public init(_ paths: some Sequence<String>) {
    var list = Array(paths)
    let ordered = zip(list, list.dropFirst()).allSatisfy { PathTable.compare($0, $1) < 0 }
    if !ordered { list = Array(Set(list)).sorted { PathTable.compare($0, $1) < 0 } }
    var bytes: [UInt8] = []
    var ends: [UInt32] = []
    ends.reserveCapacity(list.count)
    for path in list {
      bytes.append(contentsOf: path.utf8)
      ends.append(UInt32(bytes.count))
    }
    self.init(trusting: bytes, ends)
  }

  public init(arrayLiteral paths: String...) {
    self.init(paths)
  }

  public init() {
    self.init(trusting: [], [])
  }

  private init(trusting bytes: [UInt8], _ ends: [UInt32]) {
    self.bytes = bytes
    self.ends = ends
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { ends.count }

  public subscript(index: Int) -> String {
    String(decoding: bytes[range(of: index)], as: UTF8.self)
  }

  private func range(of index: Int) -> Range<Int> {
    (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
  }

  private var isStrictlyOrdered: Bool {
    guard count > 1 else { return true }
    return bytes.withUnsafeBufferPointer { all in
      (1..<count).allSatisfy { PathTable.compare(all, range(of: $0 - 1), range(of: $0)) < 0 }
    }
  }

  /// Byte order of two strings (git's `memcmp` order).
  public static func compare(_ a: String, _ b: String) -> Int {
    var a = a
    var b = b
    return a.withUTF8 { left in b.withUTF8 { right in compare(left, right) } }
  }

  private static func compare(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Int
  {
    let common = Swift.min(left.count, right.count)
    if common > 0 {
      let order = memcmp(left.baseAddress!, right.baseAddress!, common)
      if order != 0 { return Int(order) }
    }
    return left.count - right.count
  }

  private static func compare(_ all: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Int {
    compare(UnsafeBufferPointer(rebasing: all[a]), UnsafeBufferPointer(rebasing: all[b]))
  }

  /// The first position whose path is not before `key`.
  private func lowerBound(_ key: UnsafeBufferPointer<UInt8>, in all: UnsafeBufferPointer<UInt8>) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if PathTable.compare(UnsafeBufferPointer(rebasing: all[range(of: middle)]), key) < 0 {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low
  }

  /// The positions of the paths that begin with `prefix` (every path for `""`): contiguous in byte order.
  public func positions(withPrefix prefix: String) -> Range<Int> {
    guard !prefix.isEmpty else { return 0..<count }
    var prefix = prefix
    return prefix.withUTF8 { key in
      bytes.withUnsafeBufferPointer { all in
        let start = lowerBound(key, in: all)
        var end = start
        var high = count
        while end < high {
          let middle = (end + high) / 2
          let path = range(of: middle)
          if path.count >= key.count
            && memcmp(all.baseAddress! + path.lowerBound, key.baseAddress!, key.count) == 0
          {
            end = middle + 1
          } else {
            high = middle
          }
        }
        return start..<end
      }
    }
  }

  public func contains(_ path: String) -> Bool { position(of: path) != nil }

  /// Where `path` is, if the table has it.
  public func position(of path: String) -> Int? {
    var path = path
    return path.withUTF8 { key in
      bytes.withUnsafeBufferPointer { all in
        let position = lowerBound(key, in: all)
        let found =
          position < count
          && PathTable.compare(UnsafeBufferPointer(rebasing: all[range(of: position)]), key) == 0
        return found ? position : nil
      }
    }
  }

  /// The table without `removed` and with `added`, in one pass over both in byte order (what a commit tracks,
  /// from what a nearby one does and the paths that differ).
  public func applying(removed: some Sequence<String>, added: some Sequence<String>) -> PathTable {
    let gone = PathTable(removed)
    let new = PathTable(added)
    var bytes: [UInt8] = []
    var ends: [UInt32] = []
    bytes.reserveCapacity(self.bytes.count + new.bytes.count)
    ends.reserveCapacity(count + new.count)
    self.bytes.withUnsafeBufferPointer { mine in
      new.bytes.withUnsafeBufferPointer { theirs in
        gone.bytes.withUnsafeBufferPointer { removedBytes in
          var nextNew = 0
          var nextGone = 0
          var index = 0
          while index < count || nextNew < new.count {
            let path = index < count ? UnsafeBufferPointer(rebasing: mine[range(of: index)]) : nil
            let candidate =
              nextNew < new.count ? UnsafeBufferPointer(rebasing: theirs[new.range(of: nextNew)]) : nil
            let order = path.map { path in candidate.map { PathTable.compare($0, path) } ?? 1 } ?? -1
            let chosen: UnsafeBufferPointer<UInt8>
            if order < 0 {
              chosen = candidate!
              nextNew += 1
            } else {
              chosen = path!
              index += 1
              if order == 0 { nextNew += 1 }
            }
            while nextGone < gone.count,
              PathTable.compare(UnsafeBufferPointer(rebasing: removedBytes[gone.range(of: nextGone)]), chosen)
                < 0
            {
              nextGone += 1
            }
            if nextGone < gone.count,
              PathTable.compare(UnsafeBufferPointer(rebasing: removedBytes[gone.range(of: nextGone)]), chosen)
                == 0
            {
              continue
            }
            bytes.append(contentsOf: chosen)
            ends.append(UInt32(bytes.count))
          }
        }
      }
    }
    return PathTable(trusting: bytes, ends)
  }

  /// The table with `path` in its place (the same table when it is there already).
  public func inserting(_ path: String) -> PathTable {
    var key = path
    let position = key.withUTF8 { key in bytes.withUnsafeBufferPointer { lowerBound(key, in: $0) } }
    guard position == count || self[position] != path else { return self }
    let splitAt = position == 0 ? 0 : Int(ends[position - 1])
    let length = UInt32(path.utf8.count)
    return PathTable(
      trusting: Array(bytes[..<splitAt]) + Array(path.utf8) + Array(bytes[splitAt...]),
      Array(ends[..<position]) + [UInt32(splitAt) + length] + ends[position...].map { $0 + length })
  }

  /// The tracked files under `folder` (every file for the root, `""`).
  public func files(under folder: String) -> Slice<PathTable> {
    self[folder.isEmpty ? 0..<count : positions(withPrefix: folder + "/")]
  }

  /// Whether tracked files sit under `folder`.
  public func hasFiles(under folder: String) -> Bool { !files(under: folder).isEmpty }
}
