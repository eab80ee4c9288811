import Foundation
import LeadsCore
import LeadsGit

extension Workspace {
  /// What `leads import codeowners` works from: the file (the one named, else the one GitHub reads), the
  /// tracked files, the activity of the last `days` days before `now` (every path, mailmap-resolved), how the
  /// mailmap joins the owners' emails, and the ids the registry already has.
  public func codeownersImportInput(
    file written: String?, flavor: CodeownersFlavor, now: CalendarDate, days: Int = 90
  ) throws(WorkspaceError) -> CodeownersImport.Input {
    let found: (path: String, bytes: [UInt8])
    if let written {
      let path = try normalized(written, what: "the CODEOWNERS file to import")
      guard let bytes = try read(path, from: .workingTree, what: "the CODEOWNERS file to import") else {
        throw .refused("\(path) does not exist")
      }
      found = (path, bytes)
    } else {
      let codeowners = try codeowners(from: .workingTree, config: nil)
      guard let bytes = codeowners.content else {
        throw .refused(
          "no CODEOWNERS to import in \(Workspace.codeownersLocations.joined(separator: ", ")); name the file to import"
        )
      }
      found = (codeowners.path, bytes)
    }
    let text = String(decoding: found.bytes, as: UTF8.self)
    let tracked = try indexEntries().filter { !$0.isSubmodule }.map(\.path)
    let registry = (try? lintInput(from: .workingTree)).map { Linter.read($0).registry }
    let existing = registry?.entries ?? []
    let posts = existing.filter(\.isPost)
    guard posts.isEmpty else {
      throw .refused(
        "\(registryFolder)/ already has \(posts.count) post\(posts.count == 1 ? "" : "s") (\(posts[0].file)); import writes a registry from nothing, so it leaves this one alone"
      )
    }
    do {
      let mailmap = try repository.mailmap(workingTreeFile: try workingTreeMailmap())
      var activity: [ActivityCommit] = []
      if let head = try repository.headCommit() {
        let since = Int64(now.daysSinceEpoch - days) * 86_400
        let walk = try repository.walkWindow(from: head, since: since, filter: .all)
        for record in walk.records where !record.isMerge && record.authorTime >= since {
          let authors =
            [try mailmap.email(name: record.authorName, email: record.authorEmail)]
            + (try record.coAuthors.compactMap { try mailmap.email(trailer: $0) })
          activity.append(
            ActivityCommit(
              authors: authors, date: CalendarDate(unixTime: record.authorTime), paths: record.changedPaths))
        }
      }
      var canonical: [String: String] = [:]
      for rule in CodeownersParser.parse(text, flavor: flavor) {
        for owner in rule.owners where OwnerReference.isEmail(owner) {
          canonical[owner] = try mailmap.email(name: "", email: owner)
        }
      }
      let joined = canonical
      var input = CodeownersImport.Input(
        text: text, path: found.path, flavor: flavor, trackedFiles: tracked, activity: activity,
        canonicalEmail: { joined[$0] ?? $0.lowercased() },
        takenIDs: Set(existing.map { $0.id.value.lowercased() }))
      input.teamEntries = registry?.config.codeownersTeamHandles ?? true
      return input
    } catch let error as WorkspaceError {
      throw error
    } catch {
      throw .unreadableHistory("\(error)")
    }
  }
}

extension Workspace {
  /// Every tracked `OWNERS` file and the root `OWNERS_ALIASES`, read from the working tree, for
  /// `leads import owners`; refused when the registry already has posts.
  public func ownersImport() throws(WorkspaceError) -> OwnersImport {
    let existing = (try? lintInput(from: .workingTree)).map { Linter.read($0).registry.entries } ?? []
    let posts = existing.filter(\.isPost)
    guard posts.isEmpty else {
      throw .refused(
        "\(registryFolder)/ already has \(posts.count) post\(posts.count == 1 ? "" : "s") (\(posts[0].file)); import writes a registry from nothing, so it leaves this one alone"
      )
    }
    var owners: [(path: String, text: String)] = []
    for entry in try indexEntries() where entry.path.split(separator: "/").last == "OWNERS" {
      guard let bytes = try read(entry.path, from: .workingTree, what: "the OWNERS file") else { continue }
      owners.append((entry.path, String(decoding: bytes, as: UTF8.self)))
    }
    guard !owners.isEmpty else { throw .refused("no OWNERS file is tracked in this repository") }
    let aliases = try read("OWNERS_ALIASES", from: .workingTree, what: "OWNERS_ALIASES").map {
      String(decoding: $0, as: UTF8.self)
    }
    return OwnersImport(
      owners: owners, aliases: aliases,
      trackedFiles: try indexEntries().filter { !$0.isSubmodule }.map(\.path),
      takenIDs: Set(existing.map { $0.id.value.lowercased() }))
  }
}
