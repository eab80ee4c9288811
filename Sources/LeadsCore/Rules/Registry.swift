/// Everything the static rules read: the parsed entries, the config, and the repository's tracked files.
public struct Registry: Sendable {
  public var entries: [Entry]
  public var config: RegistryConfig
  public var files: TrackedFiles
  public let people: PersonDirectory

  /// The CODEOWNERS file as it is now, when the shell found one.
  public var codeowners: CodeownersInput?
  /// Unowned files tolerated for now (the coverage baseline), when the config names one.
  public var coverageBaseline: [String]?

  /// The tracked files each valid pattern of a post matches, computed once for every rule.
  public let matchesByPattern: [String: [Int]]

  public init(entries: [Entry], config: RegistryConfig = RegistryConfig(), files: TrackedFiles) {
    self.entries = entries
    self.config = config
    self.files = files
    self.people = PersonDirectory(entries.filter { $0.kind == .person })
    var matches: [String: [Int]] = [:]
    for post in entries where post.isPost {
      for written in post.paths where matches[written.value] == nil {
        if let pattern = CodeownersPattern(written.value) { matches[written.value] = files.matching(pattern) }
      }
    }
    matchesByPattern = matches
    // A post's team's forge handle follows its lead and backups, so review still reaches the team when they
    // are away (the config's codeowners.team_handles turns it off).
    var teamHandles: [String: String] = [:]
    if config.codeownersTeamHandles {
      for team in entries where team.kind == .team {
        if let handle = team.handle?.value, case .success(.handle) = OwnerReference.parse(handle),
          handle.contains("/")
        {
          teamHandles[team.id.value] = handle
        }
      }
    }
    codeownersRules =
      CodeownersGenerator.rules(
        posts: entries.filter(\.isPost), people: people, matchesByPattern: matches, teamHandles: teamHandles)
      + (config.codeownersRegistryReview
        ? CodeownersGenerator.reviewRules(entries: entries, people: people) : [])
  }

  /// The lines the registry generates for CODEOWNERS, in file order; computed once, read by every rule.
  public let codeownersRules: [CodeownersRule]

  /// Services and initiatives.
  public var posts: [Entry] { entries.filter(\.isPost) }
}

/// Finds person entries by id, email or handle.
public struct PersonDirectory: Sendable {
  private var byID: [String: Entry] = [:]
  private var byEmail: [String: Entry] = [:]
  private var byHandle: [String: Entry] = [:]

  public init(_ people: [Entry]) {
    for person in people {
      byID[person.id.value] = byID[person.id.value] ?? person
      for email in person.emails {
        byEmail[email.value.lowercased()] = byEmail[email.value.lowercased()] ?? person
      }
      if let handle = person.handle {
        let key = PersonDirectory.handleKey(handle.value)
        byHandle[key] = byHandle[key] ?? person
      }
    }
  }

  public var ids: [String] { byID.keys.sorted() }

  /// The person an owner reference names, if the registry has them.
  public func person(for reference: OwnerReference) -> Entry? {
    switch reference {
    case .personID(let id): return byID[id]
    case .email(let email): return byEmail[email.lowercased()]
    case .handle(let handle): return byHandle[PersonDirectory.handleKey(handle)]
    }
  }

  /// The person a lead, backup or holder names as written (an id, an email or an @handle), if the registry
  /// has them.
  public func person(written: String) -> Entry? {
    guard case .success(let reference) = OwnerReference.parse(written) else { return nil }
    return person(for: reference)
  }

  /// A stable identity for comparing owners: the person id when known, else the written form, lowercased.
  public func identity(of text: String) -> String {
    guard case .success(let reference) = OwnerReference.parse(text) else { return text }
    if let person = person(for: reference) { return "person:" + person.id.value }
    return "text:" + text.lowercased()
  }

  static func handleKey(_ handle: String) -> String {
    (handle.hasPrefix("@") ? String(handle.dropFirst()) : handle).lowercased()
  }
}
