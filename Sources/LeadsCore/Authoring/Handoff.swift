/// Why an authoring command cannot write what it was asked to, in one sentence.
public struct AuthoringProblem: Error, Equatable, CustomStringConvertible {
  public let description: String
}

/// A post handed from its lead to another person: what the lead file says afterwards and the commit message
/// to suggest. Decided here, without a repository, so that every rule of a handoff is unit-tested.
public struct Handoff: Sendable, Equatable {
  /// What becomes of the old lead.
  public enum OldLead: String, CaseIterable, Sendable {
    /// They stay on as the first backup.
    case backup
    /// They leave the post.
    case leave
  }

  public let post: String
  /// The lead before; nil when the post was open (`status: seeking-lead`).
  public let oldLead: String?
  public let newLead: String
  /// The backups after the handoff: the new lead leaves them, the old lead joins them first unless leaving.
  public let backups: [String]
  public let oldLeadStays: Bool

  /// Whether the post was open and this fills it (the `status` goes).
  public let fillsOpenPost: Bool

  /// Hands `post` to `newLead`, or fills an open post. Spellings of one person (id, email, handle) count as
  /// that person.
  public init(of post: Entry, to newLead: String, oldLead: OldLead, people: PersonDirectory)
    throws(AuthoringProblem)
  {
    guard let old = post.lead?.value else {
      guard post.isOpen else {
        throw AuthoringProblem(description: "\(post.file) has no lead to hand over")
      }
      self.post = post.id.value
      self.oldLead = nil
      self.newLead = newLead
      backups = post.backup.map(\.value).filter { people.identity(of: $0) != people.identity(of: newLead) }
      oldLeadStays = false
      fillsOpenPost = true
      return
    }
    guard people.identity(of: old) != people.identity(of: newLead) else {
      throw AuthoringProblem(description: "'\(newLead)' already leads '\(post.id.value)'")
    }
    var backups = post.backup.map(\.value).filter { people.identity(of: $0) != people.identity(of: newLead) }
    let oldIsBackup = backups.contains { people.identity(of: $0) == people.identity(of: old) }
    if oldLead == .backup && !oldIsBackup { backups.insert(old, at: 0) }
    if oldLead == .leave { backups.removeAll { people.identity(of: $0) == people.identity(of: old) } }
    self.post = post.id.value
    self.oldLead = old
    self.newLead = newLead
    self.backups = backups
    oldLeadStays = oldLead == .backup
    fillsOpenPost = false
  }

  /// The front-matter values to write.
  public var values: [(key: String, value: String?)] {
    [("lead", EntryText.scalar(newLead)), ("backup", EntryText.list(backups))]
      + (fillsOpenPost ? [("status", nil)] : [])
  }

  /// The commit message to suggest. It carries no `Co-authored-by:` trailer: a trailer would count as the new
  /// lead's confirmation (and activity) whether or not they ever saw the change. The commit itself, made by
  /// one of the two leads, is the confirmation.
  public var commitMessage: String {
    guard let oldLead else {
      return "\(newLead) takes the open post \(post)\n\n\(newLead) leads \(post) from now on."
    }
    let stays = oldLeadStays ? "\(oldLead) stays on as backup." : "\(oldLead) leaves the post."
    return "Hand \(post) from \(oldLead) to \(newLead)\n\n\(newLead) leads \(post) from now on; \(stays)"
  }
}
