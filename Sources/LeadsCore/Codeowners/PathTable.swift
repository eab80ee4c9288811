import Foundation
import PathBuffer

/// Tracked paths in the git index's order (byte order), searched by halving: whether a path is tracked, and
/// which tracked files lie under a folder or begin with a pattern's literal prefix, in logarithmic time. Kept
/// as one buffer of bytes (see `PathBuffer`); a path becomes a `String` only when it is asked for. `lint`,
/// `who` and the hook share this one table.
public struct PathTable: Sendable, Equatable, RandomAccessCollection, ExpressibleByArrayLiteral {
  private let buffer: PathBuffer

  /// A table of the paths as the index has them: in byte order, each path once. Paths that are not (a
  /// hand-made index) are sorted and made unique.
  public init(_ buffer: PathBuffer) {
    if buffer.isStrictlyOrdered {
      self.init(trusting: buffer)
    } else {
      self.init((0..<buffer.count).map(buffer.path))
    }
  }

  /// A table of `paths`, in any order; each is kept once.
  public init(_ paths: some Sequence<String>) {
    var list = Array(paths)
    let ordered = zip(list, list.dropFirst()).allSatisfy { PathBuffer.compare($0, $1) < 0 }
    if !ordered { list = Array(Set(list)).sorted { PathBuffer.compare($0, $1) < 0 } }
    var buffer = PathBuffer()
    buffer.reserve(paths: list.count, bytes: list.reduce(0) { $0 + $1.utf8.count })
    for path in list { buffer.append(path.utf8) }
    self.init(trusting: buffer)
  }

  public init(arrayLiteral paths: String...) {
    self.init(paths)
  }

  public init() {
    self.init(trusting: PathBuffer())
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { buffer.count }

  public subscript(index: Int) -> String { buffer.path(index) }

  /// The positions of the paths that begin with `prefix` (every path for `""`): contiguous in byte order.
  public func positions(withPrefix prefix: String) -> Range<Int> { buffer.positions(withPrefix: prefix) }

  public func contains(_ path: String) -> Bool { position(of: path) != nil }

  /// Where `path` is, if the table has it.
  public func position(of path: String) -> Int? { buffer.position(of: path) }

  /// The table without `removed` and with `added`, in one pass over both in byte order (what a commit tracks,
  /// from what a nearby one does and the paths that differ).
  public func applying(removed: some Sequence<String>, added: some Sequence<String>) -> PathTable {
    let gone = PathTable(removed).buffer
    let new = PathTable(added).buffer
    var result = PathBuffer()
    result.reserve(paths: count + new.count, bytes: buffer.bytes.count + new.bytes.count)
    buffer.bytes.withUnsafeBufferPointer { mine in
      new.bytes.withUnsafeBufferPointer { theirs in
        gone.bytes.withUnsafeBufferPointer { removedBytes in
          var nextNew = 0
          var nextGone = 0
          var index = 0
          while index < count || nextNew < new.count {
            let path = index < count ? UnsafeBufferPointer(rebasing: mine[buffer.range(of: index)]) : nil
            let candidate =
              nextNew < new.count ? UnsafeBufferPointer(rebasing: theirs[new.range(of: nextNew)]) : nil
            let order = path.map { path in candidate.map { PathBuffer.compare($0, path) } ?? 1 } ?? -1
            let chosen: UnsafeBufferPointer<UInt8>
            if order < 0 {
              chosen = candidate!
              nextNew += 1
            } else {
              chosen = path!
              index += 1
              if order == 0 { nextNew += 1 }
            }
            func goneOrder() -> Int {
              PathBuffer.compare(
                UnsafeBufferPointer(rebasing: removedBytes[gone.range(of: nextGone)]), chosen)
            }
            while nextGone < gone.count, goneOrder() < 0 { nextGone += 1 }
            if nextGone < gone.count, goneOrder() == 0 { continue }
            result.append(chosen)
          }
        }
      }
    }
    return PathTable(trusting: result)
  }

  private init(trusting buffer: PathBuffer) {
    self.buffer = buffer
  }

  /// The table with `path` in its place (the same table when it is there already).
  public func inserting(_ path: String) -> PathTable {
    contains(path) ? self : applying(removed: [String](), added: [path])
  }

  /// The tracked files under `folder` (every file for the root, `""`).
  public func files(under folder: String) -> Slice<PathTable> {
    self[buffer.positions(under: folder)]
  }

  /// Whether tracked files sit under `folder`.
  public func hasFiles(under folder: String) -> Bool { !files(under: folder).isEmpty }
}
