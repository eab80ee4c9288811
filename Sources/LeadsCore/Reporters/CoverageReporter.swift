/// Renders `leads coverage`: the owned share overall and per top-level folder, and the unowned files.
public struct CoverageReporter: Sendable {
  public static let version = 1
  /// Unowned files text output lists unless asked for all.
  public static let listedByDefault = 20

  struct Document: Encodable {
    let version: Int
    let files: Int
    let owned: Int
    let percent: Int
    let folders: [Folder]
    let unowned: [String]
  }

  struct Folder: Encodable {
    let name: String
    let files: Int
    let owned: Int
    let percent: Int
  }

  public init() {}

  public func json(_ coverage: Coverage) -> String {
    encodeJSON(
      Document(
        version: CoverageReporter.version, files: coverage.files, owned: coverage.owned,
        percent: coverage.percent,
        folders: coverage.folders.map {
          Folder(name: $0.name, files: $0.files, owned: $0.owned, percent: CoverageReporter.percent($0))
        },
        unowned: coverage.unowned))
  }

  /// A table of folders, then the unowned files (the first 20 unless `listAll`).
  public func text(_ coverage: Coverage, listAll: Bool = false) -> String {
    var output = "Owned: \(coverage.percent)% (\(coverage.owned) of \(coverage.files) tracked files)\n\n"
    let header = ["FOLDER", "FILES", "OWNED", "SHARE"]
    let rows = coverage.folders.map { folder in
      [folder.name, String(folder.files), String(folder.owned), "\(CoverageReporter.percent(folder))%"]
    }
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
    for row in [header] + rows {
      let cells = row.enumerated().map { column, cell in
        let padding = String(repeating: " ", count: widths[column] - cell.count)
        return column == 0 ? OwnerReference.visible(cell) + padding : padding + cell
      }
      output += cells.joined(separator: "  ") + "\n"
    }
    guard !coverage.unowned.isEmpty else { return output }
    let shown = listAll ? coverage.unowned : Array(coverage.unowned.prefix(CoverageReporter.listedByDefault))
    let more = shown.count < coverage.unowned.count ? "; --all lists every one" : ""
    output += "\nUnowned files (\(coverage.unowned.count)\(more)):\n"
    for path in shown { output += "  \(OwnerReference.visible(path))\n" }
    return output
  }

  static func percent(_ folder: Coverage.Folder) -> Int {
    folder.files == 0 ? 100 : folder.owned * 100 / folder.files
  }
}
