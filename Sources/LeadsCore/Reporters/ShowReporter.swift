/// Renders `leads show`: every entry with what the registry says and, once history is read, what it knows.
public struct ShowReporter: Sendable {
  public static let version = 1

  struct Document: Encodable {
    let version: Int
    let entries: [Item]
  }

  struct Item: Encodable {
    let id: String
    let kind: String
    let path: String
    let title: String?
    let lead: String?
    let leadSince: String?
    let lastActivity: String?
    let backup: [String]
    let paths: [String]
    let status: String?
    let started: String?
    let due: String?
    let rotateAfter: String?
    let emails: [String]?
    let handle: String?

    enum CodingKeys: String, CodingKey {
      case id, kind, path, title, lead, backup, paths, status, started, due, emails, handle
      case leadSince = "lead_since"
      case lastActivity = "last_activity"
      case rotateAfter = "rotate_after"
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(kind, forKey: .kind)
      try container.encode(path, forKey: .path)
      try container.encode(title, forKey: .title)
      try container.encode(lead, forKey: .lead)
      try container.encode(leadSince, forKey: .leadSince)
      try container.encode(lastActivity, forKey: .lastActivity)
      try container.encode(backup, forKey: .backup)
      try container.encode(paths, forKey: .paths)
      try container.encode(status, forKey: .status)
      try container.encode(started, forKey: .started)
      try container.encode(due, forKey: .due)
      try container.encode(rotateAfter, forKey: .rotateAfter)
      try container.encodeIfPresent(emails, forKey: .emails)
      try container.encodeIfPresent(handle, forKey: .handle)
    }
  }

  public init() {}

  /// Entries in a stable order: posts by id, then people by id.
  static func ordered(_ registry: Registry) -> [Entry] {
    registry.entries.sorted {
      ($0.kind == .person ? 1 : 0, $0.id.value, $0.file) < ($1.kind == .person ? 1 : 0, $1.id.value, $1.file)
    }
  }

  public func json(_ registry: Registry) -> String {
    let items = ShowReporter.ordered(registry).map { entry in
      Item(
        id: entry.id.value, kind: entry.kind.rawValue, path: entry.file, title: entry.title,
        lead: entry.lead?.value,
        leadSince: nil, lastActivity: nil, backup: entry.backup.map(\.value), paths: entry.paths.map(\.value),
        status: entry.status?.value.rawValue, started: entry.started?.value.description,
        due: entry.due?.value.description, rotateAfter: entry.rotateAfter?.value.description,
        emails: entry.kind == .person ? entry.emails.map(\.value) : nil,
        handle: entry.kind == .person ? entry.handle?.value : nil)
    }
    return encodeJSON(Document(version: ShowReporter.version, entries: items))
  }

  /// A table of posts, then a table of people.
  public func text(_ registry: Registry) -> String {
    let entries = ShowReporter.ordered(registry)
    let posts = entries.filter(\.isPost)
    let people = entries.filter { $0.kind == .person }
    var output = ""
    if posts.isEmpty {
      output += "No services or initiatives in the registry.\n"
    } else {
      let rows = posts.map { post -> [String] in
        let scope =
          post.kind == .initiative
          ? [post.status?.value.rawValue, post.due.map { "due \($0.value)" }].compactMap { $0 }.joined(
            separator: ", ")
          : post.paths.map(\.value).joined(separator: " ")
        return [
          post.id.value, post.kind.rawValue, post.lead?.value ?? "-",
          post.backup.isEmpty ? "-" : post.backup.map(\.value).joined(separator: ", "),
          scope.isEmpty ? "-" : scope,
        ]
      }
      output += ShowReporter.table(header: ["POST", "KIND", "LEAD", "BACKUP", "PATHS / STATUS"], rows: rows)
    }
    if !people.isEmpty {
      output += "\n"
      let rows = people.map { person in
        [
          person.id.value, person.name ?? "-", person.handle?.value ?? "-",
          person.emails.map(\.value).joined(separator: ", "),
          person.away.map { "\($0.from.value) to \($0.until.value)" } ?? "-",
        ]
      }
      output += ShowReporter.table(header: ["PERSON", "NAME", "HANDLE", "EMAILS", "AWAY"], rows: rows)
    }
    return output
  }

  /// Left-aligned columns separated by two spaces; widths count characters.
  static func table(header: [String], rows: [[String]]) -> String {
    let all = [header] + rows.map { $0.map(OwnerReference.visible) }
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    return all.map { row in
      var line = ""
      for (column, cell) in row.enumerated() {
        line += cell
        if column < row.count - 1 { line += String(repeating: " ", count: widths[column] - cell.count + 2) }
      }
      return line + "\n"
    }.joined()
  }
}
