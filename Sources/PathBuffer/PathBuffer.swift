import Foundation

/// Repository paths kept as one buffer of bytes and where each ends, searched by halving in byte order (git's
/// `memcmp` order, which the index and trees keep): the storage under the index's table of entries and the
/// linter's table of tracked paths. A path becomes a `String` only when it is asked for, so that half a million
/// of them cost about as much as git's own read of the index.
public struct PathBuffer: Sendable, Equatable {
  /// The paths' bytes, one after another.
  public private(set) var bytes: [UInt8] = []
  /// Where each path ends in `bytes` (it starts where the one before ends).
  public private(set) var ends: [UInt32] = []

  public init() {}

  public var count: Int { ends.count }

  public mutating func reserve(paths: Int, bytes count: Int) {
    bytes.reserveCapacity(count)
    ends.reserveCapacity(paths)
  }

  /// Adds a path at the end (the caller keeps the order).
  public mutating func append(_ path: UnsafeBufferPointer<UInt8>) {
    bytes.append(contentsOf: path)
    ends.append(UInt32(bytes.count))
  }

  /// Adds a path held in any bytes: through their contiguous storage when they have one (an array, a
  /// slice, a native string's UTF-8), so that the copy is one block, not one generic call per byte.
  public mutating func append(_ path: some Collection<UInt8>) {
    if path.withContiguousStorageIfAvailable({ append($0) }) == nil {
      Array(path).withUnsafeBufferPointer { append($0) }
    }
  }

  /// Where path `index` lies in `bytes`.
  public func range(of index: Int) -> Range<Int> {
    (index == 0 ? 0 : Int(ends[index - 1]))..<Int(ends[index])
  }

  public func path(_ index: Int) -> String {
    String(decoding: bytes[range(of: index)], as: UTF8.self)
  }

  /// Whether the last path is `path`.
  public func lastIs(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
    guard count > 0 else { return false }
    let last = range(of: count - 1)
    return bytes.withUnsafeBufferPointer {
      PathBuffer.compare(UnsafeBufferPointer(rebasing: $0[last]), path) == 0
    }
  }

  /// Whether every path sorts after the one before (in order, none twice).
  public var isStrictlyOrdered: Bool {
    guard count > 1 else { return true }
    return bytes.withUnsafeBufferPointer { all in
      (1..<count).allSatisfy {
        PathBuffer.compare(
          UnsafeBufferPointer(rebasing: all[range(of: $0 - 1)]),
          UnsafeBufferPointer(rebasing: all[range(of: $0)]))
          < 0
      }
    }
  }

  /// Byte order of two paths.
  public static func compare(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Int {
    let common = min(left.count, right.count)
    if common > 0 {
      let order = memcmp(left.baseAddress!, right.baseAddress!, common)
      if order != 0 { return Int(order) }
    }
    return left.count - right.count
  }

  /// Byte order of two strings.
  public static func compare(_ a: String, _ b: String) -> Int {
    var a = a
    var b = b
    return a.withUTF8 { left in b.withUTF8 { right in compare(left, right) } }
  }

  /// The first position whose path is not before `key`.
  public func lowerBound(_ key: String) -> Int {
    var key = key
    return key.withUTF8 { key in bytes.withUnsafeBufferPointer { lowerBound(key, in: $0) } }
  }

  private func lowerBound(_ key: UnsafeBufferPointer<UInt8>, in all: UnsafeBufferPointer<UInt8>) -> Int {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if PathBuffer.compare(UnsafeBufferPointer(rebasing: all[range(of: middle)]), key) < 0 {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low
  }

  /// Where `path` is, if it is there.
  public func position(of path: String) -> Int? {
    var path = path
    return path.withUTF8 { key in
      bytes.withUnsafeBufferPointer { all in
        let position = lowerBound(key, in: all)
        let found =
          position < count
          && PathBuffer.compare(UnsafeBufferPointer(rebasing: all[range(of: position)]), key) == 0
        return found ? position : nil
      }
    }
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

  /// The positions of the paths under `folder` (every path for the root, `""`).
  public func positions(under folder: String) -> Range<Int> {
    folder.isEmpty ? 0..<count : positions(withPrefix: folder + "/")
  }
}
