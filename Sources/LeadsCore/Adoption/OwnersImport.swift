/// Turns Kubernetes-style `OWNERS` files into registry entries: one service per folder with an OWNERS file,
/// its first approver as lead and the other approvers as backups (aliases from `OWNERS_ALIASES` expanded),
/// and person entries for every approver, emeritus approvers among them as alumni.
public struct OwnersImport: Sendable {
  public struct Service: Sendable, Equatable {
    public let id: String
    /// The folder (`""` for the repository root) and the pattern it becomes.
    public let folder: String
    public let pattern: String
    public let lead: String
    public let backups: [String]
    /// Services of enclosing folders: this one's lines come after theirs. Only the root's `*` needs it;
    /// folders nest in each other by their patterns' shape.
    public let overrides: [String]
  }

  public struct Person: Sendable, Equatable {
    public let id: String
    public let handle: String
    /// Listed only under `emeritus_approvers`: kept so that history keeps their name.
    public let isAlumnus: Bool
  }

  /// A file that could not be read, and why.
  public struct Problem: Sendable, Equatable {
    public let path: String
    public let message: String
  }

  public private(set) var services: [Service] = []
  public private(set) var people: [Person] = []
  public private(set) var problems: [Problem] = []
  public private(set) var files: [(path: String, text: String)] = []

  /// `owners` maps each OWNERS file's path to its text; `aliases` is the text of `OWNERS_ALIASES`, if any.
  public init(owners: [(path: String, text: String)], aliases: String?, takenIDs: Set<String> = []) {
    let aliasMap = aliases.map { OwnersImport.aliases(from: $0, problems: &problems) } ?? [:]
    var taken = takenIDs
    var handles: [String] = []
    var alumni: [String] = []
    var drafts: [(folder: String, pattern: String, approvers: [String])] = []
    var spelling: [String: String] = [:]  // by lowercased login
    for (path, text) in owners.sorted(by: { $0.path < $1.path }) {
      guard case .success(let node?) = YAMLReader.parse(text, firstLine: 1),
        case .mapping(let pairs, _) = node
      else {
        problems.append(Problem(path: path, message: "not a YAML mapping of approvers and reviewers"))
        continue
      }
      func users(_ key: String) -> [String] {
        guard case .sequence(let items, _)? = pairs.first(where: { $0.key.scalarText == key })?.value else {
          return []
        }
        var seen = Set<String>()
        return items.compactMap(\.scalarText).flatMap { aliasMap[$0] ?? [$0] }.compactMap { user in
          // A forge login in any case is one person: the first spelling met stands for all of them.
          let folded = user.lowercased()
          if let known = spelling[folded] { return seen.insert(folded).inserted ? known : nil }
          guard case .success(.handle) = OwnerReference.parse("@" + user) else {
            problems.append(
              Problem(
                path: path,
                message: "'\(OwnerReference.visible(user))' is not a valid forge handle; it is left out"))
            return nil
          }
          spelling[folded] = user
          return seen.insert(folded).inserted ? user : nil
        }
      }
      let approvers = users("approvers")
      let folder = path.split(separator: "/").dropLast().joined(separator: "/")
      guard let pattern = OwnersImport.pattern(forFolder: folder) else {
        problems.append(
          Problem(
            path: path,
            message:
              "the folder's name has characters a CODEOWNERS pattern cannot match literally on GitHub ([, ], #, !); add it to a service by hand"
          ))
        continue
      }
      for user in users("emeritus_approvers") where !alumni.contains(user) { alumni.append(user) }
      _ = users("reviewers")  // checked and folded like the approvers; reviewers lead nothing
      guard !approvers.isEmpty else {
        problems.append(
          Problem(
            path: path,
            message: "no approvers: the folder keeps its parent's approvers, so it is no post of its own"))
        continue
      }
      for user in approvers where !handles.contains(user) { handles.append(user) }
      drafts.append((folder, pattern, approvers))
    }
    let rootID =
      drafts.contains { $0.folder.isEmpty }
      ? CodeownersImport.uniqueID(from: "repository", fallback: "repository", taken: &taken) : nil
    for draft in drafts {
      let id =
        draft.folder.isEmpty
        ? rootID! : CodeownersImport.uniqueID(from: draft.folder, fallback: "service", taken: &taken)
      let handlesOf = draft.approvers.map { "@" + $0 }
      services.append(
        Service(
          id: id, folder: draft.folder, pattern: draft.pattern,
          lead: handlesOf[0], backups: Array(handlesOf.dropFirst()),
          overrides: draft.folder.isEmpty ? [] : [rootID].compactMap { $0 }))
    }
    for user in handles + alumni.filter({ !handles.contains($0) }) {
      people.append(
        Person(
          id: CodeownersImport.uniqueID(from: user, fallback: "person", taken: &taken), handle: "@" + user,
          isAlumnus: !handles.contains(user)))
    }
    for service in services {
      var fields: [(key: String, value: String)] = [
        ("lead", EntryText.scalar(service.lead)), ("backup", EntryText.list(service.backups)),
        ("paths", EntryText.list([service.pattern])),
      ]
      if !service.overrides.isEmpty { fields.append(("overrides", EntryText.list(service.overrides))) }
      let source = service.folder.isEmpty ? "OWNERS" : "\(service.folder)/OWNERS"
      files.append(
        (
          "registry/services/\(service.id).md",
          EntryText.newEntry(
            kind: .service, title: nil, fields: fields,
            body:
              "# \(service.id)\n\nImported from \(source): its first approver leads, the other approvers back up.\n"
          )
        ))
    }
    for person in people {
      let body =
        person.isAlumnus
        ? "An emeritus approver: no longer approves, kept so that history keeps their name.\n" : ""
      var fields: [(key: String, value: String)] = [
        ("emails", EntryText.list([])), ("handle", EntryText.scalar(person.handle)),
      ]
      // Stepping back from approving is saying no to lead posts: forced-lead holds the registry to it.
      if person.isAlumnus { fields.append(("not_leading", "{reason: emeritus approver}")) }
      files.append(
        (
          "registry/people/\(person.id).md",
          EntryText.newEntry(kind: .person, title: nil, fields: fields, body: body)
        ))
    }
  }

  /// The CODEOWNERS pattern for a folder (`*` for the root): `*`, `?`, `\\` and spaces escaped so that they
  /// match themselves; nil when the name holds what GitHub's patterns cannot express (`[`, `]`, `#`, `!`).
  static func pattern(forFolder folder: String) -> String? {
    guard !folder.isEmpty else { return "*" }
    var escaped = ""
    for character in folder {
      switch character {
      case "[", "]", "#", "!": return nil
      case "*", "?", "\\", " ": escaped += "\\" + String(character)
      default: escaped.append(character)
      }
    }
    return "/\(escaped)/"
  }

  /// `aliases: {name: [users]}`.
  static func aliases(from text: String, problems: inout [Problem]) -> [String: [String]] {
    guard case .success(let node?) = YAMLReader.parse(text, firstLine: 1), case .mapping(let pairs, _) = node,
      case .mapping(let aliases, _)? = pairs.first(where: { $0.key.scalarText == "aliases" })?.value
    else {
      problems.append(Problem(path: "OWNERS_ALIASES", message: "not a mapping under 'aliases'"))
      return [:]
    }
    var result: [String: [String]] = [:]
    for (key, value) in aliases {
      guard let name = key.scalarText, case .sequence(let items, _) = value else { continue }
      result[name] = items.compactMap(\.scalarText)
    }
    return result
  }
}
