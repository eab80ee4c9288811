import Testing

@testable import LeadsCore

/// The path table answers as a sorted list of strings would: lookups, folders, prefixes, and a table made
/// from another by removing and adding paths.
struct PathTableTests {
  static let paths = [
    "a", "a.b", "a/b", "a/b/c", "a/bc", "a-b/c", "b", "ü/ß", "z/z", "services/pay/x", "services/pay.md",
  ]

  @Test func lookupsAgreeWithASortedList() {
    let table = PathTable(PathTableTests.paths.shuffled())
    let sorted = PathTableTests.paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    #expect(Array(table) == sorted)
    for path in sorted { #expect(table.contains(path) && table.position(of: path).map { table[$0] } == path) }
    for missing in ["", "a/", "a/b/", "c", "services/pay"] { #expect(!table.contains(missing), "\(missing)") }
    #expect(Array(table.files(under: "a")) == ["a/b", "a/b/c", "a/bc"])
    #expect(Array(table.files(under: "services/pay")) == ["services/pay/x"])
    #expect(Array(table[table.positions(withPrefix: "a/b")]) == ["a/b", "a/b/c", "a/bc"])
    #expect(table.inserting("a/a") == PathTable(PathTableTests.paths + ["a/a"]))
    #expect(table.inserting("a") == table)
  }

  @Test func applyingChangesAgreesWithSets() {
    var random = SystemRandomNumberGenerator()
    let universe = (0..<60).map { "p\($0 % 7)/\($0)" } + ["p", "p0", "p0.x", "q/ü"]
    for _ in 0..<200 {
      let start = Set(universe.filter { _ in Bool.random(using: &random) })
      let removed = Set(universe.filter { _ in Int.random(in: 0..<4, using: &random) == 0 })
      let added = Set(universe.filter { _ in Int.random(in: 0..<4, using: &random) == 0 })
      let table = PathTable(start).applying(removed: removed, added: added)
      #expect(table == PathTable(start.union(added).subtracting(removed)))
    }
  }
}
