import Foundation

/// Turns Kubernetes-style `OWNERS` files into registry entries that route every tracked file to exactly the
/// approvers prow would ask for it: the approvers of the OWNERS in its folder and in every folder above,
/// stopping after one that sets `options: {no_parent_owners: true}`, with the `filters:` whose regular
/// expression matches the file's path (relative to that OWNERS' folder). Aliases expand from
/// `OWNERS_ALIASES`; reviewers are kept on the post (they review, they cannot approve); emeritus approvers
/// become alumni. Nobody is made lead by the order of a list: a post has a lead only where OWNERS says who
/// leads (a single approver, or a `…-leads` / `…-chairs` alias of one person); otherwise it is open, every
/// approver a backup.
public struct OwnersImport: Sendable {
  /// One service the import writes.
  public struct Service: Sendable, Equatable {
    public let id: String
    /// The OWNERS folder it comes from (`""` for the repository root).
    public let folder: String
    /// Its folder's pattern, or (for what a filter adds) the files the filter matches.
    public let patterns: [String]
    /// The lead where OWNERS says who leads; nil for an open post.
    public let lead: String?
    public let backups: [String]
    /// Reviewers of its OWNERS (and the ones above it), kept in the post's body.
    public let reviewers: [String]
    /// The root's service (`*`), whose lines every other one comes after.
    public var overrides: [String] = []
  }

  public struct Person: Sendable, Equatable {
    public let id: String
    public let handle: String
    /// Listed only under `emeritus_approvers`: kept so that history keeps their name.
    public let isAlumnus: Bool
  }

  /// A file or name that could not be imported, and why.
  public struct Problem: Sendable, Equatable {
    public let path: String
    public let message: String
  }

  public private(set) var services: [Service] = []
  public private(set) var people: [Person] = []
  public private(set) var problems: [Problem] = []
  public private(set) var files: [(path: String, text: String)] = []

  /// One OWNERS file as prow reads it.
  struct Owners {
    let folder: String
    var approvers: [String] = []
    var reviewers: [String] = []
    var emeritus: [String] = []
    var noParentOwners = false
    /// `filters:` other than `.*`, in file order.
    var filters: [(regex: NSRegularExpression, text: String, approvers: [String], reviewers: [String])] = []
    /// An approver named by a `…-leads` or `…-chairs` alias of one person.
    var namedLead: String?
  }

  /// `owners` maps each OWNERS file's path to its text; `aliases` is the text of `OWNERS_ALIASES`, if any;
  /// `trackedFiles` are the repository's files, which the routing is computed for.
  public init(
    owners: [(path: String, text: String)], aliases: String?, trackedFiles: [String] = [],
    takenIDs: Set<String> = []
  ) {
    let aliasMap = aliases.map { OwnersImport.aliases(from: $0, problems: &problems) } ?? [:]
    var spelling: [String: String] = [:]  // by lowercased login: the first spelling met
    var parsed: [String: Owners] = [:]  // by folder
    for (path, text) in owners.sorted(by: { $0.path < $1.path }) {
      let folder = path.split(separator: "/").dropLast().joined(separator: "/")
      guard
        let read = OwnersImport.read(
          text, folder: folder, path: path, aliases: aliasMap, spelling: &spelling, problems: &problems)
      else { continue }
      parsed[folder] = read
    }
    // Prow's approvers and reviewers of every tracked file.
    let folders = Set(parsed.keys)
    func chain(of file: String) -> [Owners] {
      var result: [Owners] = []
      var parts = file.split(separator: "/").dropLast().map(String.init)
      while true {
        let folder = parts.joined(separator: "/")
        if folders.contains(folder), let owners = parsed[folder] {
          result.append(owners)
          if owners.noParentOwners { break }
        }
        guard !parts.isEmpty else { break }
        parts.removeLast()
      }
      return result
    }
    func union(_ lists: [[String]]) -> [String] {
      var seen = Set<String>()
      return lists.flatMap { $0 }.filter { seen.insert($0.lowercased()).inserted }
    }
    func approvers(of file: String, chain: [Owners]) -> [String] {
      union(
        chain.map { owners in
          owners.approvers
            + owners.filters.filter { OwnersImport.matches($0.regex, file, under: owners.folder) }.flatMap(
              \.approvers)
        })
    }
    // One post per OWNERS folder whose approvers (its own and inherited) are someone's.
    var taken = takenIDs
    var ownersOfFolder: [String: [String]] = [:]
    for folder in folders.sorted() {
      let folderChain = chain(of: folder.isEmpty ? "x" : folder + "/x")
      let defaults = union(folderChain.map(\.approvers))
      ownersOfFolder[folder] = defaults
      guard !defaults.isEmpty, let pattern = OwnersImport.pattern(forFolder: folder) else {
        if OwnersImport.pattern(forFolder: folder) == nil {
          problems.append(
            Problem(
              path: folder + "/OWNERS",
              message:
                "the folder's name has characters a CODEOWNERS pattern cannot match literally on GitHub ([, ], #, !); add it to a service by hand"
            ))
        } else if parsed[folder]?.approvers.isEmpty ?? true {
          problems.append(
            Problem(
              path: folder.isEmpty ? "OWNERS" : folder + "/OWNERS",
              message: "no approvers here or above: nobody approves its files, so it is no post"))
        }
        continue
      }
      let own = parsed[folder]!
      let lead = own.namedLead ?? (own.approvers.count == 1 ? own.approvers[0] : nil)
      let id =
        folder.isEmpty
        ? CodeownersImport.uniqueID(from: "repository", fallback: "repository", taken: &taken)
        : CodeownersImport.postID(for: "/\(folder)/", taken: &taken)
      services.append(
        Service(
          id: id, folder: folder, patterns: [pattern], lead: lead.map { "@" + $0 },
          backups: defaults.filter { $0.lowercased() != lead?.lowercased() }.map { "@" + $0 },
          reviewers: union(folderChain.map(\.reviewers)).map { "@" + $0 }))
    }
    // Files whose filters give them other approvers than their folder's post: posts of their own.
    var exceptions: [[String]: (folder: String, files: [String])] = [:]
    var exceptionOrder: [[String]] = []
    for file in trackedFiles.sorted() {
      let fileChain = chain(of: file)
      guard let deepest = fileChain.first, fileChain.contains(where: { !$0.filters.isEmpty }) else {
        continue
      }
      let wanted = approvers(of: file, chain: fileChain)
      guard !wanted.isEmpty,
        Set(wanted.map { $0.lowercased() })
          != Set((ownersOfFolder[deepest.folder] ?? []).map { $0.lowercased() }),
        let escaped = OwnersImport.pattern(forFile: file)
      else { continue }
      let key = wanted.map { $0.lowercased() }.sorted()
      if exceptions[key] == nil {
        exceptions[key] = (deepest.folder, [])
        exceptionOrder.append(key)
      }
      exceptions[key]!.files.append(escaped)
    }
    for key in exceptionOrder {
      let group = exceptions[key]!
      let names = key.map { name in spelling[name] ?? name }
      let base = group.folder.isEmpty ? "filtered" : group.folder + "-filtered"
      services.append(
        Service(
          id: CodeownersImport.uniqueID(
            from: base.split(separator: "/").last.map(String.init) ?? base, fallback: "filtered",
            taken: &taken),
          folder: group.folder, patterns: group.files, lead: nil, backups: names.map { "@" + $0 },
          reviewers: []))
    }
    // The root's `*` is the broadest line: every other post comes after it.
    if let root = services.first(where: { $0.folder.isEmpty && $0.patterns == ["*"] })?.id {
      for index in services.indices where services[index].id != root { services[index].overrides = [root] }
    }
    // People: every approver and reviewer, and every emeritus approver as an alumnus.
    var handles: [String] = []
    var alumni: [String] = []
    for owners in parsed.values.sorted(by: { $0.folder < $1.folder }) {
      for user in owners.approvers + owners.reviewers
        + owners.filters.flatMap({ $0.approvers + $0.reviewers })
      where !handles.contains(where: { $0.lowercased() == user.lowercased() }) {
        handles.append(user)
      }
      for user in owners.emeritus where !alumni.contains(user) { alumni.append(user) }
    }
    for user in handles
      + alumni.filter({ user in !handles.contains { $0.lowercased() == user.lowercased() } })
    {
      people.append(
        Person(
          id: CodeownersImport.uniqueID(from: user, fallback: "person", taken: &taken), handle: "@" + user,
          isAlumnus: !handles.contains { $0.lowercased() == user.lowercased() }))
    }
    writeFiles()
  }

  /// The lead files: a service per post, a person per approver, reviewer and emeritus approver.
  private mutating func writeFiles() {
    for service in services {
      var fields: [(key: String, value: String)] = [
        ("title", EntryText.scalar(CodeownersImport.title(for: service.id)))
      ]
      fields += service.lead.map { [("lead", EntryText.scalar($0))] } ?? [("status", "seeking-lead")]
      fields += [("backup", EntryText.list(service.backups)), ("paths", EntryText.list(service.patterns))]
      if !service.overrides.isEmpty { fields.append(("overrides", EntryText.list(service.overrides))) }
      let source = service.folder.isEmpty ? "OWNERS" : "\(service.folder)/OWNERS"
      var body = "# \(service.id)\n\nImported from \(source)"
      body +=
        service.lead == nil
        ? ": its approvers (with those of the OWNERS files above it) back the post up; OWNERS names no lead, so the post is open until someone takes it (`leads rotate \(service.id) --to PERSON`).\n"
        : ": the one approver it names leads; the approvers above it back the post up.\n"
      if !service.reviewers.isEmpty {
        body +=
          "\nReviewers in OWNERS (they review, they cannot approve): \(service.reviewers.joined(separator: " "))\n"
      }
      files.append(
        (
          "registry/services/\(service.id).md",
          EntryText.newEntry(kind: .service, title: nil, fields: fields, body: body)
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

  /// Reads one OWNERS file: its users with aliases expanded, spellings of one login folded, names that are
  /// not handles reported, and undefined group-shaped names reported as undefined aliases.
  static func read(
    _ text: String, folder: String, path: String, aliases: [String: [String]],
    spelling: inout [String: String],
    problems: inout [Problem]
  ) -> Owners? {
    guard case .success(let node?) = YAMLReader.parse(text, firstLine: 1), case .mapping(let pairs, _) = node
    else {
      problems.append(Problem(path: path, message: "not a YAML mapping of approvers and reviewers"))
      return nil
    }
    var namedLead: String?
    func users(_ value: YAMLNode?) -> [String] {
      guard case .sequence(let items, _)? = value else { return [] }
      var seen = Set<String>()
      return items.compactMap(\.scalarText).flatMap { name -> [String] in
        if let members = aliases[name] {
          let lower = name.lowercased()
          if members.count == 1,
            lower.hasSuffix("-leads") || lower.hasSuffix("-chairs") || lower.hasSuffix("-lead")
          {
            namedLead = namedLead ?? members[0]
          }
          return members
        }
        if OwnersImport.isGroupShaped(name) {
          problems.append(
            Problem(
              path: path,
              message:
                "'\(OwnerReference.visible(name))' looks like an alias, and OWNERS_ALIASES does not define it; it is left out, never made a person"
            ))
          return []
        }
        return [name]
      }.compactMap { user in
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
    func value(_ key: String, in pairs: [(key: YAMLNode, value: YAMLNode)]) -> YAMLNode? {
      pairs.first { $0.key.scalarText == key }?.value
    }
    var owners = Owners(folder: folder)
    owners.approvers = users(value("approvers", in: pairs))
    owners.reviewers = users(value("reviewers", in: pairs))
    owners.emeritus = users(value("emeritus_approvers", in: pairs))
    if case .mapping(let options, _)? = value("options", in: pairs),
      value("no_parent_owners", in: options)?.scalarText?.lowercased() == "true"
    {
      owners.noParentOwners = true
    }
    if case .mapping(let filters, _)? = value("filters", in: pairs) {
      for (key, filter) in filters {
        guard let expression = key.scalarText, case .mapping(let inner, _) = filter else { continue }
        let approvers = users(value("approvers", in: inner))
        let reviewers = users(value("reviewers", in: inner))
        if expression == ".*" {
          owners.approvers += approvers.filter { user in
            !owners.approvers.contains { $0.lowercased() == user.lowercased() }
          }
          owners.reviewers += reviewers.filter { user in
            !owners.reviewers.contains { $0.lowercased() == user.lowercased() }
          }
          continue
        }
        guard let regex = try? NSRegularExpression(pattern: expression) else {
          problems.append(
            Problem(
              path: path,
              message:
                "filter '\(OwnerReference.visible(expression))' is not a regular expression; it is left out"))
          continue
        }
        owners.filters.append((regex, expression, approvers, reviewers))
      }
    }
    owners.namedLead = namedLead.flatMap { lead in
      owners.approvers.first { $0.lowercased() == lead.lowercased() }
    }
    return owners
  }

  /// Whether a filter's expression finds a match in `file`'s path relative to `folder` (searched, not
  /// anchored, as prow does).
  static func matches(_ regex: NSRegularExpression, _ file: String, under folder: String) -> Bool {
    let relative = folder.isEmpty ? file : String(file.dropFirst(folder.count + 1))
    return regex.firstMatch(in: relative, range: NSRange(relative.startIndex..., in: relative)) != nil
  }

  /// A name shaped like a group rather than a login (`sig-foo-leads`, `wg-bar-approvers`).
  static func isGroupShaped(_ name: String) -> Bool {
    let lower = name.lowercased()
    let suffixes = [
      "-leads", "-lead", "-chairs", "-approvers", "-reviewers", "-maintainers", "-owners", "-admins",
    ]
    let prefixes = ["sig-", "wg-", "committee-", "ug-"]
    return suffixes.contains { lower.hasSuffix($0) } || prefixes.contains { lower.hasPrefix($0) }
  }

  /// The CODEOWNERS pattern for a folder (`*` for the root): `*`, `?`, `\` and spaces escaped so that they
  /// match themselves; nil when the name holds what GitHub's patterns cannot express (`[`, `]`, `#`, `!`).
  static func pattern(forFolder folder: String) -> String? {
    guard !folder.isEmpty else { return "*" }
    guard let escaped = escaped(folder) else { return nil }
    return "/\(escaped)/"
  }

  /// The anchored pattern of one file, escaped likewise.
  static func pattern(forFile file: String) -> String? {
    escaped(file).map { "/" + $0 }
  }

  private static func escaped(_ path: String) -> String? {
    var escaped = ""
    for character in path {
      switch character {
      case "[", "]", "#", "!": return nil
      case "*", "?", "\\", " ": escaped += "\\" + String(character)
      default: escaped.append(character)
      }
    }
    return escaped
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
