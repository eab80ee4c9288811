import Foundation
import LeadsGit
import Testing

@testable import LeadsKit

/// What the window helper prints is read back exactly, whatever bytes a path holds; anything else is refused
/// (and the parent then reads those commits itself).
struct WindowPartTextTests {
  @Test func recordsAndFiltersRoundTrip() throws {
    let id = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
    let other = try #require(ObjectID(hex: String(repeating: "01", count: 20)))
    let paths = ["plain.txt", "with space/and\ttab", "new\nline", "ü/ß", " 3\n"]
    let records = [
      CommitRecord(
        id: id, authorName: "A", authorEmail: "a@example.com", authorTime: 1, committerTime: 1,
        isMerge: false,
        coAuthors: [], initiatives: [], changedPaths: paths),
      CommitRecord(
        id: other, authorName: "B", authorEmail: "b@example.com", authorTime: 2, committerTime: 2,
        isMerge: true,
        coAuthors: [], initiatives: [], changedPaths: []),
    ]
    let decoded = try #require(WindowPartText.decode(WindowPartText.encode(records)))
    #expect(decoded == [id: paths, other: []])
    for filter in [PathFilter.all, PathFilter(everything: false, prefixes: ["src/a/", "odd\nname", "x"])] {
      #expect(WindowPartText.decodeFilter(WindowPartText.encode(filter)) == filter)
    }
    // Cut short, or not records at all: refused.
    let bytes = WindowPartText.encode(records)
    #expect(WindowPartText.decode(Array(bytes.dropLast(3))) == nil)
    #expect(WindowPartText.decode(Array("not a record\n".utf8)) == nil)
    #expect(WindowPartText.decodeFilter(Array("maybe\n".utf8)) == nil)
  }
}
